from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from notifications import policy
from notifications.models import Notification, NotificationKind, NotificationStatus


@dataclass(frozen=True)
class PlannedReminder:
    on: date
    entry: object
    stage: policy.Stage
    to_moderators: bool
    recipients: list[str]


def review_reminders_preview(*, today: date | None = None, days: int = 30) -> list[PlannedReminder]:
    """Who will be reminded of what in the next ``days`` days, if nothing is confirmed meanwhile,
    starting with any reminder reached already that no sweep has sent yet."""
    from submissions.models import Entry

    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    rules = policy.rules()
    entries = (
        Entry.objects.published()
        .filter(review_due__lte=policy.earliest_due_for_reminders(until, rules),
                confirmation_pending_at__isnull=True)
        .select_related("published_revision", "provider")
        .prefetch_related("provider__memberships__user")
        .order_by("review_due", "pk")
    )
    entries = list(entries)
    written = set(Notification.objects.filter(
        kind__in=[NotificationKind.REVIEW_REMINDER, NotificationKind.REVIEW_OVERDUE],
        subject_key__in=[f"entry:{entry.pk}" for entry in entries]).values_list("kind", "subject_key", "cycle"))

    def waiting(kind, entry, stage):
        # A stage reached before today that no sweep has sent yet goes on the next sweep, today.
        return (kind, f"entry:{entry.pk}", f"{entry.review_due.isoformat()}:{stage.key}") not in written

    planned = []
    for entry in entries:
        members = [m.user.email for m in entry.provider.memberships.all() if m.user.is_active]
        current = policy.provider_stage_due(entry.review_due, today, rules)
        if current is not None and current.on < today and waiting(NotificationKind.REVIEW_REMINDER, entry, current):
            planned.append(PlannedReminder(today, entry, current, False, members))
        for stage in policy.provider_stages(entry.review_due, until, rules):
            if stage.on >= today:
                planned.append(PlannedReminder(stage.on, entry, stage, False, members))
        grace = policy.moderator_stage(entry.review_due, rules)
        if today <= grace.on <= until or (grace.on < today and waiting(NotificationKind.REVIEW_OVERDUE, entry, grace)):
            planned.append(PlannedReminder(max(grace.on, today), entry, grace, True, ["the moderators"]))
    return sorted(planned, key=lambda p: (p.on, p.entry.pk))


def failed_notifications():
    return Notification.objects.filter(status=NotificationStatus.FAILED).select_related("recipient")


def notifications_for_user(user, limit=100):
    return Notification.objects.filter(recipient=user).order_by("-created_at")[:limit]
