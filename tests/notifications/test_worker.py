"""A real Celery worker process, on the real Redis broker and the test database, delivers the
publication email; the task is queued by the web side's code on commit, as in production."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from notifications.models import Notification
from portal.celery import app
from workflow.services import revision_transition

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent


def _use_broker(url, *, eager):
    # Earlier tests ran tasks eagerly, which leaves a producer pool bound to the in-memory
    # broker; drop it so that this test's tasks really go to Redis.
    # (kombu keeps the pools themselves, one per broker URL, so none is closed here.)
    app.conf.update(broker_url=url, task_always_eager=eager)
    app._pool = None
    app.amqp._producer_pool = None


def _start_worker(tmp_path, *extra_args, **extra_env):
    redis_url = os.environ["REDIS_URL"]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-mingle", "--without-gossip", "--logfile", str(tmp_path / "worker.log"), *extra_args],
        cwd=ROOT, env=env,
    )
    _use_broker(redis_url, eager=False)
    return process


def _stop(process):
    _use_broker("memory://", eager=True)
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def worker(tmp_path):
    process = _start_worker(tmp_path)
    try:
        yield tmp_path
    finally:
        _stop(process)


def _wait_for(condition, seconds=45):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_a_worker_process_on_redis_sends_the_publication_email_once(make_entry, provider_user, moderator,
                                                                   worker):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)

    assert _wait_for(lambda: Notification.objects.filter(status="pending").count() == 0), (
        (worker / "worker.log").read_text())
    published = Notification.objects.get(kind="published")
    assert published.status == "sent"
    mails = "\n".join(p.read_text() for p in (worker / "mail").glob("*.log"))
    assert mails.count("Subject: Your entry is now on the Local Offer") == 1
    assert f"To: {provider_user.email}" in mails


def test_worker_and_beat_on_redis_deliver_a_review_reminder_once(make_entry, provider_user, moderator,
                                                                 tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from submissions.models import Entry

    revision = make_entry(name="Sensory play").revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    Entry.objects.filter(pk=revision.entry_id).update(review_due=timezone.localdate() + timedelta(days=3))

    # The beat runs every entry of the real schedule every second instead of at its time of day.
    process = _start_worker(tmp_path, "--beat", "--schedule", str(tmp_path / "beat-schedule"),
                            BEAT_EVERY_SECONDS="1")
    try:
        reminders = Notification.objects.filter(kind="review_reminder")
        assert _wait_for(lambda: reminders.filter(status="sent").exists()), (
            (tmp_path / "worker.log").read_text())
        time.sleep(4)  # several more sweeps
        log = (tmp_path / "worker.log").read_text()
    finally:
        _stop(process)
    assert log.count("notifications.tasks.send_review_reminders") >= 3
    assert reminders.count() == 1
    mails = "\n".join(p.read_text() for p in (tmp_path / "mail").glob("*.log"))
    assert mails.count("Subject: Check your Local Offer entry is still accurate") == 1
    from notifications.services import review_reminders_send

    assert review_reminders_send() == 0
    assert review_reminders_send() == 0
