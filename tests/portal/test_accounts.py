import json
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from portal.invitations import SALT
from portal.models import AuditEvent, Membership, MembershipRole, User
from portal.roles import ADMINS_GROUP
from portal.services import invitation_send, user_deactivate
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _invite(client, provider, email, role="editor"):
    return client.post(reverse("portal:members", args=[provider.pk]), {"email": email, "role": role},
                       follow=True)


def _link_in(message):
    return re.search(r"http://\S+/accounts/invitation/\S+/", message.body).group(0).split("8000")[1]


@pytest.fixture
def council_admin(db):
    admin = UserFactory(email="admin@durham.example.org")
    admin.groups.add(__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects
                     .get_or_create(name=ADMINS_GROUP)[0])
    return admin


def test_an_owner_invites_a_colleague_who_sets_a_password_and_the_link_then_stops_working(
    provider_client, provider, provider_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _invite(provider_client, provider, "New.Colleague@Example.org")
    assert "An invitation has been sent to new.colleague@example.org" in page.content.decode()
    message = mail.outbox[-1]
    assert message.to == ["new.colleague@example.org"]
    link = _link_in(message)

    newcomer = Client()
    form = newcomer.get(link)
    assert provider.name in form.content.decode()
    password = "a sound passphrase 42"
    response = newcomer.post(link, {"first_name": "Nia", "last_name": "Jones",
                                    "password1": password, "password2": password})
    assert response.status_code == 302
    person = User.objects.get(email="new.colleague@example.org")
    assert person.check_password("a sound passphrase 42")
    assert Membership.objects.get(user=person, provider=provider).role == MembershipRole.EDITOR
    assert AuditEvent.objects.filter(action="invitation_accepted", subject_email=person.email).exists()

    again = Client().get(link)
    assert again.status_code == 400
    assert "This invitation has been used already" in again.content.decode()


def test_an_expired_invitation_is_refused(provider, provider_user, settings):
    link = invitation_send(inviter=provider_user, provider=provider, email="late@example.org", role="editor")
    path = link.split("8000")[1]
    token = path.rstrip("/").split("/")[-1]
    data = signing.loads(token, salt=SALT)
    with mock.patch("time.time", return_value=time.time() - 8 * 24 * 3600):
        expired = signing.dumps(data, salt=SALT, compress=True)  # signed 8 days ago
    response = Client().get(reverse("invitation_accept", args=[expired]))
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()


def test_a_tampered_invitation_is_refused(provider, provider_user):
    link = invitation_send(inviter=provider_user, provider=provider, email="a@example.org", role="editor")
    token = link.rstrip("/").split("/")[-1]
    tampered = token[:-3] + ("abc" if token[-3:] != "abc" else "xyz")
    response = Client().get(reverse("invitation_accept", args=[tampered]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not User.objects.filter(email="a@example.org").exists()


def test_inviting_an_existing_user_just_adds_the_membership(provider_client, provider,
                                                           django_capture_on_commit_callbacks):
    existing = UserFactory(email="trust.officer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(provider_client, provider, existing.email, role="owner")
    link = _link_in(mail.outbox[-1])
    them = Client()
    assert "Sign in as trust.officer@example.org" in them.get(link).content.decode()
    them.force_login(existing)
    them.post(link)
    assert Membership.objects.get(user=existing, provider=provider).role == MembershipRole.OWNER
    assert existing.check_password(PASSWORD)  # unchanged


def test_editors_cannot_invite_and_strangers_cannot_see_members(provider, other_provider_client):
    editor = UserFactory()
    Membership.objects.create(user=editor, provider=provider, role=MembershipRole.EDITOR)
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("portal:members", args=[provider.pk])).status_code == 200
    assert _invite(client, provider, "x@example.org").status_code == 403
    assert other_provider_client.get(reverse("portal:members", args=[provider.pk])).status_code == 404


def test_a_council_admin_invites_a_providers_first_owner(council_admin, django_capture_on_commit_callbacks):
    from tests.factories import ProviderFactory

    school = ProviderFactory(name="Villa Real School")
    admin_client = Client()
    admin_client.force_login(council_admin)
    found = admin_client.get(reverse("council_providers"), {"q": "villa real"}).content.decode()
    assert "Villa Real School" in found
    with django_capture_on_commit_callbacks(execute=True):
        _invite(admin_client, school, "head@villareal.example.org", role="owner")
    assert mail.outbox[-1].to == ["head@villareal.example.org"]


def test_the_last_owner_cannot_be_removed_or_demoted(provider_client, provider, provider_user):
    membership = provider_user.memberships.get()
    url = reverse("portal:membership_change", args=[provider.pk, membership.pk])
    response = provider_client.post(url, {"remove": "1"}, follow=True)
    assert "before removing the last owner" in response.content.decode()
    provider_client.post(url, {"role": "editor"})
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.OWNER


def test_changes_to_membership_are_logged(provider_client, provider, provider_user):
    colleague = UserFactory()
    membership = Membership.objects.create(user=colleague, provider=provider, role=MembershipRole.EDITOR)
    url = reverse("portal:membership_change", args=[provider.pk, membership.pk])
    provider_client.post(url, {"role": "owner"})
    provider_client.post(url, {"remove": "1"})
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor_label", "subject_email"))
    assert events == [("role_changed", provider_user.email, colleague.email),
                      ("membership_removed", provider_user.email, colleague.email)]
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_deactivated_user_loses_access_at_once_sessions_included(provider_client, provider_user,
                                                                   council_admin):
    assert provider_client.get(reverse("portal:home")).status_code == 200
    user_deactivate(actor=council_admin, user_id=provider_user.pk)
    response = provider_client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AuditEvent.objects.filter(action="user_deactivated", subject_email=provider_user.email).exists()


def test_a_user_can_download_what_the_portal_holds_about_them(provider_client, provider_user, provider):
    response = provider_client.get(reverse("portal:account_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == provider_user.email
    assert data["organisations"] == [{"provider": provider.name, "role": "owner",
                                      "since": data["organisations"][0]["since"]}]


def test_password_reset_by_email(client, provider_user):
    client.post(reverse("password_reset"), {"email": provider_user.email})
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "another sound passphrase", "new_password2": "another sound passphrase"})
    assert response.status_code == 302
    provider_user.refresh_from_db()
    assert provider_user.check_password("another sound passphrase")


def test_password_reset_links_to_one_account_are_limited_each_hour(client, provider_user, settings):
    settings.PASSWORD_RESETS_PER_HOUR = 3
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": provider_user.email.upper()})
        assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert [m.to for m in mail.outbox] == [[provider_user.email]] * 3
    assert AuditEvent.objects.filter(action="password_reset_sent", subject_email=provider_user.email).count() == 3
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 3 and not AuditEvent.objects.filter(subject_email="nobody@example.org").exists()


def test_council_admins_keep_providers_and_taxonomies_in_the_admin(council_admin):
    council_admin.is_staff = True
    council_admin.save()
    admin_client = Client()
    admin_client.force_login(council_admin)
    assert admin_client.get("/admin/submissions/taxonomyterm/add/").status_code == 200
    assert admin_client.get("/admin/portal/provider/add/").status_code == 200
    assert admin_client.get("/admin/submissions/revision/").status_code == 403  # no model permission
    assert council_admin.has_perm("portal.view_auditevent")
    assert not council_admin.has_perm("portal.change_user")


def test_what_only_council_admins_may_do_is_refused_to_a_moderator(moderator, council_admin, provider, provider_user):
    council = Client()
    council.force_login(moderator)
    assert council.get(reverse("council_providers"), {"q": provider.name}).status_code == 403
    assert council.get(reverse("portal:members", args=[provider.pk])).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=moderator, user_id=provider_user.pk)
    provider_user.refresh_from_db()
    assert provider_user.is_active

    admin = Client()
    admin.force_login(council_admin)
    assert provider.name in admin.get(reverse("council_providers"), {"q": provider.name}).content.decode()
    assert admin.get(reverse("portal:members", args=[provider.pk])).status_code == 200


def test_someone_acting_for_two_providers_moves_between_them_and_sees_each_ones_entries(client, make_entry):
    from tests.factories import MembershipFactory

    trust_officer = UserFactory(email="trust.officer@example.org")
    first, second = MembershipFactory(user=trust_officer).provider, MembershipFactory(user=trust_officer).provider
    make_entry(provider=first, name="First school's report")
    make_entry(provider=second, name="Second school's report")
    client.force_login(trust_officer)
    home = client.get(reverse("portal:home")).content.decode()
    assert first.name in home and second.name in home
    for provider, own, other in ((first, "First school", "Second school"), (second, "Second school", "First school")):
        page = client.get(reverse("submissions:provider", args=[provider.pk])).content.decode()
        assert f"{own}&#x27;s report" in page and other not in page
    stranger = MembershipFactory().provider
    assert client.get(reverse("submissions:provider", args=[stranger.pk])).status_code == 404


def test_a_council_admins_edit_in_the_admin_is_logged_with_who_when_and_what(council_admin, provider):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.forms.models import model_to_dict

    council_admin.is_staff = True
    council_admin.save()
    admin_client = Client()
    admin_client.force_login(council_admin)
    fields = {key: ("[]" if key == "sen_provision" else value) for key, value in model_to_dict(provider).items()
              if value is not None}
    response = admin_client.post(reverse("admin:portal_provider_change", args=[provider.pk]),
                                 {**fields, "name": "Renamed Primary School"})
    assert response.status_code == 302
    logged = LogEntry.objects.get(object_id=str(provider.pk), action_flag=CHANGE)
    assert logged.user == council_admin and logged.action_time is not None
    assert "Name" in logged.get_change_message()
