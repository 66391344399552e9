import os
from pathlib import Path

import pytest
from django.db import connection

from submissions.services import entry_create
from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    NeedFactory,
    PostcodeFactory,
)
from workflow.services import revision_transition

SHARED_REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real"
PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"

# In CI every test must run: a skipped test there is a failure (see pytest_sessionfinish).
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def page_text(response) -> str:
    """The whole body of a response, streamed (the booklet) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def pytest_collection_modifyitems(config, items):
    redis_url = os.environ.get("REDIS_URL", "")
    for item in items:
        if item.get_closest_marker("postgres") and not os.environ.get("DATABASE_URL", "").startswith(
            ("postgres", "postgresql")
        ):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if item.get_closest_marker("redis") and not redis_url:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))
        if item.get_closest_marker("shared_data") and not SHARED_REAL.is_dir():
            item.add_marker(pytest.mark.skip(reason=f"needs the public data in {SHARED_REAL}"))


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and session.exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped in CI, where every test must run.", red=True)
        session.exitstatus = 1


@pytest.fixture
def shared_real():
    return SHARED_REAL


@pytest.fixture
def postcode(db):
    return PostcodeFactory()


@pytest.fixture
def needs(db):
    return [NeedFactory(code="ASD", name="Autism"), NeedFactory(code="SEMH", name="Social, "
                                                                "emotional and mental health")]


@pytest.fixture
def membership(db):
    return MembershipFactory()


@pytest.fixture
def provider(membership):
    return membership.provider


@pytest.fixture
def provider_user(membership):
    return membership.user


@pytest.fixture
def other_membership(db):
    return MembershipFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


def _signed_in(client, user):
    # Signing in through the page itself is tested in tests/portal/test_sign_in.py.
    client.force_login(user)
    return client


@pytest.fixture
def provider_client(client, provider_user):
    return _signed_in(client, provider_user)


@pytest.fixture
def other_provider_client(client, other_membership):
    return _signed_in(client, other_membership.user)


@pytest.fixture
def moderator_client(client, moderator):
    return _signed_in(client, moderator)


@pytest.fixture
def complete_content(postcode, needs):
    return {
        "name": "Speech and language drop-in",
        "description": "Weekly drop-in sessions for parents.",
        "provision_kind": "health",
        "age_min_months": 0,
        "age_max_months": 5 * 12 + 11,
        "needs": needs[:1],
        "how_to_access": "Just come along.",
        "in_person": True,
        "by_appointment": True,
        "is_free": True,
        "contact_email": "team@example.org",
        "postcode": postcode.postcode,
    }


@pytest.fixture
def make_entry(provider, provider_user, complete_content):
    """An entry of the signed-in provider, its first revision a complete draft."""

    def make(**content):
        return entry_create(provider=content.pop("provider", provider), user=provider_user,
                            content={**complete_content, **content})

    return make


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def publish(provider_user, moderator):
    """Takes an entry's newest revision through the real review steps to the public offer."""

    def publish_entry(entry):
        revision = entry.revisions.order_by("-pk").first()
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
        for action in ("start_review", "approve", "publish"):
            revision_transition(revision_id=revision.pk, action=action, user=moderator)
        entry.refresh_from_db()
        return entry

    return publish_entry
