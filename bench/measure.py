"""The measurements that run inside Django, each in a fresh process (``python -m bench PHASE``):
imports, seeding, queries per page, a profile of one page, and the daily reminder sweep.
Each returns a dict that bench.run reads as JSON."""

import cProfile
import io
import pstats
import resource
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

DATA = settings.BASE_DIR / "data"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


@contextmanager
def _queries_counted():
    """Counts every query the code runs, and the reminder sweep's batches among them."""
    counts = {"queries": 0, "batches": 0}

    def count(execute, sql, params, many, context):
        counts["queries"] += 1
        if "review_due" in sql and "LIMIT" in sql and "submissions_entry" in sql:
            counts["batches"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counts


# --- imports -----------------------------------------------------------------------------

IMPORTS = {
    "taxonomy": lambda: (call_command("import_taxonomy", "need", DATA / "taxonomies" / "send_needs.csv",
                                      verbosity=0),
                         call_command("import_taxonomy", "category",
                                      DATA / "taxonomies" / "service_categories.csv", verbosity=0)),
    "postcodes": lambda: call_command("import_postcodes", *sorted((DATA / "postcodes").glob("*.csv")), verbosity=0),
    "schools": lambda: call_command("import_schools", *sorted((DATA / "schools").glob("*.csv")), verbosity=0),
    "health": lambda: call_command("import_health_providers", *sorted((DATA / "health").glob("*.csv")),
                                   verbosity=0),
}


def import_run(what: str) -> dict:
    from portal.models import Provider
    from submissions.models import Postcode

    before = _rss_mb()
    started = time.perf_counter()
    with _queries_counted() as counted:
        IMPORTS[what]()
    seconds = time.perf_counter() - started
    return {"what": what, "seconds": seconds, "peak_mb": _rss_mb(), "baseline_mb": before,
            "queries": counted["queries"],
            "rows": {"postcodes": Postcode.objects.count(), "schools": Provider.objects.schools().count(),
                     "health": Provider.objects.filter(ods_code__gt="").count()}.get(what)}


# --- the county and who signs in ---------------------------------------------------------

def _session_for(user, device=None) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if device is not None:
        # Signed in with a password and a code from the authenticator app, as production asks.
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def seed_run(providers: int, entries: int, under_review: int, notifications: int) -> dict:
    from bench.seed import county_seed
    from portal.models import Provider, User
    from portal.roles import MODERATORS_GROUP
    from submissions.models import Entry

    started = time.perf_counter()
    counts = county_seed(providers=providers, entries=entries, under_review=under_review,
                         notifications=notifications)
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a load
    moderator = User.objects.filter(groups__name=MODERATORS_GROUP).order_by("pk").first()
    device = TOTPDevice.objects.create(user=moderator, name="Authenticator app", confirmed=True)
    # The provider's dashboard: the provider with most entries, seen by its owner.
    provider = (Provider.objects.annotate(n=Count("entries")).order_by("-n", "pk").first())
    owner = provider.memberships.order_by("pk").first().user
    entry = Entry.objects.published().filter(provider=provider).order_by("pk").first()
    return {"seconds": seeded, "counts": counts, "peak_mb": _rss_mb(),
            "moderator_session": _session_for(moderator, device), "provider_session": _session_for(owner),
            "provider_id": provider.pk, "provider_entries": provider.n, "entry_id": entry.pk}


# --- queries per page and a profile ------------------------------------------------------

def _client(session):
    client = Client(HTTP_HOST="127.0.0.1")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def page_queries(pages: list[dict]) -> list[dict]:
    """How many queries each page runs, how big it is and how long one request takes alone, read
    the second time (warm)."""
    results = []
    for page in pages:
        client = _client(page.get("session"))
        client.get(page["path"])
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page["path"])
        results.append({"name": page["name"], "status": response.status_code, "queries": len(captured),
                        "bytes": len(response.content), "one_ms": (time.perf_counter() - started) * 1000,
                        "sql_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000})
    return results


def page_profile(page: dict, seconds: float = 10) -> dict:
    """A profile of one page over some requests (about ``seconds`` of them, 3 to 30): where the
    time goes, and its slowest queries."""
    client = _client(page.get("session"))
    started = time.perf_counter()
    client.get(page["path"])
    requests = max(3, min(30, int(seconds / (time.perf_counter() - started))))
    profile = cProfile.Profile()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        profile.enable()
        for _ in range(requests):
            client.get(page["path"])
        profile.disable()
    per_request_ms = (time.perf_counter() - started) * 1000 / requests
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(35)
    per_query = captured.captured_queries[: len(captured.captured_queries) // requests]
    slowest = sorted(per_query, key=lambda q: -float(q["time"]))[:5]
    return {"name": page["name"], "per_request_ms": per_request_ms, "requests": requests, "profile": out.getvalue(),
            "slowest_queries": [{"ms": float(q["time"]) * 1000, "sql": q["sql"][:600]} for q in slowest]}


# --- the daily reminder sweep ------------------------------------------------------------

def entries_grow_run(to: int) -> dict:
    from bench.seed import entries_grow

    started = time.perf_counter()
    added = entries_grow(to=to, seed=to)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"added": added, "seconds": time.perf_counter() - started}


def sweep_run() -> dict:
    """The daily sweep as the beat runs it, then again (the second run must write nothing)."""
    from notifications.models import Notification, NotificationKind
    from notifications.services import review_reminders_send
    from submissions.models import Entry

    entries = Entry.objects.published().count()
    before = _rss_mb()
    started = time.perf_counter()
    with _queries_counted() as first:
        written = review_reminders_send()
    seconds = time.perf_counter() - started
    peak = _rss_mb()
    started = time.perf_counter()
    with _queries_counted() as second:
        written_again = review_reminders_send()
    again_seconds = time.perf_counter() - started
    # Leave the database as it was, so that the next size starts from the same state.
    Notification.objects.filter(kind__in=[NotificationKind.REVIEW_REMINDER, NotificationKind.REVIEW_OVERDUE],
                                subject_key__startswith="entry:").delete()
    _broker_queue_empty()
    return {"entries": entries, "written": written, "seconds": seconds, "queries": first["queries"],
            "batches": first["batches"], "peak_mb": peak, "baseline_mb": before,
            "again_written": written_again, "again_seconds": again_seconds, "again_queries": second["queries"]}


def _broker_queue_empty():
    """The sweep queued one send task per message; no worker runs in the benchmark."""
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


PHASES = {
    "import": import_run,
    "seed": seed_run,
    "queries": page_queries,
    "profile": page_profile,
    "grow": entries_grow_run,
    "sweep": sweep_run,
}
