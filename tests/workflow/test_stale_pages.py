"""Acting from a page that is out of date never acts on content the person has not seen."""

import pytest
from django.test import Client
from django.urls import reverse

from submissions.models import Revision
from submissions.services import revision_update_content
from workflow.selectors import revision_version
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    return revision


def _act(client, revision, action, state, version, comment=""):
    return client.post(reverse("revision_action", args=[revision.pk, action]),
                       {"expected_state": state, "expected_version": version, "comment": comment},
                       follow=True)


def test_approving_from_a_page_older_than_a_resubmission_is_refused(moderator_client, in_review,
                                                                    provider_user, moderator):
    old_version = revision_version(in_review)  # the moderator's open page
    revision_transition(revision_id=in_review.pk, action="request_changes", user=moderator,
                        comment="Add a phone number")
    revision_update_content(revision_id=in_review.pk, content={"description": "CHANGED AFTER REVIEW"})
    revision_transition(revision_id=in_review.pk, action="submit", user=provider_user)
    revision_transition(revision_id=in_review.pk, action="start_review", user=moderator)

    response = _act(moderator_client, in_review, "approve", "in_review", old_version)

    assert "Someone else updated this entry first" in response.content.decode()
    assert Revision.objects.get(pk=in_review.pk).state == "in_review"


def test_a_reason_that_is_too_long_is_kept_and_explained(moderator_client, in_review):
    text = "Please add your opening times. " * 700
    response = moderator_client.post(reverse("revision_action", args=[in_review.pk, "request_changes"]),
                                     {"expected_state": "in_review", "comment": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The reason must be 20,000 characters or fewer" in page
    assert text.strip() in page  # what was typed is still in the box
    assert Revision.objects.get(pk=in_review.pk).state == "in_review"


def test_a_missing_reason_is_shown_beside_its_box(moderator_client, in_review):
    response = moderator_client.post(reverse("revision_action", args=[in_review.pk, "reject"]),
                                     {"expected_state": "in_review", "comment": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#comment-reject"' in page
    assert "govuk-textarea--error" in page


def test_an_action_not_possible_now_says_so_without_blaming_anyone(provider_client, make_entry,
                                                                   provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    revision_transition(revision_id=revision.pk, action="approve", user=moderator)
    response = _act(provider_client, revision, "withdraw", "approved", revision_version(revision))
    page = response.content.decode()
    assert "You cannot do that while this entry is" in page
    assert "Someone else" not in page


def test_a_provider_can_discard_a_draft_which_moderators_never_see(provider_client, make_entry, moderator):
    revision = make_entry(name="Half-written entry").revisions.get()
    page = _act(provider_client, revision, "discard", "draft", 0).content.decode()
    assert "The draft of ‘Half-written entry’ has been discarded." in page
    assert Revision.objects.get(pk=revision.pk).state == "withdrawn"
    council = Client()
    council.force_login(moderator)
    assert council.get(reverse("workflow:review", args=[revision.pk])).status_code == 404
    assert council.get(reverse("workflow:revision_document", args=[revision.pk])).status_code == 404


def test_moderators_do_not_see_drafts(moderator_client, make_entry):
    revision = make_entry().revisions.get()
    assert moderator_client.get(reverse("workflow:review", args=[revision.pk])).status_code == 404


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "%00"])
def test_a_search_with_a_nul_byte_is_harmless(client, q):
    assert client.get(reverse("offer:home"), {"q": q}).status_code == 200
