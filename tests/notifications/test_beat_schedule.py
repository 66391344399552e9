"""The beat schedule lives in settings, in UK time, and behaves on the days the clocks change."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from celery.schedules import crontab
from django.conf import settings

from portal.celery import app

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("name, task", [
    ("send-pending-notifications", "notifications.tasks.send_pending_notifications"),
    ("publish-scheduled-revisions", "workflow.tasks.publish_scheduled_revisions"),
    ("review-reminders", "notifications.tasks.send_review_reminders"),
    ("moderator-digest", "notifications.tasks.send_moderator_digest"),
])
def test_the_beat_runs_each_scheduled_job(name, task):
    assert settings.CELERY_BEAT_SCHEDULE[name]["task"] == task


def test_every_beat_entry_names_a_real_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.parametrize("change_day", [datetime(2027, 3, 28), datetime(2027, 10, 31)],
                         ids=["clocks go forward", "clocks go back"])
def test_the_daily_reminder_sweep_runs_once_at_seven_uk_time_when_the_clocks_change(change_day):
    assert settings.CELERY_TIMEZONE == "Europe/London"
    entry = settings.CELERY_BEAT_SCHEDULE["review-reminders"]["schedule"]
    assert isinstance(entry, crontab)
    last_run = change_day.replace(tzinfo=LONDON) - timedelta(days=1) + timedelta(hours=7)

    def schedule_at(local_time):
        return crontab(hour=entry.hour, minute=entry.minute, app=app,
                       nowfun=lambda: local_time.replace(tzinfo=LONDON))

    before = change_day.replace(hour=6, minute=59)
    after = change_day.replace(hour=7, minute=0, second=30)
    assert not schedule_at(before).is_due(last_run).is_due
    assert schedule_at(after).is_due(last_run).is_due
    # Once it has run at 07:00 that day, it is not due again until 07:00 the next day.
    ran = after.replace(tzinfo=LONDON)
    assert not schedule_at(change_day.replace(hour=23, minute=59)).is_due(ran).is_due
