"""The Open Referral UK API: every endpoint validates against the official UK profile schemas,
and nothing unpublished or private ever appears."""

import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from offer import oruk
from submissions.models import TaxonomyTerm
from submissions.services import revision_start_update, revision_update_content
from tests.conftest import PROJECT_DATA, page_text
from tests.factories import PostcodeFactory
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


def _schema(shared_real, name):
    with open(shared_real / "oruk" / f"uk_profile_schema_{name}.json", encoding="utf-8") as f:
        return json.load(f)


def _validate(shared_real, name, data):
    # The taxonomy schema refers to its terms by file name.
    registry = Registry().with_resource(
        "taxonomy_term.json",
        Resource.from_contents(_schema(shared_real, "taxonomy_term"), default_specification=DRAFT202012))
    validator = Draft202012Validator(_schema(shared_real, name), format_checker=FormatChecker(), registry=registry)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@pytest.fixture
def published(make_entry, provider_user, moderator, db):
    call_command("import_taxonomy", "need", str(PROJECT_DATA / "taxonomies" / "send_needs.csv"), verbosity=0)
    call_command("import_taxonomy", "category", str(PROJECT_DATA / "taxonomies" / "service_categories.csv"),
                 verbosity=0)
    PostcodeFactory(postcode="DH1 1AA", latitude=54.7789, longitude=-1.5755)
    PostcodeFactory(postcode="DL14 6AB", latitude=54.6650, longitude=-1.6786)  # about 14 km away
    entry = make_entry(name="Autism outreach", description="Visits & advice", address="1 Saddler Street",
                       postcode="DH1 1AA", contact_phone="0191 000 0000", is_free=True, in_person=True,
                       needs=list(TaxonomyTerm.objects.filter(code__in=["ASD", "SLCN"])),
                       categories=list(TaxonomyTerm.objects.filter(code="autistic-spectrum-disorder-asd")),
                       age_min_months=36, age_max_months=16 * 12 + 11)
    revision = entry.revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    draft = make_entry(name="Secret draft")
    update = revision_start_update(entry_id=entry.pk, user=provider_user)
    revision_update_content(revision_id=update.pk, content={"name": "Unpublished new name",
                                                            "contact_email": "private@example.org"})
    entry.refresh_from_db()
    return entry, draft


def _get(client, path, **params):
    response = client.get("/api/v3/" + path, params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


@pytest.mark.shared_data
def test_every_endpoint_validates_against_the_uk_profile(client, published, shared_real):
    entry, _ = published
    status, root = _get(client, "")
    assert status == 200 and root["version"] == "3.0"

    status, services = _get(client, "services")
    assert status == 200 and set(services) == PAGE_KEYS and services["total_items"] == 1
    for item in services["contents"]:
        _validate(shared_real, "compiled_service_list", item)

    status, service = _get(client, f"services/{entry.public_id}")
    assert status == 200
    _validate(shared_real, "compiled_service", service)
    assert {a["taxonomy_term"]["name"] for a in service["attributes"]} >= {"Autism"}
    assert service["cost_options"][0]["option"] == "Free"

    status, sals = _get(client, "service_at_locations")
    assert status == 200 and sals["total_items"] == 1
    for item in sals["contents"]:
        _validate(shared_real, "compiled_service_at_location_list", item)
    status, sal = _get(client, f"service_at_locations/{entry.location_public_id}")
    _validate(shared_real, "compiled_service_at_location", sal)
    assert sal["location"]["addresses"][0]["postal_code"] == "DH1 1AA"

    status, taxonomies = _get(client, "taxonomies")
    assert taxonomies["total_items"] == 2
    for item in taxonomies["contents"]:
        _validate(shared_real, "taxonomy", item)
    status, taxonomy = _get(client, f"taxonomies/{oruk.TAXONOMIES['need']['id']}")
    _validate(shared_real, "taxonomy", taxonomy)
    assert len(taxonomy["taxonomy_terms"]) == 16

    status, terms = _get(client, "taxonomy_terms", per_page=100)
    assert terms["total_items"] == 16 + 49
    for item in terms["contents"]:
        _validate(shared_real, "taxonomy_term", item)
    term = TaxonomyTerm.objects.get(code="ASD")
    status, one = _get(client, f"taxonomy_terms/{term.public_id}")
    _validate(shared_real, "taxonomy_term", one)


def test_nothing_unpublished_or_private_appears(client, published):
    entry, draft = published
    everything = json.dumps([_get(client, path)[1] for path in (
        "services", f"services/{entry.public_id}", "service_at_locations",
        f"service_at_locations/{entry.location_public_id}")])
    assert "Autism outreach" in everything
    assert "Unpublished new name" not in everything and "private@example.org" not in everything
    assert "Secret draft" not in everything
    assert _get(client, f"services/{draft.public_id}")[0] == 404


@pytest.mark.parametrize("params, found", [
    ({"search": "autism"}, True), ({"search": "swimming"}, False),
    ({"minimum_age": "3"}, True), ({"minimum_age": "4"}, False),
    ({"maximum_age": "16"}, True), ({"maximum_age": "15"}, False),
    ({"postcode": "dh11aa", "proximity": "1000"}, True),
    ({"postcode": "DL14 6AB", "proximity": "1000"}, False), ({"postcode": "DL14 6AB", "proximity": "20000"}, True),
    ({"modified_after": "2000-01-01T00:00:00Z"}, True), ({"modified_after": "2999-01-01T00:00:00Z"}, False),
])
def test_the_query_parameters_filter_services(client, published, params, found):
    assert (_get(client, "services", **params)[1]["total_items"] == 1) is found


def test_taxonomy_filters(client, published):
    asd = TaxonomyTerm.objects.get(code="ASD")
    area = TaxonomyTerm.objects.get(code="cognition-and-learning")
    assert _get(client, "services", taxonomy_term_id=str(asd.public_id))[1]["total_items"] == 1
    assert _get(client, "services", taxonomy_term_id=str(area.public_id))[1]["total_items"] == 0
    assert _get(client, "services", taxonomy_id=oruk.TAXONOMIES["need"]["id"])[1]["total_items"] == 1


@pytest.mark.parametrize("params", [{"page": "x"}, {"per_page": "0"}, {"per_page": "1000"},
                                    {"taxonomy_term_id": "nope"}, {"taxonomy_id": str(uuid.uuid4())},
                                    {"postcode": "ZZ9 9ZZ"}, {"modified_after": "yesterday"},
                                    {"modified_after": "2026-13-45T00:00:00"},
                                    {"modified_after": "2026-02-30T25:61:00Z"},
                                    {"modified_after": "2026-01-01T00:00:00+99:00"},
                                    {"modified_after": "9999-12-31T23:59:59-14:00"},
                                    {"modified_after": "0001-01-01T00:00:00+14:00"},
                                    {"minimum_age": "old"}])
@pytest.mark.parametrize("endpoint", ["services", "service_at_locations"])
def test_bad_parameters_get_a_json_message(client, published, params, endpoint):
    status, body = _get(client, endpoint, **params)
    assert status == 400 and body["error"]


def test_unknown_ids_are_json_404s(client, published):
    for path in (f"services/{uuid.uuid4()}", "services/not-a-uuid", f"taxonomy_terms/{uuid.uuid4()}",
                 f"service_at_locations/{uuid.uuid4()}", f"taxonomies/{uuid.uuid4()}"):
        status, body = _get(client, path)
        assert status in (400, 404) and "error" in body


def test_an_openapi_document_is_served(client):
    document = client.get(reverse("api:openapi")).json()
    assert document["openapi"].startswith("3.")
    assert {"/services", "/services/{id}", "/service_at_locations", "/service_at_locations/{id}",
            "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}"} <= set(document["paths"])


def test_pages_beyond_the_last_are_empty_not_errors(client, published):
    status, body = _get(client, "services", page="99")
    assert status == 200 and body["contents"] == [] and body["page_number"] == 99


@pytest.mark.shared_data
def test_a_contact_kept_for_the_council_never_reaches_the_public(client, make_entry, publish, shared_real):
    entry = publish(make_entry(name="Quiet swimming", contact_name="Ms Hidden Person",
                               contact_email="hidden.person@example.org", contact_phone="0191 000 4321",
                               website="https://swimming.example.org/", contact_private=True))
    public = [
        client.get(reverse("offer:entry", args=[entry.pk])),
        client.get(reverse("offer:home"), {"q": "swimming"}),
        client.get(reverse("offer:export_csv")),
        client.get(reverse("offer:booklet")),
        client.get(reverse("api:services")),
        client.get(reverse("api:service", args=[entry.public_id])),
        client.get(reverse("api:service_at_locations")),
        client.get(reverse("api:service_at_location", args=[entry.location_public_id])),
    ]
    for response in public:
        text = page_text(response)
        assert response.status_code == 200
        for hidden in ("Hidden Person", "hidden.person@example.org", "0191 000 4321", "01910004321"):
            assert hidden not in text, (response.request["PATH_INFO"], hidden)
    assert "https://swimming.example.org/" in public[0].content.decode()
    service = public[5].json()
    assert service["contacts"] == [] and "email" not in service
    _validate(shared_real, "compiled_service", service)
