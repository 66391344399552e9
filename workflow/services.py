"""The one service that changes a revision's review state."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from notifications.policy import review_due_from, rules
from notifications.services import notifications_for_transition
from portal import roles
from submissions.completeness import revision_missing_items
from submissions.models import Entry, Revision
from submissions.sections import revision_content_snapshot, sections_for_entry
from submissions.services import entries_search_document_refresh
from workflow.machine import ACTIONS, OPEN_STATES, SYSTEM, RevisionState
from workflow.models import TransitionLog

logger = logging.getLogger(__name__)


class TransitionRefused(Exception):
    """The action cannot happen now; ``message`` says why, in words for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class StaleRevision(TransitionRefused):
    pass


class AlreadyDone(StaleRevision):
    """The same person asked for the same action twice (a double click, a resent form)."""


class RevisionIncomplete(TransitionRefused):
    def __init__(self, missing):
        super().__init__("This entry is missing information that the Local Offer needs")
        self.missing = missing


class CommentRequired(TransitionRefused):
    pass


class ActionNotPermitted(PermissionDenied):
    pass


def _actor_label(user):
    if user is SYSTEM:
        return str(SYSTEM)
    return f"{user.get_full_name() or user.email} <{user.email}>"


def _log(revision, action, from_state, user, comment, content=None):
    return TransitionLog.objects.create(
        revision=revision,
        action=action,
        from_state=from_state,
        to_state=revision.state,
        actor=None if user is SYSTEM else user,
        actor_label=_actor_label(user),
        comment=comment,
        content=content or {},
    )


def revision_transition(*, revision_id: int, action: str, user, comment: str = "",
                        expected_state: str | None = None,
                        expected_version: int | None = None, notes: dict | None = None) -> Revision:
    """Perform one review action on a revision, or refuse it and change nothing.

    Locks the revision, checks the page the person acted from is still current, checks the
    action's permission and conditions, saves, writes the transition log and queues the
    notifications to go once the transaction commits. Publishing also replaces the entry's
    live revision, in the same transaction. A request for changes may carry ``notes``, what to
    change section by section ({section slug: text}), beside its reason.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise ActionNotPermitted(f"Unknown action {action!r}")
    comment = comment.strip()
    with transaction.atomic():
        # The entry first, then the revision: every writer (publishing, archiving, starting an
        # update) takes them in this order, so two of them never wait on each other in a circle.
        entry_id = Revision.objects.values_list("entry_id", flat=True).get(pk=revision_id)
        Entry.objects.select_for_update().filter(pk=entry_id).exists()
        revision = (
            Revision.objects.select_for_update(of=("self",))
            .select_related("entry__provider")
            .get(pk=revision_id)
        )
        from_state = revision.state
        method = getattr(revision, action)
        # Who may act is checked before whether the moment is right: a provider posting a
        # moderator's action is refused whatever state the revision is in.
        if not spec.permission(revision, user):
            raise ActionNotPermitted("You cannot do that to this entry")
        stale = (expected_state and expected_state != from_state) or (
            expected_version is not None and expected_version != _version(revision))
        if stale:
            _refuse_stale(revision, action, user)
        if from_state not in spec.source:
            raise TransitionRefused(f"You cannot do that while this entry is "
                                    f"‘{revision.get_state_display().lower()}’.")
        if not can_proceed(method):
            raise RevisionIncomplete(revision_missing_items(revision))
        if not has_transition_perm(method, user):
            raise ActionNotPermitted("You cannot do that to this entry")
        if spec.comment_required and not comment:
            raise CommentRequired("Enter a reason, so the provider knows what to do next")

        if action == "request_changes":
            notes = _section_notes(revision, notes)
            method(by=user, comment=comment, notes=notes)
            # The history and the email carry the notes, each under its section's title.
            titles = {section.slug: section.title for section in sections_for_entry(revision.entry)}
            comment = "\n\n".join([comment, *(f"{titles[slug]}: {note}" for slug, note in notes.items())])
        else:
            method(by=user, comment=comment)
        revision.save()
        log = _log(revision, action, from_state, user, comment,
                   content=revision_content_snapshot(revision) if action == "request_changes" else None)
        if action == "publish":
            _replace_live_revision(revision)
        notifications_for_transition(revision=revision, log=log)
    return revision


def _section_notes(revision, notes) -> dict[str, str]:
    """The notes for sections this entry has, in the sections' order, blank ones left out."""
    notes = notes or {}
    return {section.slug: notes[section.slug].strip() for section in sections_for_entry(revision.entry)
            if (notes.get(section.slug) or "").strip()}


def _version(revision):
    return revision.transitions.aggregate(latest=Max("pk"))["latest"] or 0


def _refuse_stale(revision, action, user):
    last = revision.transitions.order_by("-at", "-pk").first()
    if last is not None and last.action == action and last.actor_id == getattr(user, "pk", None):
        raise AlreadyDone(f"That is done already: this entry is "
                          f"‘{revision.get_state_display().lower()}’.")
    raise StaleRevision(_stale_message(revision))


def _stale_message(revision):
    return (
        "Someone else updated this entry first. It is now "
        f"‘{revision.get_state_display().lower()}’. Check the latest version below."
    )


def _replace_live_revision(revision):
    entry = Entry.objects.select_for_update().get(pk=revision.entry_id)
    previous = entry.published_revision
    if previous is not None and previous.pk != revision.pk:
        previous = Revision.objects.select_for_update().get(pk=previous.pk)
        previous.supersede(by=SYSTEM)
        previous.save()
        _log(previous, "supersede", "published", SYSTEM, f"Replaced by version {revision.number}")
    entry.published_revision = revision
    _restart_review_cycle(entry, timezone.now())
    entry.save(update_fields=["published_revision", "last_confirmed_at", "review_due",
                              "confirmation_pending_at", "confirmation_pending_by"])
    entries_search_document_refresh(entry_ids=[entry.pk])


def _restart_review_cycle(entry, confirmed_at):
    entry.last_confirmed_at = confirmed_at
    entry.review_due = review_due_from(confirmed_at)
    entry.confirmation_pending_at = None
    entry.confirmation_pending_by = None


def revision_schedule_publication(*, revision_id: int, user, publish_at) -> Revision:
    """Set (or, with None, clear) when an approved revision goes live. Logged in the history."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update(of=("self",)).select_related(
            "entry__provider").get(pk=revision_id)
        if not roles.can_review(user, revision):
            raise ActionNotPermitted("You cannot do that to this entry")
        if revision.state != RevisionState.APPROVED:
            raise StaleRevision(_stale_message(revision))
        if publish_at is not None and publish_at <= timezone.now():
            raise TransitionRefused("The publication time must be in the future")
        revision.publish_at = publish_at
        revision.save(update_fields=["publish_at"])
        when = (timezone.localtime(publish_at).strftime("%-d %B %Y at %H:%M") if publish_at
                else None)
        TransitionLog.objects.create(
            revision=revision, action="schedule", from_state=revision.state,
            to_state=revision.state, actor=user, actor_label=_actor_label(user),
            comment=f"To be published on {when}" if when else "Scheduled publication cancelled",
        )
    return revision


def revisions_publish_scheduled() -> int:
    """Publish every approved revision whose time has come, as the system actor. Each is its
    own transaction, so one failure does not hold up the rest; a second run finds none left."""
    due = Revision.objects.filter(state=RevisionState.APPROVED, publish_at__lte=timezone.now())
    published = 0
    for revision_id in list(due.values_list("pk", flat=True)):
        try:
            revision_transition(revision_id=revision_id, action="publish", user=SYSTEM,
                                expected_state=RevisionState.APPROVED)
        except TransitionRefused:
            continue  # a moderator published or changed it meanwhile
        except DatabaseError:
            # This one waits for the next run; the others still go now.
            logger.exception("Scheduled publication of revision %s failed", revision_id)
            continue
        published += 1
    return published


def _entry_event(entry, action, user, comment):
    """Log an entry-level decision on its live revision, whose state it leaves as it is, and
    tell whoever the decision concerns."""
    live = entry.published_revision
    log = _log(live, action, live.state, user, comment)
    notifications_for_transition(revision=live, log=log)


def _live_entry_for_update(entry_id):
    entry = Entry.objects.select_for_update(of=("self",)).select_related(
        "provider", "published_revision").get(pk=entry_id)
    if entry.archived_at is not None or entry.published_revision is None:
        raise TransitionRefused("This entry is not on the Local Offer, so it cannot be taken off it")
    return entry


def entry_request_removal(*, entry_id: int, user, reason: str) -> Entry:
    """A provider asks the council to take a published entry off the Local Offer."""
    reason = reason.strip()
    with transaction.atomic():
        entry = _live_entry_for_update(entry_id)
        if not roles.can_request_removal(user, entry):
            raise ActionNotPermitted("You cannot do that to this entry")
        if entry.removal_requested_at is not None:
            raise AlreadyDone("You have asked for this entry to be removed already")
        if not reason:
            raise CommentRequired("Enter why the entry should be removed")
        entry.removal_requested_at = timezone.now()
        entry.removal_requested_by = user
        entry.removal_reason = reason
        entry.save(update_fields=["removal_requested_at", "removal_requested_by", "removal_reason"])
        _entry_event(entry, "request_removal", user, reason)
    return entry


def entry_archive(*, entry_id: int, user, reason: str) -> Entry:
    """A moderator takes an entry off the Local Offer (on a provider's request or not).
    Nothing is deleted: the public stops seeing it; the entry and its history stay."""
    reason = reason.strip()
    with transaction.atomic():
        entry = _live_entry_for_update(entry_id)
        if not roles.can_archive(user, entry):
            raise ActionNotPermitted("You cannot do that to this entry")
        if not reason:
            raise CommentRequired("Enter why the entry is being taken off the Local Offer")
        entry.archived_at = timezone.now()
        entry.archive_reason = reason
        entry.save(update_fields=["archived_at", "archive_reason"])
        _entry_event(entry, "archive", user, reason)
        update = entry.revisions.filter(state__in=OPEN_STATES).first()
        if update is not None:
            revision_transition(revision_id=update.pk, action="close", user=SYSTEM,
                                comment="The entry was taken off the Local Offer")
    return entry


def entry_decline_removal(*, entry_id: int, user, reason: str) -> Entry:
    reason = reason.strip()
    with transaction.atomic():
        entry = _live_entry_for_update(entry_id)
        if not roles.can_archive(user, entry):
            raise ActionNotPermitted("You cannot do that to this entry")
        if entry.removal_requested_at is None:
            raise StaleRevision("There is no removal request waiting for this entry")
        if not reason:
            raise CommentRequired("Enter why the entry stays on the Local Offer")
        entry.removal_requested_at = None
        entry.removal_requested_by = None
        entry.save(update_fields=["removal_requested_at", "removal_requested_by"])
        _entry_event(entry, "decline_removal", user, reason)
    return entry


def entry_confirm_accurate(*, entry_id: int, user) -> Entry:
    """A provider member confirms the live entry is still accurate. Under the council's default
    policy this restarts the review cycle at once; where the policy asks for a moderator's
    acknowledgement, the confirmation waits for it (and reminders pause meanwhile)."""
    with transaction.atomic():
        entry = _live_entry_for_update(entry_id)
        if not roles.can_edit_entry(user, entry):
            raise ActionNotPermitted("You cannot do that to this entry")
        if entry.confirmation_pending_at is not None:
            raise AlreadyDone("You have confirmed this entry already. The Local Offer team will "
                              "acknowledge it.")
        now = timezone.now()
        if rules().confirmation_needs_acknowledgement:
            entry.confirmation_pending_at = now
            entry.confirmation_pending_by = user
            entry.save(update_fields=["confirmation_pending_at", "confirmation_pending_by"])
            _entry_event(entry, "confirm", user, "Confirmed still accurate; waiting for the "
                                                 "Local Offer team to acknowledge")
        else:
            _restart_review_cycle(entry, now)
            entry.save(update_fields=["last_confirmed_at", "review_due", "confirmation_pending_at",
                                      "confirmation_pending_by"])
            _entry_event(entry, "confirm", user, "Confirmed still accurate")
    return entry


def entry_acknowledge_confirmation(*, entry_id: int, user) -> Entry:
    """A moderator accepts a provider's confirmation; the cycle restarts from the confirmation."""
    with transaction.atomic():
        entry = _live_entry_for_update(entry_id)
        if not roles.can_archive(user, entry):
            raise ActionNotPermitted("You cannot do that to this entry")
        if entry.confirmation_pending_at is None:
            raise StaleRevision("There is no confirmation waiting for this entry")
        _restart_review_cycle(entry, entry.confirmation_pending_at)
        entry.save(update_fields=["last_confirmed_at", "review_due", "confirmation_pending_at",
                                  "confirmation_pending_by"])
        _entry_event(entry, "acknowledge_confirmation", user, "Confirmation acknowledged")
    return entry
