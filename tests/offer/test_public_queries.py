"""Every public page and API endpoint asks the database the same number of questions with 10
entries on the Local Offer as with 500: a page that asked once more per entry would pass every
other test and fail the county. The entries are seeded as the benchmark seeds them (bench/seed.py:
published through the same states, with needs, categories and opening times)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seed import County
from offer.services import feedback_create, feedback_respond
from submissions.models import Entry
from tests.conftest import PROJECT_DATA, page_text
from tests.factories import PostcodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(moderator):
    for vocabulary, name in (("need", "send_needs.csv"), ("category", "service_categories.csv")):
        call_command("import_taxonomy", vocabulary, str(PROJECT_DATA / "taxonomies" / name), verbosity=0)
    for n, (latitude, longitude) in enumerate([(54.7761, -1.5733), (54.6650, -1.6786), (54.8530, -1.8320)]):
        PostcodeFactory(postcode=f"DH{n + 1} 5UQ", latitude=latitude, longitude=longitude)
    for n in range(3):
        feedback = feedback_create(about="local_offer", message=f"More clubs {n}", sender_address=f"192.0.2.{n}")
        feedback_respond(feedback_id=feedback.pk, user=moderator, you_said="More clubs", we_did="Asked them",
                         publish=True, expected_version=feedback.version)
    seeded = County()
    providers = seeded.providers_fill(20)
    return lambda count: seeded.entries_publish(providers, count)


def _pages():
    entry = Entry.objects.published().order_by("pk").first()
    return {
        "list": (reverse("offer:home"), {}),
        "keyword": (reverse("offer:home"), {"q": "club"}),
        "filters": (reverse("offer:home"), {"need": "ASD", "age_from": "5", "age_to": "11", "free": "on"}),
        "distance": (reverse("offer:home"), {"postcode": "DH1 5UQ", "miles": "25"}),
        "entry": (reverse("offer:entry", args=[entry.pk]), {}),
        "csv": (reverse("offer:export_csv"), {}),
        "booklet": (reverse("offer:booklet"), {}),
        "you said, we did": (reverse("offer:you_said_we_did"), {}),
        "feedback form": (reverse("offer:feedback"), {}),
        "entry feedback form": (reverse("offer:entry_feedback", args=[entry.pk]), {}),
        "api services": (reverse("api:services"), {"per_page": "50"}),
        "api services searched": (reverse("api:services"), {"search": "club", "postcode": "DH1 5UQ",
                                                            "proximity": "40000"}),
        "api service": (reverse("api:service", args=[entry.public_id]), {}),
        "api service at locations": (reverse("api:service_at_locations"), {"per_page": "50"}),
        "api service at location": (reverse("api:service_at_location", args=[entry.location_public_id]), {}),
        "api taxonomies": (reverse("api:taxonomies"), {}),
        "api taxonomy terms": (reverse("api:taxonomy_terms"), {"per_page": "100"}),
    }


def _queries():
    counts = {}
    for name, (url, params) in _pages().items():
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(url, params)
            page_text(response)  # a streamed page asks as it goes
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def test_every_public_page_asks_as_many_questions_at_500_entries_as_at_10(county):
    county(10)
    small = _queries()
    county(490)
    assert Entry.objects.published().count() == 500
    assert _queries() == small
