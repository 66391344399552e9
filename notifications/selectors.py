from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from notifications import policy
from notifications.models import Notification, NotificationStatus


@dataclass(frozen=True)
class PlannedReminder:
    on: date
    entry: object
    stage: policy.Stage
    to_moderators: bool
    recipients: list[str]


def review_reminders_preview(*, today: date | None = None, days: int = 30) -> list[PlannedReminder]:
    """Who will be reminded of what in the next ``days`` days, if nothing is confirmed meanwhile."""
    from submissions.models import Entry

    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    entries = (
        Entry.objects.published()
        .filter(review_due__lte=policy.earliest_due_for_reminders(until),
                confirmation_pending_at__isnull=True)
        .select_related("published_revision", "provider")
        .prefetch_related("provider__memberships__user")
        .order_by("review_due", "pk")
    )
    planned = []
    for entry in entries:
        members = [m.user.email for m in entry.provider.memberships.all() if m.user.is_active]
        for stage in policy.provider_stages(entry.review_due, until):
            if stage.on >= today:
                planned.append(PlannedReminder(stage.on, entry, stage, False, members))
        grace = policy.moderator_stage(entry.review_due)
        if today <= grace.on <= until:
            planned.append(PlannedReminder(grace.on, entry, grace, True, ["the moderators"]))
    return sorted(planned, key=lambda p: (p.on, p.entry.pk))


def failed_notifications():
    return Notification.objects.filter(status=NotificationStatus.FAILED).select_related("recipient")


def notifications_for_user(user, limit=100):
    return Notification.objects.filter(recipient=user).order_by("-created_at")[:limit]
