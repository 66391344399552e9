"""The council's annual review policy: when an entry falls due, and which reminder is due when.

The rules are the council admins' (``ReviewPolicy``, in the Django admin) once saved, the
REVIEW_* settings until then. ``rules()`` reads them: once per page or sweep, passed on from
there, never once per entry.

Dates are UK calendar dates (Europe/London), so a confirmation at 00:30 on 1 July British
Summer Time falls due on 1 July, whatever UTC says.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Rules:
    cycle_months: int
    reminder_days_before: tuple[int, ...]
    overdue_reminder_every_days: int
    overdue_grace_days: int
    confirmation_needs_acknowledgement: bool
    waiting_flag_working_days: int


def rules() -> Rules:
    """The policy in force now."""
    from notifications.models import ReviewPolicy

    saved = ReviewPolicy.objects.filter(pk=1).first()
    if saved is not None:
        return Rules(saved.cycle_months, saved.days_before(), saved.overdue_reminder_every_days,
                     saved.overdue_grace_days, saved.confirmation_needs_acknowledgement,
                     saved.waiting_flag_working_days)
    return Rules(settings.REVIEW_CYCLE_MONTHS, tuple(settings.REVIEW_REMINDER_DAYS_BEFORE),
                 settings.REVIEW_OVERDUE_REMINDER_EVERY_DAYS, settings.REVIEW_OVERDUE_GRACE_DAYS,
                 settings.REVIEW_CONFIRMATION_NEEDS_ACKNOWLEDGEMENT, settings.REVIEW_WAITING_FLAG_WORKING_DAYS)


def review_due_from(confirmed_at, policy: Rules | None = None) -> date:
    policy = policy or rules()
    return timezone.localdate(confirmed_at) + relativedelta(months=policy.cycle_months)


@dataclass(frozen=True)
class Stage:
    key: str  # part of the notification's unique cycle key
    on: date
    label: str


def provider_stages(due: date, until: date, policy: Rules) -> list[Stage]:
    """Every reminder to the provider for one due date, up to ``until``, in date order."""
    stages = [Stage(f"before-{days}", due - timedelta(days=days), f"{days} days before it is due")
              for days in sorted(policy.reminder_days_before, reverse=True)]
    every = policy.overdue_reminder_every_days
    week = 0
    while due + timedelta(days=week * every) <= until:
        stages.append(Stage(f"overdue-{week}", due + timedelta(days=week * every),
                            "on the day it is due" if week == 0 else f"overdue, reminder {week + 1}"))
        week += 1
    return [stage for stage in stages if stage.on <= until]


def provider_stage_due(due: date, today: date, policy: Rules) -> Stage | None:
    """The one provider reminder due today: the latest stage reached. Earlier stages that were
    missed (the entry was published late in its cycle, a run failed) are not sent late."""
    reached = provider_stages(due, today, policy)
    return reached[-1] if reached else None


def moderator_stage(due: date, policy: Rules) -> Stage:
    grace = policy.overdue_grace_days
    return Stage("grace", due + timedelta(days=grace), f"{grace} days overdue: moderators told")


def may_be_out_of_date(due: date | None, today: date, policy: Rules | None = None) -> bool:
    return due is not None and today >= moderator_stage(due, policy or rules()).on


def confirmation_invited(due: date | None, today: date, policy: Rules | None = None) -> bool:
    """Whether the provider's pages offer "confirm it is still accurate": from the first reminder
    on, not the day after it was last confirmed."""
    return due is not None and due <= earliest_due_for_reminders(today, policy or rules())


def earliest_due_for_reminders(today: date, policy: Rules) -> date:
    """Entries due after this date need no reminder today."""
    return today + timedelta(days=max(policy.reminder_days_before, default=0))


def working_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end`` (bank holidays are not counted out)."""
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
