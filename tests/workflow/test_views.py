"""Who may reach which page, and what each role's POSTs do, through the HTTP pages."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from submissions.models import Revision
from submissions.services import revision_update_content
from workflow.selectors import revision_version
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(make_entry, provider_user):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    mail.outbox.clear()
    return revision


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    for url in [reverse("portal:home"), reverse("workflow:queue"),
                reverse("workflow:review", args=[submitted.pk]),
                reverse("submissions:entry", args=[submitted.entry_id]),
                reverse("submissions:provider", args=[submitted.entry.provider_id]),
                reverse("notifications:list")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(reverse("revision_action", args=[submitted.pk, "approve"]),
                           {"expected_state": "submitted"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_provider_cannot_open_moderator_pages(provider_client, submitted):
    assert provider_client.get(reverse("workflow:queue")).status_code == 403
    assert provider_client.get(reverse("workflow:review", args=[submitted.pk])).status_code == 403


def test_a_provider_cannot_see_or_change_another_providers_entry(other_provider_client, submitted):
    entry = submitted.entry
    for url in [reverse("submissions:entry", args=[entry.pk]),
                reverse("submissions:provider", args=[entry.provider_id]),
                reverse("submissions:revision_edit", args=[submitted.pk]),
                reverse("submissions:entry_create", args=[entry.provider_id])]:
        assert other_provider_client.get(url).status_code == 404
    response = other_provider_client.post(reverse("revision_action", args=[submitted.pk, "withdraw"]),
                                          {"expected_state": "submitted"})
    assert response.status_code == 404
    assert other_provider_client.post(reverse("submissions:entry_start_update", args=[entry.pk])
                                      ).status_code == 404
    assert Revision.objects.get(pk=submitted.pk).state == "submitted"


@pytest.mark.parametrize("action", ["start_review", "approve", "publish", "reject"])
def test_a_provider_posting_a_moderators_action_is_refused_and_nothing_is_sent(provider_client, submitted,
                                                                                action):
    response = provider_client.post(reverse("revision_action", args=[submitted.pk, action]),
                                    {"expected_state": "submitted", "comment": "x"})
    assert response.status_code == 403
    assert Revision.objects.get(pk=submitted.pk).state == "submitted"
    assert mail.outbox == []
    # Nothing was written to send later either, and no step was logged.
    assert not Notification.objects.exclude(kind="submitted").exists()
    assert list(submitted.transitions.values_list("action", flat=True)) == ["submit"]


def test_the_review_page_offers_only_the_actions_the_moderator_may_take(moderator_client, submitted):
    page = moderator_client.get(reverse("workflow:review", args=[submitted.pk])).content.decode()
    assert "Start review" in page
    assert "Approve" not in page and "Publish now" not in page
    moderator_client.post(reverse("revision_action", args=[submitted.pk, "start_review"]),
                          {"expected_state": "submitted"})
    page = moderator_client.get(reverse("workflow:review", args=[submitted.pk])).content.decode()
    assert "Approve" in page and "Request changes" in page and "Reject" in page
    assert "Start review" not in page


def test_a_stale_page_gets_a_plain_message_not_an_error(moderator_client, submitted, moderator):
    moderator_client.post(reverse("revision_action", args=[submitted.pk, "start_review"]),
                          {"expected_state": "submitted"})
    response = moderator_client.post(reverse("revision_action", args=[submitted.pk, "start_review"]),
                                     {"expected_state": "submitted"}, follow=True)
    assert response.status_code == 200
    assert "That is done already" in response.content.decode()


def test_submitting_an_incomplete_entry_lists_what_is_missing_with_links(provider_client, make_entry):
    revision = make_entry(description="", needs=[]).revisions.get()
    response = provider_client.post(reverse("revision_action", args=[revision.pk, "submit"]),
                                    {"expected_state": "draft"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="/portal/revisions/{revision.pk}/edit/about/#id_description"' in page
    assert "Select at least one need that you support" in page
    assert Revision.objects.get(pk=revision.pk).state == "draft"


def test_editing_a_submitted_revision_explains_why_it_cannot_change(provider_client, submitted):
    url = reverse("submissions:revision_edit", args=[submitted.pk])
    page = provider_client.get(url)
    assert "You cannot change this version now" in page.content.decode()
    response = provider_client.post(url, {"name": "Sneaky change"})
    assert "You cannot change this version now" in response.content.decode()
    section = reverse("submissions:revision_section", args=[submitted.pk, "about"])
    response = provider_client.post(section, {"name": "Sneaky change"})
    assert "You cannot change this version now" in response.content.decode()
    assert Revision.objects.get(pk=submitted.pk).name == "Speech and language drop-in"


def test_the_review_page_shows_what_an_update_changes_field_by_field(moderator_client, make_entry,
                                                                     provider_user, moderator, needs):
    from submissions.services import revision_start_update, revision_update_content

    entry = make_entry(name="Old name", needs=needs[:1])
    first = entry.revisions.get()
    revision_transition(revision_id=first.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=first.pk, action=action, user=moderator)
    update = revision_start_update(entry_id=entry.pk, user=provider_user)
    revision_update_content(revision_id=update.pk, content={
        "name": "New name", "contact_phone": "0191 000 0000", "needs": needs[1:], "contact_email": ""})
    revision_transition(revision_id=update.pk, action="submit", user=provider_user)

    page = moderator_client.get(reverse("workflow:review", args=[update.pk]))
    changes = {c.label: c for c in page.context["changes"]}
    assert set(changes) == {"Name", "Needs supported", "Telephone number", "Email address"}
    assert (changes["Name"].kind, changes["Name"].before, changes["Name"].after) == (
        "changed", "Old name", "New name")
    assert changes["Telephone number"].kind == "added"
    assert changes["Email address"].kind == "removed"
    assert (changes["Needs supported"].before, changes["Needs supported"].after) == (
        needs[0].name, needs[1].name)
    assert "<del>Old name</del>" in page.content.decode()


def test_the_review_of_a_resubmission_shows_what_the_provider_changed_since_changes_were_requested(
        moderator_client, make_entry, provider_user, moderator, needs):
    revision = make_entry(name="Sensory play", description="Saturday mornings.").revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    revision_transition(revision_id=revision.pk, action="request_changes", user=moderator,
                        comment="Say which Saturdays, and add SEMH if you support it.")
    url = reverse("workflow:review", args=[revision.pk])
    assert "since changes were requested" not in moderator_client.get(url).content.decode()  # with the provider

    revision_update_content(revision_id=revision.pk, content={"description": "The first Saturday of each month.",
                                                              "needs": needs})
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    page = moderator_client.get(url).content.decode()
    assert "What the provider changed since changes were requested" in page
    assert "Say which Saturdays, and add SEMH if you support it." in page
    assert "<del>Saturday mornings.</del>" in page and "<ins>The first Saturday of each month.</ins>" in page
    assert "<ins>Social, emotional and mental health</ins>" in page
    # The description changed and a need was added; nothing else.
    assert page.count('govuk-tag--yellow">Changed') == 1 and page.count('govuk-tag--green">Added') == 1


def test_a_moderator_can_add_a_note_to_a_section_which_the_provider_sees_beside_it(
        moderator_client, make_entry, provider_user, moderator, django_capture_on_commit_callbacks):
    revision = make_entry(name="Sensory play").revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    url = reverse("revision_action", args=[revision.pk, "request_changes"])
    version = revision_version(revision)

    too_long = moderator_client.post(url, {"expected_state": "in_review", "expected_version": version,
                                           "comment": "A few things.", "note-costs": "x" * 5001,
                                           "note-who": "Say which ages."})
    page = too_long.content.decode()
    assert too_long.status_code == 400
    assert 'href="#note-costs"' in page and "The note on ‘Costs’ must be 5,000 characters or fewer" in page
    assert "Say which ages." in page and "A few things." in page  # nothing typed is lost
    revision.refresh_from_db()
    assert revision.state == "in_review"

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"expected_state": "in_review", "expected_version": version,
                                    "comment": "A few things.", "note-who": "Say which ages.",
                                    "note-costs": "  ", "note-nonsense": "ignored"})
    revision.refresh_from_db()
    assert (revision.state, revision.decision_comment, revision.change_notes) == (
        "changes_requested", "A few things.", {"who": "Say which ages."})
    assert revision.transitions.latest("pk").comment == "A few things.\n\nWho it is for: Say which ages."
    email = next(m for m in mail.outbox if "Changes needed" in m.subject)
    assert "Who it is for: Say which ages." in email.body

    from django.test import Client
    provider = Client()
    provider.force_login(provider_user)
    detail = provider.get(reverse("submissions:entry", args=[revision.entry_id])).content.decode()
    assert "What the Local Offer team said" in detail and "Say which ages." in detail
    assert f'href="{reverse("submissions:revision_section", args=[revision.pk, "who"])}">Who it is for</a>' in detail
    tasks = provider.get(reverse("submissions:revision_edit", args=[revision.pk])).content.decode()
    assert "The Local Offer team asked:</strong> <span class=\"lo-pre-line\">Say which ages.</span>" in tasks
    section = provider.get(reverse("submissions:revision_section", args=[revision.pk, "who"])).content.decode()
    assert "What the Local Offer team asked you to change here" in section and "Say which ages." in section
    costs = provider.get(reverse("submissions:revision_section", args=[revision.pk, "costs"])).content.decode()
    assert "asked you to change here" not in costs


def test_opening_an_action_address_again_leads_back_to_the_entry_and_changes_nothing(moderator_client, submitted):
    url = reverse("revision_action", args=[submitted.pk, "start_review"])
    response = moderator_client.get(url)
    assert response.status_code == 302 and response.url == reverse("workflow:review", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
