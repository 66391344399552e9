"""The public search: filters, distance and keywords, through the page a parent uses."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Provider, ProviderKind
from submissions.models import Postcode, TaxonomyTerm
from submissions.services import entry_create, revision_start_update, revision_update_content
from tests.conftest import PROJECT_DATA, page_text
from tests.factories import MembershipFactory, PostcodeFactory, ProviderFactory
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db

# Real centres (ONS postcode lookup) around Durham.
PLACES = {"DH1 5UQ": (54.7761, -1.5733), "DH1 1AA": (54.7789, -1.5755), "DL14 6AB": (54.6650, -1.6786),
          "DH8 5BD": (54.8530, -1.8320), "TS29 6AA": (54.7009, -1.4067)}


@pytest.fixture
def taxonomies(db):
    call_command("import_taxonomy", "need", str(PROJECT_DATA / "taxonomies" / "send_needs.csv"), verbosity=0)
    call_command("import_taxonomy", "category", str(PROJECT_DATA / "taxonomies" / "service_categories.csv"),
                 verbosity=0)
    for code, (lat, lon) in PLACES.items():
        PostcodeFactory(postcode=code, latitude=lat, longitude=lon)


@pytest.fixture
def publish(taxonomies, moderator):
    def make(name, *, postcode="DH1 5UQ", needs=("ASD",), categories=(), kind=ProviderKind.COMMUNITY_SCHOOL,
             **content):
        provider = ProviderFactory(kind=kind)
        member = MembershipFactory(provider=provider).user
        if not any(content.get(mode) for mode in ("in_person", "online", "at_home")):
            content["online"] = True  # every complete entry says how it is delivered
        content.setdefault("cost_details", "" if content.get("is_free") else "£2 a session")
        content.setdefault("by_appointment", True)
        entry = entry_create(provider=provider, user=member, content={
            "name": name, "description": content.pop("description", f"About {name}."),
            "provision_kind": "education", "how_to_access": "Ask.", "contact_email": "a@example.org",
            "postcode": postcode, "needs": list(TaxonomyTerm.objects.filter(vocabulary="need", code__in=needs)),
            "categories": list(TaxonomyTerm.objects.filter(vocabulary="category", code__in=categories)),
            **content})
        revision = entry.revisions.get()
        revision_transition(revision_id=revision.pk, action="submit", user=member)
        for action in ("start_review", "approve", "publish"):
            revision_transition(revision_id=revision.pk, action=action, user=moderator)
        return entry
    return make


def names(client, **params):
    response = client.get(reverse("offer:home"), params)
    assert response.status_code in (200, 400)
    return [entry.published_revision.name for entry in response.context["page"].object_list]


def test_filters_by_need_including_an_area_of_need(client, publish):
    publish("Autism club", needs=("ASD",))
    publish("Reading help", needs=("SpLD",))
    assert names(client, need="ASD") == ["Autism club"]
    assert names(client, need="communication-and-interaction") == ["Autism club"]
    assert names(client, need="cognition-and-learning") == ["Reading help"]


def test_filters_by_kind_of_service_provider_kind_cost_and_delivery(client, publish):
    publish("Respite", categories=("breaks-and-respite",), is_free=True, at_home=True)
    publish("Swimming", categories=("sports-and-recreation",), kind=ProviderKind.VOLUNTARY_GROUP,
            in_person=True)
    assert names(client, category="breaks-and-respite") == ["Respite"]
    assert names(client, category="special-educational-needs-and-disabilities-send") == ["Respite"]
    assert names(client, kind="voluntary_group") == ["Swimming"]
    # Parents choose a mainstream school, not how it is governed: academies and maintained schools alike.
    publish("Academy club", kind=ProviderKind.ACADEMY)
    publish("Nursery club", kind=ProviderKind.NURSERY_SCHOOL)
    assert "Academy club" in names(client, kind="mainstream_school")
    assert "Nursery club" not in names(client, kind="mainstream_school")
    assert names(client, kind="early_years") == ["Nursery club"]
    assert names(client, free="on") == ["Respite"]
    assert names(client, delivery="at_home") == ["Respite"]
    assert names(client, delivery="in_person") == ["Swimming"]


@pytest.mark.parametrize("params, expected", [
    ({"age_from": "0"}, ["Baby group", "No limits"]),
    ({"age_from": "4"}, ["Baby group", "No limits", "Primary club"]),  # both ends inclusive
    ({"age_from": "5", "age_to": "5"}, ["No limits", "Primary club"]),
    ({"age_from": "12", "age_to": "25"}, ["No limits", "Primary club"]),
    ({"age_to": "0"}, ["Baby group", "No limits"]),
])
def test_age_filter_is_inclusive_and_entries_without_limits_match_every_age(client, publish, params, expected):
    publish("Baby group", age_min_months=0, age_max_months=4 * 12 + 11)
    publish("Primary club", age_min_months=4 * 12, age_max_months=12 * 12 + 11)
    publish("No limits")
    assert sorted(names(client, **params)) == expected


@pytest.mark.parametrize("typed", ["dh15uq", " DH1 5UQ ", "dh1  5uq", "DH1"])
def test_distance_search_takes_any_spelling_of_a_postcode_or_an_outward_code(client, publish, typed):
    publish("Near", postcode="DH1 1AA")
    publish("Middle", postcode="DL14 6AB")
    publish("Far", postcode="DH8 5BD")
    assert names(client, postcode=typed, miles="25") == ["Near", "Middle", "Far"]
    assert names(client, postcode=typed, miles="10") == ["Near", "Middle"]


def test_a_postcode_without_a_distance_searches_5_miles_and_the_within_box_says_so(client, publish):
    publish("Near", postcode="DH1 1AA")
    publish("Middle", postcode="DL14 6AB")
    response = client.get(reverse("offer:home"), {"postcode": "DH1 5UQ"})
    page = response.content.decode()
    assert [entry.published_revision.name for entry in response.context["page"]] == ["Near"]
    assert "1 result within 5 miles of DH1 5UQ" in page
    assert '<option value="5" selected>5 miles</option>' in page
    assert '<option value="5" selected>5 miles</option>' in client.get(reverse("offer:home")).content.decode()


@pytest.mark.parametrize("typed, message", [
    ("ZZ9 9ZZ", "We could not find the postcode ZZ9 9ZZ"),
    ("nonsense", "Enter a real postcode, like DH1 5UQ, or the first half, like DH1"),
    ("ZZ1", "We could not find the area ZZ1"),
])
def test_an_unknown_postcode_gets_a_friendly_message(client, publish, typed, message):
    response = client.get(reverse("offer:home"), {"postcode": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()


@pytest.mark.parametrize("params, message", [
    ({"miles": "1000"}, "Select a distance from the list"),
    ({"need": "evil"}, "Select need from the list"),
    ({"age_from": "x"}, "Enter an age as a whole number of years, like 7"),
    ({"age_from": "9", "age_to": "3"}, "The second age must be the same as or more than the first"),
    ({"age_to": "40"}, "Enter an age of 25 or less"),
    ({"kind": "<script>"}, "Select kind of provider from the list"),
])
def test_bad_parameters_give_a_message_never_an_error(client, publish, params, message):
    publish("Club")
    response = client.get(reverse("offer:home"), params)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert "<script>" not in page.split("<main")[1]


def test_a_page_number_out_of_range_shows_the_nearest_page(client, publish):
    publish("Club")
    for page in ("-4", "0", "999", "x"):
        response = client.get(reverse("offer:home"), {"page": page})
        assert response.status_code == 200 and "Club" in response.content.decode()


def test_results_are_paginated_with_shareable_urls(client, publish):
    for number in range(23):
        publish(f"Club {number:02d}")
    first = client.get(reverse("offer:home"), {"q": "club"})
    assert ">23 results<" in first.content.decode()
    assert "q=club&amp;page=2" in first.content.decode()
    second = client.get(reverse("offer:home"), {"q": "club", "page": "2"})
    assert [e.published_revision.name for e in second.context["page"].object_list] == ["Club 20", "Club 21",
                                                                                      "Club 22"]


def test_nothing_matching_gets_a_helpful_page(client, publish):
    publish("Club")
    page = client.get(reverse("offer:home"), {"q": "zzzz"}).content.decode()
    assert "Nothing in the Local Offer matches your search" in page
    assert "check the spelling" in page


def test_the_results_download_as_csv_and_print_as_a_booklet(client, publish):
    publish("Respite", description="=HYPERLINK(\"http://evil\")", is_free=True, categories=("breaks-and-respite",))
    publish("Swimming")
    response = client.get(reverse("offer:export_csv"), {"category": "breaks-and-respite"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Provider"]
    assert [row[0] for row in rows[1:]] == ["Respite"]
    assert rows[1][3].startswith("'=")  # not run as a formula
    booklet = page_text(client.get(reverse("offer:booklet")))
    assert "Respite" in booklet and "Swimming" in booklet


def test_each_public_page_runs_the_same_number_of_queries_at_10_and_at_50_entries(client, publish):
    def queries(url, **params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
            assert response.status_code == 200 and page_text(response)
        return len(captured)

    entries = [publish(f"Club {n}") for n in range(10)]
    small = {"list": queries(reverse("offer:home")), "near": queries(reverse("offer:home"), postcode="DH1"),
             "entry": queries(reverse("offer:entry", args=[entries[0].pk])),
             "csv": queries(reverse("offer:export_csv")), "booklet": queries(reverse("offer:booklet"))}
    entries += [publish(f"Club {n}") for n in range(10, 50)]
    large = {"list": queries(reverse("offer:home")), "near": queries(reverse("offer:home"), postcode="DH1"),
             "entry": queries(reverse("offer:entry", args=[entries[0].pk])),
             "csv": queries(reverse("offer:export_csv")), "booklet": queries(reverse("offer:booklet"))}
    assert small == large


@pytest.mark.postgres
def test_keywords_use_full_text_search_with_prefixes_and_ranking(client, publish):
    publish("Speech and language therapy drop-in", description="For children with speech needs")
    publish("Youth club", description="Also offers speech practice")
    assert names(client, q="speech")[0] == "Speech and language therapy drop-in"  # name outranks text
    assert names(client, q="therap") == ["Speech and language therapy drop-in"]  # prefix
    assert names(client, q="speech therapy") == ["Speech and language therapy drop-in"]  # every word
    assert names(client, q="children's") == ["Speech and language therapy drop-in"]
    assert names(client, q="autism") == ["Speech and language therapy drop-in", "Youth club"]  # by need


@pytest.mark.postgres
def test_every_word_may_match_a_different_part_of_the_entry_its_needs_included(client, publish):
    publish("Swimming club", description="Quiet sessions on Saturdays.", needs=("ASD",))
    publish("Swimming lessons", description="Lessons for beginners.", needs=("HI",))
    assert names(client, q="autism swimming") == ["Swimming club"]
    assert names(client, q="swimming hearing") == ["Swimming lessons"]


@pytest.mark.postgres
def test_the_search_finds_the_live_words_until_an_update_is_published(client, publish, moderator):
    entry = publish("Stanley play scheme", description="Summer holiday play.")
    member = entry.provider.memberships.get().user
    update = revision_start_update(entry_id=entry.pk, user=member)
    revision_update_content(revision_id=update.pk, content={"description": "Easter holiday trampolining."})
    revision_transition(revision_id=update.pk, action="submit", user=member)
    for action in ("start_review", "approve"):
        revision_transition(revision_id=update.pk, action=action, user=moderator)
        assert names(client, q="summer") == ["Stanley play scheme"]
        assert names(client, q="trampolining") == []
    revision_transition(revision_id=update.pk, action="publish", user=moderator)
    assert names(client, q="trampolining") == ["Stanley play scheme"]
    assert names(client, q="summer") == []


@pytest.mark.postgres
def test_a_provider_renamed_by_the_register_or_the_admin_is_found_by_its_new_name(client, publish, admin_client,
                                                                                   tmp_path):
    entry = publish("Holiday club")
    provider = entry.provider
    Provider.objects.filter(pk=provider.pk).update(urn="999001")
    register = tmp_path / "schools.csv"
    register.write_text("urn,name,town,postcode,lat,long,establishment_type_2016\n"
                        "999001,Bishop Auckland Primary,Bishop Auckland,DL14 6AB,54.665,-1.6786,Community School\n")
    call_command("import_schools", str(register), verbosity=0)
    assert names(client, q="bishop auckland") == ["Holiday club"]

    provider.refresh_from_db()
    fields = {key: ("[]" if key == "sen_provision" else value) for key, value in model_to_dict(provider).items()
              if value is not None}
    response = admin_client.post(reverse("admin:portal_provider_change", args=[provider.pk]),
                                 {**fields, "name": "Willington Primary", "town": "Crook"})
    assert response.status_code == 302
    assert names(client, q="willington") == ["Holiday club"]
    assert names(client, q="crook") == ["Holiday club"]
    assert names(client, q="bishop") == []


@pytest.mark.postgres
def test_a_need_renamed_by_its_list_or_deleted_in_the_admin_is_searched_by_what_it_is_now(client, publish,
                                                                                          admin_client, tmp_path):
    publish("Holiday club", description="Days out.", needs=("ASD",))
    assert names(client, q="autism") == ["Holiday club"]
    renamed = tmp_path / "needs.csv"
    rows = (PROJECT_DATA / "taxonomies" / "send_needs.csv").read_text(encoding="utf-8").splitlines()
    renamed.write_text("\n".join(row.replace(",Autism,", ",Autistic spectrum condition,") for row in rows) + "\n",
                       encoding="utf-8")
    call_command("import_taxonomy", "need", str(renamed), verbosity=0)
    assert names(client, q="spectrum") == ["Holiday club"]

    need = TaxonomyTerm.objects.get(code="ASD")
    response = admin_client.post(reverse("admin:submissions_taxonomyterm_delete", args=[need.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert names(client, q="spectrum") == []


@pytest.mark.postgres
def test_the_search_document_has_its_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'submissions_entry'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("USING gin (search_document)" in definition for definition in definitions)


@pytest.mark.shared_data
def test_the_special_schools_nearest_a_dh1_postcode_come_back_nearest_first(client, shared_real, taxonomies,
                                                                           moderator):
    import math

    call_command("import_postcodes", *map(str, sorted((shared_real / "postcodes").glob("*.csv"))),
                 verbosity=0)
    call_command("import_schools", str(shared_real / "schools" / "durham_area_open_schools_2025-07.csv"),
                 verbosity=0)
    special = Provider.objects.filter(kind=ProviderKind.SPECIAL_SCHOOL)
    assert special.count() >= 7
    for school in special:
        member = MembershipFactory(provider=school).user
        revision = entry_create(provider=school, user=member, content={
            "name": f"{school.name} SEN information report", "description": "Special school.",
            "provision_kind": "education", "how_to_access": "Through an EHC plan.",
            "contact_email": "office@example.org", "postcode": school.postcode, "in_person": True,
            "by_appointment": True, "is_free": True,
            "needs": list(TaxonomyTerm.objects.filter(code="SLD"))}).revisions.get()
        revision_transition(revision_id=revision.pk, action="submit", user=member)
        for action in ("start_review", "approve", "publish"):
            revision_transition(revision_id=revision.pk, action=action, user=moderator)

    response = client.get(reverse("offer:home"), {"postcode": "dh1 5uq", "miles": "25", "kind": "special_school"})
    results = list(response.context["page"].object_list)
    assert len(results) >= 5
    origin = Postcode.objects.get(pk="DH1 5UQ")

    def miles(entry):
        lat1, lon1, lat2, lon2 = map(math.radians, (origin.latitude, origin.longitude,
                                                    entry.published_revision.latitude,
                                                    entry.published_revision.longitude))
        a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * 3958.8 * math.asin(math.sqrt(a))

    distances = [entry.distance for entry in results]
    assert distances == sorted(distances)
    for entry in results:
        assert abs(entry.distance - miles(entry)) < 0.01
    assert all(entry.provider.kind == ProviderKind.SPECIAL_SCHOOL for entry in results)


@pytest.mark.parametrize("download", ["offer:export_csv", "offer:booklet"])
def test_a_download_of_a_wrong_search_goes_to_the_search_page_which_says_what_to_correct(client, publish,
                                                                                        download):
    publish("Club")
    response = client.get(reverse(download), {"postcode": "ZZ9 9ZZ", "q": "club"}, follow=True)
    assert response.redirect_chain == [(f"{reverse('offer:home')}?postcode=ZZ9+9ZZ&q=club", 302)]
    assert response.status_code == 400
    assert "We could not find the postcode ZZ9 9ZZ" in response.content.decode()


def test_the_finer_filters_fold_away_unless_one_is_in_use(client, publish):
    publish("Club")
    plain = client.get(reverse("offer:home"), {"q": "club"}).content.decode()
    assert '<details class="govuk-details"><summary class="govuk-details__summary">' in plain
    assert "More filters" in plain and plain.index('id="id_q"') < plain.index("More filters") < plain.index(
        'id="id_need"')
    filtered = client.get(reverse("offer:home"), {"q": "club", "need": "ASD"}).content.decode()
    assert '<details class="govuk-details" open><summary' in filtered
    wrong = client.get(reverse("offer:home"), {"age_from": "x"}).content.decode()
    assert '<details class="govuk-details" open><summary' in wrong  # the error shows, not hidden


def test_every_kind_of_provider_is_in_one_group_of_the_filter():
    from offer.forms import PROVIDER_GROUPS

    grouped = [kind for _label, kinds in PROVIDER_GROUPS.values() for kind in kinds]
    assert sorted(grouped) == sorted(ProviderKind.values)


@pytest.mark.parametrize("typed", ["autistic", "Autism", "ASD club", "autistic club"])
def test_parents_words_for_a_need_find_the_entries_that_support_it(client, publish, typed):
    publish("Saturday club", description="Quiet sessions.", needs=("ASD",))
    publish("Choir", description="Singing.", needs=("HI",))
    assert names(client, q=typed) == ["Saturday club"]


def test_deaf_finds_hearing_impairment(client, publish):
    publish("Saturday club", description="Quiet sessions.", needs=("ASD",))
    publish("Choir", description="Singing.", needs=("HI",))
    assert names(client, q="deaf") == ["Choir"]
