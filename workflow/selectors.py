from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone

from submissions.models import Entry, Revision
from submissions.sections import revision_content_snapshot, revision_rows
from workflow.machine import ACTIONS, RevisionState
from workflow.models import TransitionLog

QUEUE_STATES = (RevisionState.SUBMITTED, RevisionState.IN_REVIEW, RevisionState.APPROVED)


def revision_available_actions(user, revision, *, names=None):
    """The actions this user may take on this revision now: the views, the templates and the
    tests all ask here, so buttons never show for an action that would be refused."""
    available = []
    for action in ACTIONS.values():
        if names is not None and action.name not in names:
            continue
        # Conditions are left to the service, so that "Submit" on an incomplete entry
        # answers with the list of what is missing rather than a missing button.
        if revision.state in action.source and action.permission(revision, user):
            available.append(action)
    return available


def review_queue(*, state=None, provider_kind=None, waiting_days=None, reviewer=None):
    """Revisions with the moderators, oldest submission first."""
    revisions = Revision.objects.filter(state__in=QUEUE_STATES)
    if state:
        revisions = revisions.filter(state=state)
    if provider_kind:
        revisions = revisions.filter(entry__provider__kind=provider_kind)
    if waiting_days:
        revisions = revisions.filter(submitted_at__lte=timezone.now() - timedelta(days=waiting_days))
    if reviewer is not None:
        revisions = revisions.filter(reviewer=reviewer)
    return revisions.select_related("entry__provider", "reviewer").order_by("submitted_at", "pk")


def revision_get_for_review(revision_id) -> Revision:
    """Any revision a provider has sent to the council; drafts, and drafts discarded without
    ever being sent, stay the provider's own."""
    return get_object_or_404(
        # Only a submission sets submitted_at: a draft, or one discarded unsent, has none.
        Revision.objects.filter(submitted_at__isnull=False).select_related("entry__provider", "reviewer"),
        pk=revision_id,
    )


def removal_requests():
    return (Entry.objects.removal_requested().select_related("provider", "published_revision")
            .order_by("removal_requested_at"))


def queue_counts() -> dict[str, int]:
    counts = dict(
        Revision.objects.filter(state__in=QUEUE_STATES)
        .values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in QUEUE_STATES}


def revision_version(revision) -> int:
    """Changes with every logged event of the revision, including a resubmission."""
    return revision.transitions.aggregate(latest=Max("pk"))["latest"] or 0


def revision_history(entry):
    return (
        TransitionLog.objects.filter(revision__entry=entry)
        .select_related("revision")
        .order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class FieldChange:
    label: str
    kind: str  # "added", "removed" or "changed"
    before: str
    after: str


def revision_changes(proposed, live) -> list[FieldChange]:
    """What the proposed revision changes against the live one, row by row in the order of the
    entry's sections. For lists (needs, categories, opening times), 'before' and 'after' hold only
    what was removed and added."""
    return _changes(revision_content_snapshot(live), proposed)


def revision_changes_since_request(revision):
    """The moderator's latest request for changes to this revision and what the provider has
    changed since, once it is back with the moderators; otherwise None."""
    if revision.state not in QUEUE_STATES:
        return None
    asked = revision.transitions.filter(action="request_changes").exclude(content={}).order_by("-at", "-pk").first()
    if asked is None:
        return None
    return asked, _changes(asked.content, revision)


def _changes(before_texts: dict[str, str], proposed) -> list[FieldChange]:
    changes = []
    for row in revision_rows(proposed):
        before, after = before_texts.get(row.field, ""), row.compared
        if before == after:
            continue
        if row.kind in ("list", "times"):
            gone, new = set(before.splitlines()), set(after.splitlines())
            before, after = "\n".join(sorted(gone - new)), "\n".join(sorted(new - gone))
        kind = "added" if not before else "removed" if not after else "changed"
        changes.append(FieldChange(row.label, kind, before, after))
    return changes
