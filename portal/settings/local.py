"""The embedded default: runs on a fresh machine with no PostgreSQL, no Redis and no mail server."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BEAT_SCHEDULE, MIDDLEWARE, VAR_DIR, env

# Off by default, so that the demo shows the portal's own pages for "not found" and errors, as
# people will see them; DEBUG=true brings back Django's debugging pages.
DEBUG = env.bool("DEBUG", default=False)
DEMO_DATA_ALLOWED = True
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# WhiteNoise serves the static files straight from their folders (no collectstatic), with or
# without DEBUG, and picks up a rebuilt stylesheet.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT ... FOR UPDATE; taking the write lock when each transaction begins
    # serialises them instead, so a double click waits its turn rather than failing.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

# Without Redis, Celery's file-system transport carries the messages between the web
# process and the worker: the same code path as production, with no server to run.
_broker_dir = Path(env.str("EMBEDDED_BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_URL = env("REDIS_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# For watching the schedules work on a developer's machine (and in the CI test of worker and
# beat): BEAT_EVERY_SECONDS=5 runs every beat entry every five seconds instead of at its time.
_beat_every = env.int("BEAT_EVERY_SECONDS", default=0)
if _beat_every:
    CELERY_BEAT_SCHEDULE = {name: {**entry, "schedule": float(_beat_every)}
                            for name, entry in CELERY_BEAT_SCHEDULE.items()}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = Path(env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail")))

# The embedded default keeps everything under var/; a fresh clone has none of it yet.
for _folder in (VAR_DIR, EMAIL_FILE_PATH, *(_broker_dir / name for name in ("queue", "processed",
                                                                          "control"))):
    _folder.mkdir(parents=True, exist_ok=True)

