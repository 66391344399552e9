import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from submissions.models import Revision
from submissions.services import RevisionFrozen, revision_start_update, revision_update_content
from tests.factories import MembershipFactory
from workflow.machine import SYSTEM
from workflow.models import TransitionLog
from workflow.services import (
    ActionNotPermitted,
    AlreadyDone,
    CommentRequired,
    RevisionIncomplete,
    StaleRevision,
    revision_transition,
)

pytestmark = pytest.mark.django_db


def _publish(revision, provider_user, moderator, *, submit=True):
    if submit:
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    revision.refresh_from_db()
    return revision


def test_each_transition_writes_one_log_row_naming_who_and_why(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    revision_transition(revision_id=revision.pk, action="request_changes", user=moderator,
                        comment="Add your opening times")
    logs = list(TransitionLog.objects.filter(revision=revision).values_list(
        "action", "from_state", "to_state", "actor_id", "comment"))
    assert logs == [
        ("submit", "draft", "submitted", provider_user.pk, ""),
        ("start_review", "submitted", "in_review", moderator.pk, ""),
        ("request_changes", "in_review", "changes_requested", moderator.pk, "Add your opening times"),
    ]
    revision.refresh_from_db()
    assert revision.reviewer == moderator
    assert revision.decision_comment == "Add your opening times"


def test_the_state_field_cannot_be_set_directly(make_entry):
    revision = make_entry().revisions.get()
    with pytest.raises(AttributeError):
        revision.state = "published"


def test_an_incomplete_entry_cannot_be_submitted_and_the_missing_items_are_named(
    make_entry, provider_user
):
    revision = make_entry(description="", how_to_access="", contact_email="", needs=[]).revisions.get()
    with pytest.raises(RevisionIncomplete) as refused:
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    assert [item.field for item in refused.value.missing] == [
        "description", "needs", "how_to_access", "contact_email"]
    assert Revision.objects.get(pk=revision.pk).state == "draft"
    assert not TransitionLog.objects.exists()


@pytest.mark.parametrize("action", ["start_review", "approve", "publish", "reject"])
def test_a_provider_cannot_take_a_moderators_action(make_entry, provider_user, action):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    with pytest.raises(ActionNotPermitted):
        revision_transition(revision_id=revision.pk, action=action, user=provider_user)
    assert Revision.objects.get(pk=revision.pk).state == "submitted"


def test_a_member_of_another_provider_cannot_submit(make_entry):
    revision = make_entry().revisions.get()
    stranger = MembershipFactory().user
    with pytest.raises(ActionNotPermitted):
        revision_transition(revision_id=revision.pk, action="submit", user=stranger)


def test_a_moderator_cannot_review_their_own_providers_entry(make_entry, moderator, provider, provider_user):
    MembershipFactory(user=moderator, provider=provider)
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    with pytest.raises(ActionNotPermitted):
        revision_transition(revision_id=revision.pk, action="start_review", user=moderator)


def test_acting_from_a_stale_page_is_refused_and_changes_nothing(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    with pytest.raises(StaleRevision, match="Someone else updated this entry first"):
        revision_transition(revision_id=revision.pk, action="withdraw", user=provider_user,
                            expected_state="submitted")
    assert Revision.objects.get(pk=revision.pk).state == "in_review"


def test_a_double_submit_submits_once(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user, expected_state="draft")
    with pytest.raises(AlreadyDone):
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user,
                            expected_state="draft")
    assert TransitionLog.objects.filter(action="submit").count() == 1
    assert len([m for m in mail.outbox if moderator.email in m.to]) <= 1


def test_rejecting_needs_a_reason(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    with pytest.raises(CommentRequired):
        revision_transition(revision_id=revision.pk, action="reject", user=moderator, comment="  ")
    assert Revision.objects.get(pk=revision.pk).state == "in_review"


def test_submitted_content_is_frozen(make_entry, provider_user):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    with pytest.raises(RevisionFrozen):
        revision_update_content(revision_id=revision.pk, content={"name": "Changed"})
    assert Revision.objects.get(pk=revision.pk).name == "Speech and language drop-in"


def test_publishing_an_update_replaces_the_live_revision_which_stays_until_then(
    make_entry, provider_user, moderator
):
    entry = make_entry()
    first = _publish(entry.revisions.get(), provider_user, moderator)
    update = revision_start_update(entry_id=entry.pk, user=provider_user)
    assert update.number == 2 and update.state == "draft"
    assert list(update.needs.all()) == list(first.needs.all())
    revision_update_content(revision_id=update.pk, content={"name": "New name"})
    revision_transition(revision_id=update.pk, action="submit", user=provider_user)
    entry.refresh_from_db()
    assert entry.published_revision == first  # the live one stays while the update is reviewed

    _publish(update, provider_user, moderator, submit=False)

    entry.refresh_from_db()
    first.refresh_from_db()
    assert entry.published_revision.pk == update.pk
    assert first.state == "superseded"
    supersede = TransitionLog.objects.get(revision=first, action="supersede")
    assert supersede.actor is None and supersede.actor_label == str(SYSTEM)


def test_an_entry_has_at_most_one_open_revision(make_entry, provider_user):
    entry = make_entry()
    assert revision_start_update(entry_id=entry.pk, user=provider_user) == entry.revisions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(entry=entry, number=2, name="Second draft")
