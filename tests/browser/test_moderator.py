"""A moderator works the review queue: opens a submitted entry, asks the provider for changes,
and once the provider has sent it again, reviews, approves and publishes it."""

import pytest

from tests.browser import provider_steps
from tests.browser.journey import DESKTOP, PHONE
from workflow.services import revision_transition

pytestmark = pytest.mark.browser

REASON = "Say which days the drop-in runs."


@pytest.fixture
def submitted_entry(make_entry, provider_user):
    entry = make_entry(name="Speech and language drop-in")
    revision_transition(revision_id=entry.revisions.get().pk, action="submit", user=provider_user)
    return entry


def _open_from_queue(moderator, entry_name):
    moderator.follow("Review queue", "the review queue", in_navigation=True)
    moderator.follow(entry_name, "the submitted version", within=moderator.main)
    assert moderator.heading() == entry_name


@pytest.mark.parametrize("variant", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_a_moderator_asks_for_changes_then_approves_and_publishes(journey, variant, submitted_entry, provider,
                                                                  provider_user, moderator):
    revision = submitted_entry.revisions.get()
    council = journey(variant, "moderator")
    provider_steps.sign_in(council, moderator.email)
    _open_from_queue(council, "Speech and language drop-in")

    council.press("Start review", "review started")
    council.submit_expecting_errors("Request changes", "changes requested without a reason",
                                    "Enter a reason, so the provider knows what to do next")
    council.fill("Request changes: tell the provider why", REASON)
    council.press("Request changes", "changes requested")
    revision.refresh_from_db()
    assert (revision.state, revision.decision_comment) == ("changes_requested", REASON)

    person = journey(variant, "provider")
    provider_steps.sign_in(person, provider_user.email)
    provider_steps.resubmit_after_changes(person, provider.name, "Speech and language drop-in", "About the service",
                                          "Description", "Drop-in sessions for parents, every Tuesday morning.")
    revision.refresh_from_db()
    assert revision.state == "submitted"

    _open_from_queue(council, "Speech and language drop-in")
    assert "Drop-in sessions for parents, every Tuesday morning." in council.main.inner_text()
    council.press("Start review", "review started again")
    council.press("Approve", "approved")
    council.press("Publish now", "published")
    assert "is now on the public Local Offer" in council.main.inner_text()
    revision.refresh_from_db()
    submitted_entry.refresh_from_db()
    assert revision.state == "published"
    assert submitted_entry.published_revision == revision
