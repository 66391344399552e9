"""Settings shared by every environment. This package is the one place that reads the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = False
# Demo accounts with a published password: only the embedded default turns this on.
DEMO_DATA_ALLOWED = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crispy_forms",
    "crispy_forms_gds",
    "portal",
    "submissions",
    "workflow",
    "notifications",
    "offer",
    "council",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.roles",
            ],
        },
    },
]

AUTH_USER_MODEL = "portal.User"
# Council staff confirm their sign-in with a code from an authenticator app (see
# portal/two_factor.py). On with the production settings; off on a developer's machine.
TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF = env.bool("TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF", default=False)
OTP_TOTP_ISSUER = "Local Offer"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-in while an account is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated failed sign-ins lock that email address from that address for a while.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "offer:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# govuk-frontend comes from npm; its built assets are served as they are.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "node_modules" / "govuk-frontend" / "dist"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Providers' PDF documents. Never served straight from here: a view checks the document belongs
# to a published revision (or to the provider asking) before sending it.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024  # form fields; files are limited by DOCUMENT_MAX_BYTES

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Local Offer <localoffer@durham.gov.uk>")
# Links in emails point here; the web request is not at hand in a background task.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
LOCAL_OFFER_COUNCIL_NAME = env("LOCAL_OFFER_COUNCIL_NAME", default="Durham County Council")

# The council's review policy. Every published entry is due for review this many months after
# it was last confirmed accurate; providers are reminded the given days before, then weekly;
# after the grace period the moderators are told and the public page warns it may be out of date.
REVIEW_CYCLE_MONTHS = env.int("REVIEW_CYCLE_MONTHS", default=12)
REVIEW_REMINDER_DAYS_BEFORE = tuple(env.list("REVIEW_REMINDER_DAYS_BEFORE", cast=int, default=[28, 14, 3]))
REVIEW_OVERDUE_REMINDER_EVERY_DAYS = env.int("REVIEW_OVERDUE_REMINDER_EVERY_DAYS", default=7)
REVIEW_OVERDUE_GRACE_DAYS = env.int("REVIEW_OVERDUE_GRACE_DAYS", default=28)
# When a provider confirms an entry is still accurate, does a moderator acknowledge it before
# the cycle restarts? Off by default: nothing changed, so there is nothing to review.
REVIEW_CONFIRMATION_NEEDS_ACKNOWLEDGEMENT = env.bool("REVIEW_CONFIRMATION_NEEDS_ACKNOWLEDGEMENT",
                                                     default=False)
# Submissions waiting longer than this many working days are flagged in the queue and digest.
REVIEW_WAITING_FLAG_WORKING_DAYS = env.int("REVIEW_WAITING_FLAG_WORKING_DAYS", default=5)

# Public feedback (Regulation 56): how many messages one sender (by network address) may send
# in an hour, so that nobody can flood the Local Offer team.
FEEDBACK_PER_SENDER_PER_HOUR = env.int("FEEDBACK_PER_SENDER_PER_HOUR", default=5)
# Password reset links one account may be sent in an hour: enough for a lost email, too few to
# flood an inbox.
PASSWORD_RESETS_PER_HOUR = env.int("PASSWORD_RESETS_PER_HOUR", default=3)

CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A submission must not hang on a broker that is down: the notification row waits in the
# database and the sweep below queues it again once the broker answers.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BEAT_SCHEDULE = {
    # Every five minutes: send any notification still pending (its task was lost or the
    # broker was down when it was queued). Sending is idempotent, so overlap is harmless.
    "send-pending-notifications": {
        "task": "notifications.tasks.send_pending_notifications",
        "schedule": crontab(minute="*/5"),
    },
    # Every minute: publish approved revisions whose scheduled time has passed. Times are
    # stored in UTC, so a run across the clock change neither skips nor repeats one.
    "publish-scheduled-revisions": {
        "task": "workflow.tasks.publish_scheduled_revisions",
        "schedule": crontab(minute="*"),
    },
    # 07:00 UK time every day: write and send the annual review reminders that are due. Decided
    # from Entry.review_due, so a missed run is made up by the next. 07:00 is outside the hour
    # the clocks change (01:00-02:00), so it runs exactly once on those days too.
    "review-reminders": {
        "task": "notifications.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # 08:00 UK time on weekdays: one digest of the review queue to each moderator.
    "moderator-digest": {
        "task": "notifications.tasks.send_moderator_digest",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Django's own default config adds a second console handler when DEBUG is on.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # django-axes says "BEGIN" on every command and logs each good sign-in; lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Content security policy: only our own scripts, styles, fonts and images. The pages have no
# inline script or style; email HTML is not served by the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
