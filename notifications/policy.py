"""The council's annual review policy: when an entry falls due, and which reminder is due when.

Dates are UK calendar dates (Europe/London), so a confirmation at 00:30 on 1 July British
Summer Time falls due on 1 July, whatever UTC says.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone


def review_due_from(confirmed_at) -> date:
    return timezone.localdate(confirmed_at) + relativedelta(months=settings.REVIEW_CYCLE_MONTHS)


@dataclass(frozen=True)
class Stage:
    key: str  # part of the notification's unique cycle key
    on: date
    label: str


def provider_stages(due: date, until: date) -> list[Stage]:
    """Every reminder to the provider for one due date, up to ``until``, in date order."""
    stages = [Stage(f"before-{days}", due - timedelta(days=days), f"{days} days before it is due")
              for days in sorted(settings.REVIEW_REMINDER_DAYS_BEFORE, reverse=True)]
    every = settings.REVIEW_OVERDUE_REMINDER_EVERY_DAYS
    week = 0
    while due + timedelta(days=week * every) <= until:
        stages.append(Stage(f"overdue-{week}", due + timedelta(days=week * every),
                            "on the day it is due" if week == 0 else f"overdue, reminder {week + 1}"))
        week += 1
    return [stage for stage in stages if stage.on <= until]


def provider_stage_due(due: date, today: date) -> Stage | None:
    """The one provider reminder due today: the latest stage reached. Earlier stages that were
    missed (the entry was published late in its cycle, a run failed) are not sent late."""
    reached = provider_stages(due, today)
    return reached[-1] if reached else None


def moderator_stage(due: date) -> Stage:
    grace = settings.REVIEW_OVERDUE_GRACE_DAYS
    return Stage("grace", due + timedelta(days=grace), f"{grace} days overdue: moderators told")


def may_be_out_of_date(due: date | None, today: date) -> bool:
    return due is not None and today >= moderator_stage(due).on


def confirmation_invited(due: date | None, today: date) -> bool:
    """Whether the provider's pages offer "confirm it is still accurate": from the first reminder
    on, not the day after it was last confirmed."""
    return due is not None and due <= earliest_due_for_reminders(today)


def earliest_due_for_reminders(today: date) -> date:
    """Entries due after this date need no reminder today."""
    return today + timedelta(days=max(settings.REVIEW_REMINDER_DAYS_BEFORE, default=0))


def working_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end`` (bank holidays are not counted out)."""
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days += 1
    return days
