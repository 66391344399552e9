"""The review state machine: one readable table of states and actions, and the model mixin
whose django-fsm-2 transitions are built from it. Transition bodies only set fields; the one
service in ``workflow.services`` performs every transition."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from portal import roles


class RevisionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Not accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    APPROVED = "approved", "Approved, not yet published"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a newer version"


S = RevisionState

EDITABLE_STATES = (S.DRAFT, S.CHANGES_REQUESTED)
# At most one revision of an entry is in one of these at a time.
OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED)


class SystemActor:
    """Background tasks act as this named actor, never as a person."""

    pk = None
    is_active = True
    is_authenticated = False
    is_superuser = False

    def __str__(self):
        return "Local Offer system"


SYSTEM = SystemActor()


def _is_system(revision, user) -> bool:
    return user is SYSTEM


def _reviewer_or_scheduled(revision, user) -> bool:
    """A moderator publishes; the system publishes only what a moderator scheduled."""
    if user is SYSTEM:
        return revision.publish_at is not None
    return roles.can_review(user, revision)


def is_complete(revision) -> bool:
    from submissions.completeness import revision_missing_items

    return not revision_missing_items(revision)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    source: tuple[str, ...]
    target: str
    permission: Callable
    # Who takes it, in words for the documentation; the permission above is what enforces it.
    who: str = "moderator"
    conditions: tuple[Callable, ...] = ()
    comment_required: bool = False
    # Drawn as a warning button: the action turns the revision away.
    warning: bool = False


def _user_first(predicate):
    # django-fsm-2 calls permission(instance, user); our predicates read (user, revision).
    return lambda revision, user: predicate(user, revision)


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action("submit", "Submit for review", (S.DRAFT, S.CHANGES_REQUESTED), S.SUBMITTED,
               _user_first(roles.can_submit), who="provider", conditions=(is_complete,)),
        Action("withdraw", "Withdraw from review", (S.SUBMITTED, S.CHANGES_REQUESTED),
               S.WITHDRAWN, _user_first(roles.can_withdraw), who="provider", warning=True),
        Action("discard", "Discard this draft", (S.DRAFT,), S.WITHDRAWN,
               _user_first(roles.can_withdraw), who="provider", warning=True),
        Action("start_review", "Start review", (S.SUBMITTED,), S.IN_REVIEW,
               _user_first(roles.can_review)),
        Action("request_changes", "Request changes", (S.IN_REVIEW,), S.CHANGES_REQUESTED,
               _user_first(roles.can_review), comment_required=True, warning=True),
        Action("reject", "Reject", (S.IN_REVIEW,), S.REJECTED,
               _user_first(roles.can_review), comment_required=True, warning=True),
        Action("approve", "Approve", (S.IN_REVIEW,), S.APPROVED, _user_first(roles.can_review)),
        Action("publish", "Publish now", (S.APPROVED,), S.PUBLISHED, _reviewer_or_scheduled,
               who="moderator, or the system at the scheduled time"),
        Action("supersede", "Replace with a newer version", (S.PUBLISHED,), S.SUPERSEDED,
               _is_system, who="system"),
        # Taking an entry off the Local Offer ends its update in progress, so nothing of an
        # archived entry can still be reviewed or published.
        Action("close", "Close with the entry", OPEN_STATES, S.WITHDRAWN, _is_system,
               who="system, when the entry is taken off the Local Offer"),
    ]
}


def _fsm(name):
    action = ACTIONS[name]
    return transition(
        field="state",
        source=list(action.source),
        target=action.target,
        permission=action.permission,
        conditions=list(action.conditions),
    )


class ReviewedModel(FSMModelMixin, models.Model):
    """The review state of a revision. Nothing but the transitions below writes ``state``."""

    state = FSMField(default=S.DRAFT, choices=RevisionState.choices, protected=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The moderator who has taken this revision for review.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True, default="")
    # With a request for changes: what to change in particular sections ({section slug: note}).
    change_notes = models.JSONField(default=dict, blank=True)
    # Set by a moderator on an approved revision: the beat publishes it then.
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @_fsm("submit")
    def submit(self, *, by, comment=""):
        self.submitted_at = timezone.now()
        self.submitted_by = by
        self.reviewer = None

    @_fsm("withdraw")
    def withdraw(self, *, by, comment=""):
        pass

    @_fsm("discard")
    def discard(self, *, by, comment=""):
        pass

    @_fsm("start_review")
    def start_review(self, *, by, comment=""):
        self.reviewer = by

    @_fsm("request_changes")
    def request_changes(self, *, by, comment="", notes=None):
        self.decided_at = timezone.now()
        self.decision_comment = comment
        self.change_notes = notes or {}

    @_fsm("reject")
    def reject(self, *, by, comment=""):
        self.decided_at = timezone.now()
        self.decision_comment = comment

    @_fsm("approve")
    def approve(self, *, by, comment=""):
        self.decided_at = timezone.now()
        self.decision_comment = comment

    @_fsm("publish")
    def publish(self, *, by, comment=""):
        self.published_at = timezone.now()

    @_fsm("supersede")
    def supersede(self, *, by, comment=""):
        pass

    @_fsm("close")
    def close(self, *, by, comment=""):
        self.publish_at = None
