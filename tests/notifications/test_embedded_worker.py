"""On a fresh machine there is no Redis: the embedded default's file-system broker carries the
send task from the web process to a real worker process, on the SQLite database, as make run does."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

_QUEUE_AN_EMAIL = """
import django
django.setup()
from django.db import transaction
from notifications.services import notify
from portal.models import User
user = User.objects.create_user(email="senco@example.org", password="a long enough passphrase")
with transaction.atomic():
    notify(kind="published", subject_key="demo", cycle="1", recipients=[user], path="/portal/", name="Sensory play",
           context={"revision": None, "provider": None, "comment": "", "public_link": "/"})
"""


def test_a_worker_on_the_embedded_broker_sends_what_the_portal_queued(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.local", DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
               EMBEDDED_BROKER_DIR=str(tmp_path / "broker"), EMAIL_FILE_PATH=str(tmp_path / "mail"))
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 120}
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], **run)
    assert migrated.returncode == 0, migrated.stderr
    queued = subprocess.run([sys.executable, "-c", _QUEUE_AN_EMAIL], **run)
    assert queued.returncode == 0, queued.stderr
    assert list((tmp_path / "broker" / "queue").iterdir()), "nothing was queued on the embedded broker"
    assert not list((tmp_path / "mail").glob("*.log"))  # the portal itself sent nothing

    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
                               "--without-mingle", "--without-gossip", "--logfile", str(tmp_path / "worker.log")],
                              cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "mail").glob("*.log")):
            time.sleep(0.25)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    mails = "".join(path.read_text() for path in (tmp_path / "mail").glob("*.log"))
    assert "Subject: Your entry is now on the Local Offer: Sensory play" in mails, (tmp_path / "worker.log").read_text()
    assert "To: senco@example.org" in mails
