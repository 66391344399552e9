"""Production: PostgreSQL, Redis and SMTP. Secrets have no defaults, so a bad deploy fails at start."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

# WhiteNoise serves the collected static files straight after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

CELERY_BROKER_URL = env("REDIS_URL")
TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF = env.bool("TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF", default=True)
# Links in emails: without it they would point at a developer's machine.
PORTAL_BASE_URL = env("PORTAL_BASE_URL")

EMAIL_CONFIG = env.email("EMAIL_URL")
vars().update(EMAIL_CONFIG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The header the TLS-terminating proxy sets, and the value that means HTTPS: "X-Forwarded-Proto:
# https" unless the proxy says it another way (PROXY_SSL_HEADER="X-Forwarded-Scheme:https").
_proxy_header, _, _proxy_value = env("PROXY_SSL_HEADER", default="X-Forwarded-Proto:https").partition(":")
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.strip().upper().replace("-", "_"), _proxy_value.strip())
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
