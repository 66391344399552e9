from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from submissions.models import Revision
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


def review_queue(*, state=None, waiting_days=None, reviewer=None):
    """Revisions with the moderators, oldest submission first."""
    revisions = Revision.objects.filter(state__in=QUEUE_STATES)
    if state:
        revisions = revisions.filter(state=state)
    if waiting_days:
        revisions = revisions.filter(submitted_at__lte=timezone.now() - timedelta(days=waiting_days))
    if reviewer is not None:
        revisions = revisions.filter(reviewer=reviewer)
    return revisions.select_related("entry__provider", "reviewer").order_by("submitted_at", "pk")


def queue_counts() -> dict[str, int]:
    counts = dict(
        Revision.objects.filter(state__in=QUEUE_STATES)
        .values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in QUEUE_STATES}


def revision_history(entry):
    return (
        TransitionLog.objects.filter(revision__entry=entry)
        .select_related("revision")
        .order_by("-at", "-pk")
    )
