import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _start(settings_module, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_URL",
                          "PORTAL_BASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=60)


def test_production_settings_refuse_to_start_without_their_secrets():
    result = _start("portal.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_start_when_the_environment_is_complete():
    result = _start("portal.settings.production", DJANGO_SECRET_KEY="x" * 50,
                    DATABASE_URL="postgres://postgres@127.0.0.1:5432/localoffer",
                    REDIS_URL="redis://127.0.0.1:6379/0", ALLOWED_HOSTS="localoffer.example.org",
                    EMAIL_URL="smtp://mail.example.org:587",
                    PORTAL_BASE_URL="https://localoffer.example.org")
    assert result.returncode == 0, result.stderr

PRODUCTION_ENV = {"DJANGO_SECRET_KEY": "k" * 20 + "-Local-Offer-production-secret-0123456789",
                  "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/localoffer",
                  "REDIS_URL": "redis://127.0.0.1:6379/0", "ALLOWED_HOSTS": "localoffer.example.org",
                  "EMAIL_URL": "smtp://mail.example.org:587",
                  "PORTAL_BASE_URL": "https://localoffer.example.org"}


def test_check_deploy_is_clean_with_the_production_settings():
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env={**clean, **PRODUCTION_ENV,
                                           "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


_PRODUCTION_VALUES = """
import django
django.setup()
from django.conf import settings
print(settings.TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF, settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS,
      settings.SESSION_COOKIE_AGE, settings.SESSION_COOKIE_SECURE, settings.DEMO_DATA_ALLOWED, settings.DEBUG)
"""


def _production_values(**env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in env}
    env = {**clean, **PRODUCTION_ENV, **env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"}
    result = subprocess.run([sys.executable, "-c", _PRODUCTION_VALUES], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_asks_council_staff_for_two_factor_and_trusts_the_proxy_the_environment_names():
    assert _production_values() == (
        "True ('HTTP_X_FORWARDED_PROTO', 'https') [] 28800 True False False")
    assert _production_values(PROXY_SSL_HEADER="X-Forwarded-Scheme: https",
                              CSRF_TRUSTED_ORIGINS="https://localoffer.example.org") == (
        "True ('HTTP_X_FORWARDED_SCHEME', 'https') ['https://localoffer.example.org'] 28800 True False False")


_LOCAL_PAGES = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
print(missing.status_code, "Page not found" in missing.content.decode(), "Traceback" in missing.content.decode())
print(client.get("/static/build/portal.css").status_code)
from django.conf import settings
print(settings.DEMO_DATA_ALLOWED)  # make run loads the demo with these settings
"""


def test_the_embedded_default_shows_the_portals_own_pages_and_serves_its_static_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.local", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
               EMAIL_FILE_PATH=str(tmp_path / "mail"))
    result = subprocess.run([sys.executable, "-c", _LOCAL_PAGES], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "True", "False", "200", "True"]
