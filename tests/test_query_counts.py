"""Each page the benchmark (`make bench`) measures runs the same number of queries however much is
on the Local Offer and in the review queue: a page that ran one query more for each entry would be
fast in tests and slow for the county. The plain list, distance from an outward code, the entry
page, the CSV and the booklet are guarded in tests/offer/test_search.py."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.services import revision_start_update
from tests.factories import MembershipFactory, ProviderFactory
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(make_entry, publish, provider, provider_user, moderator):
    """Adds published entries (half of them the signed-in provider's, half another provider's),
    and sends an update of every other one to the council."""
    # One person acting for both, as in a trust: the dashboard shows only the first provider's.
    others = MembershipFactory(provider=ProviderFactory(name="Durham Speech Therapy"), user=provider_user)
    made = []

    def add(count):
        for n in range(len(made), len(made) + count):
            owner = provider if n % 2 == 0 else others.provider
            entry = make_entry(provider=owner, name=f"Speech and language club {n}", is_free=True, in_person=True)
            entry = publish(entry)
            if n % 2 == 1:
                update = revision_start_update(entry_id=entry.pk, user=provider_user)
                revision_transition(revision_id=update.pk, action="submit", user=provider_user)
                if n % 4 == 1:
                    revision_transition(revision_id=update.pk, action="start_review", user=moderator)
            made.append(entry)
        return made

    return add


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _measured(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured), response


def _pages(provider, provider_user, moderator):
    public, member, council = Client(), _signed_in(provider_user), _signed_in(moderator)
    return {
        "keyword search": (public, reverse("offer:home"), {"q": "speech club"}),
        "search with filters": (public, reverse("offer:home"),
                                {"need": "ASD", "age_from": 1, "age_to": 4, "free": "on", "delivery": "in_person"}),
        "search by full postcode": (public, reverse("offer:home"), {"postcode": "DH1 5UQ", "miles": 5}),
        "Open Referral UK services": (public, reverse("api:services"), {"search": "speech"}),
        "moderation queue": (council, reverse("workflow:queue"), None),
        "provider's dashboard": (member, reverse("submissions:provider", args=[provider.pk]), None),
    }


def _results(name, response):
    """What the page lists, so that the test knows the bigger county really is on it."""
    if name == "Open Referral UK services":
        return response.json()["total_items"]
    if name == "moderation queue":
        return len(response.context["rows"])
    if name == "provider's dashboard":
        return len(response.context["entries"])
    return response.context["count"]


def test_each_measured_page_runs_the_same_queries_at_4_and_at_16_entries(grow, provider, provider_user, moderator):
    grow(4)
    pages = _pages(provider, provider_user, moderator)
    small = {name: _measured(client, url, params) for name, (client, url, params) in pages.items()}
    grow(12)
    large = {name: _measured(client, url, params) for name, (client, url, params) in pages.items()}

    assert {name: _results(name, response) for name, (_, response) in small.items()} == {
        "keyword search": 4, "search with filters": 4, "search by full postcode": 4,
        "Open Referral UK services": 4, "moderation queue": 2, "provider's dashboard": 2}
    assert {name: _results(name, response) for name, (_, response) in large.items()} == {
        "keyword search": 16, "search with filters": 16, "search by full postcode": 16,
        "Open Referral UK services": 16, "moderation queue": 8, "provider's dashboard": 8}
    assert {name: queries for name, (queries, _) in large.items()} == {
        name: queries for name, (queries, _) in small.items()}
