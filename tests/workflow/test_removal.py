import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from submissions.models import Entry, Revision
from submissions.services import revision_start_update
from workflow.machine import OPEN_STATES
from workflow.models import TransitionLog
from workflow.services import entry_request_removal, revision_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_entry, provider_user, moderator):
    entry = make_entry(name="Holiday club")
    revision = entry.revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    mail.outbox.clear()
    return entry


def test_a_providers_removal_request_approved_by_a_moderator_takes_the_entry_off_the_offer(
    provider_client, published, moderator, client, django_capture_on_commit_callbacks
):
    url = reverse("submissions:entry_request_removal", args=[published.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = provider_client.post(url, {"reason": "The club has closed"}, follow=True)
    assert "Your request has been sent" in response.content.decode()
    assert any(moderator.email in m.to and "Request to remove" in m.subject for m in mail.outbox)
    assert client.get(reverse("offer:entry", args=[published.pk])).status_code == 200  # still live

    client.force_login(moderator)
    queue = client.get(reverse("workflow:queue")).content.decode()
    assert "Holiday club" in queue and "Requests to take entries off" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workflow:entry_decision", args=[published.pk, "archive"]),
                    {"reason": "Closed, as the provider told us"})
    client.logout()

    published.refresh_from_db()
    assert published.archived_at is not None
    assert client.get(reverse("offer:entry", args=[published.pk])).status_code == 404
    assert "Holiday club" not in client.get(reverse("offer:home")).content.decode()
    assert Entry.objects.filter(pk=published.pk).exists()  # nothing is deleted
    assert Notification.objects.filter(kind="archived").exists()
    actions = list(TransitionLog.objects.filter(revision__entry=published).values_list("action", flat=True))
    assert actions[-2:] == ["request_removal", "archive"]


def test_a_removal_request_needs_a_reason(provider_client, published):
    response = provider_client.post(reverse("submissions:entry_request_removal", args=[published.pk]),
                                    {"reason": ""})
    assert response.status_code == 400
    assert "Enter a reason" in response.content.decode()
    published.refresh_from_db()
    assert published.removal_requested_at is None


def test_a_moderator_can_decline_a_removal_request(provider_client, published, moderator, client):
    provider_client.post(reverse("submissions:entry_request_removal", args=[published.pk]),
                         {"reason": "Please remove"})
    published.refresh_from_db()
    assert published.removal_requested_at is not None
    client.force_login(moderator)  # the same client: the provider is signed out now
    client.post(reverse("workflow:entry_decision", args=[published.pk, "decline_removal"]),
                {"reason": "It is still running"})
    published.refresh_from_db()
    assert published.archived_at is None and published.removal_requested_at is None


def test_a_provider_cannot_archive(provider_client, published):
    response = provider_client.post(reverse("workflow:entry_decision", args=[published.pk, "archive"]),
                                    {"reason": "x"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.archived_at is None


def test_another_provider_cannot_ask_to_remove_an_entry(other_provider_client, published):
    response = other_provider_client.post(
        reverse("submissions:entry_request_removal", args=[published.pk]), {"reason": "spite"})
    assert response.status_code == 404


def test_an_archived_entry_cannot_be_updated(provider_client, published, moderator):
    from django.test import Client

    moderator_client = Client()
    moderator_client.force_login(moderator)
    moderator_client.post(reverse("workflow:entry_decision", args=[published.pk, "archive"]),
                          {"reason": "Closed"})
    response = provider_client.post(reverse("submissions:entry_start_update", args=[published.pk]),
                                    follow=True)
    assert "cannot be updated" in response.content.decode()
    assert published.revisions.count() == 1


@pytest.mark.parametrize("steps", [[], ["submit"], ["submit", "start_review"], ["submit", "start_review", "approve"]],
                         ids=["draft", "submitted", "in_review", "approved"])
def test_archiving_closes_the_update_in_progress_so_nothing_of_it_can_be_published(
        provider_client, moderator_client, published, provider_user, moderator, steps):
    update = revision_start_update(entry_id=published.pk, user=provider_user)
    for action in steps:
        revision_transition(revision_id=update.pk, action=action,
                            user=provider_user if action == "submit" else moderator)
    moderator_client.post(reverse("workflow:entry_decision", args=[published.pk, "archive"]), {"reason": "Closed"})

    update.refresh_from_db()
    assert update.state == "withdrawn"
    closed = TransitionLog.objects.get(revision=update, action="close")
    assert (closed.actor, closed.actor_label, closed.comment) == (
        None, "Local Offer system", "The entry was taken off the Local Offer")
    for action, client in (("submit", provider_client), ("start_review", moderator_client),
                           ("approve", moderator_client), ("publish", moderator_client)):
        client.post(reverse("revision_action", args=[update.pk, action]), {"expected_state": update.state})
    update.refresh_from_db()
    assert update.state == "withdrawn"
    edit = provider_client.get(reverse("submissions:revision_section", args=[update.pk, "about"]))
    assert "withdrawn" in edit.content.decode().lower()
    assert not Revision.objects.filter(entry=published, state__in=OPEN_STATES).exists()


@pytest.mark.parametrize("decision", ["archive", "decline_removal"])
@pytest.mark.parametrize("reason, message", [
    ("", "Enter a reason"),
    ("Closing <b>now</b>. " * 300, "The reason must be 5,000 characters or fewer"),
    ("Closed\x00 for good", "Remove the unusual characters from the reason"),
], ids=["empty", "too long", "null character"])
def test_a_refused_reason_is_shown_again_with_its_error_and_nothing_changes(
        moderator_client, published, provider_user, decision, reason, message):
    entry_request_removal(entry_id=published.pk, user=provider_user, reason="We closed")
    response = moderator_client.post(reverse("workflow:entry_decision", args=[published.pk, decision]),
                                     {"reason": reason})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(message) == 2  # in the error summary and beside the box
    assert f'href="#comment-{decision}"' in page and f'id="comment-{decision}"' in page
    kept = reason.replace("\x00", "").replace("<", "&lt;").replace(">", "&gt;")
    assert kept in page
    published.refresh_from_db()
    assert published.archived_at is None and published.removal_requested_at is not None
