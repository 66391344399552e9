"""The provider's journey through the pages: start an entry, the task list, each section's form
and its GOV.UK errors, check your answers."""

import pytest
from django.urls import reverse

from submissions.models import Entry
from submissions.services import entry_create

pytestmark = pytest.mark.django_db


def _section(revision, slug):
    return reverse("submissions:revision_section", args=[revision.pk, slug])


@pytest.fixture
def draft(provider, provider_user):
    entry = entry_create(provider=provider, user=provider_user, content={"name": "Sensory play"})
    return entry.revisions.get()


def test_a_provider_starts_an_entry_and_gets_a_task_list(provider_client, provider):
    response = provider_client.post(reverse("submissions:entry_create", args=[provider.pk]),
                                    {"kind": "service", "name": "Sensory  play\r\n"})
    revision = Entry.objects.get().revisions.get()
    assert response.status_code == 302 and response.url == reverse("submissions:revision_edit", args=[revision.pk])
    assert revision.name == "Sensory play" and revision.state == "draft"
    page = provider_client.get(response.url).content.decode()
    for title in ("About the service", "Who it is for", "How to use it", "Costs", "Contact details",
                  "Where and when", "Leaflet or more information"):
        assert title in page
    assert "In progress" in page and "Not started" in page and "Optional" in page
    assert "Check your answers" in page
    # Nothing is done yet: the optional leaflet does not count as a completed section.
    assert "You have completed 0 of 6 sections; a section marked Optional is up to you." in page


def test_the_task_list_counts_the_sections_that_must_be_done(provider_client, make_entry):
    page = provider_client.get(reverse("submissions:revision_edit", args=[make_entry().revisions.get().pk]))
    assert "You have completed 6 of 6 sections" in page.content.decode()


def test_starting_an_entry_needs_a_kind_and_a_name(provider_client, provider):
    response = provider_client.post(reverse("submissions:entry_create", args=[provider.pk]), {"name": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "Select what you want to add" in page and "Enter a name" in page
    assert not Entry.objects.exists()


def test_each_section_saves_and_leads_to_the_next(provider_client, draft, needs):
    response = provider_client.post(_section(draft, "about"), {
        "name": "Sensory play", "description": "Play sessions.", "provision_kind": "leisure"})
    assert response.status_code == 302 and response.url == _section(draft, "who")
    response = provider_client.post(_section(draft, "who"), {"needs": [needs[0].pk], "then": "tasks"})
    assert response.url == reverse("submissions:revision_edit", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.description == "Play sessions." and list(draft.needs.all()) == [needs[0]]
    statuses = {section.slug: status for section, status, _missing in
                provider_client.get(response.url).context["statuses"]}
    assert statuses["about"] == "Completed" and statuses["who"] == "Completed"
    assert statuses["costs"] == "Not started"
    # The last section leads to check your answers.
    assert provider_client.post(_section(draft, "document"), {}).url == reverse(
        "submissions:revision_check", args=[draft.pk])


@pytest.mark.parametrize("slug, data, message", [
    ("where", {"postcode": "not a postcode"}, "Enter a full UK postcode, like DH1 5UQ"),
    ("where", {"postcode": "ZZ9 9ZZ"}, "Enter a real postcode. We could not find ZZ9 9ZZ"),
    ("who", {"age_from_years": "3", "age_to_years": "2"},
     "The oldest age must be the same as or more than the youngest age"),
    ("who", {"age_from_years": "abc"}, "Enter the youngest age in years as a whole number"),
    ("who", {"age_to_years": "40"}, "The oldest age in years must be 25 or less"),
    ("who", {"age_from_months": "12"}, "The youngest age&#x27;s months must be 11 or less"),
    ("contact", {"contact_email": "nobody"}, "Enter an email address in the correct format"),
    ("about", {"name": ""}, "Enter the name of the service"),
    ("about", {"name": "x" * 201}, "Name of the service must be 200 characters or fewer"),
    ("about", {"name": "Club", "provision_kind": "evil"}, "Select kind of provision from the list"),
    ("contact", {"contact_name": "a\x00b"}, "Remove the unusual characters from contact name or role"),
    ("costs", {"is_free": "no"}, "Enter what it costs"),
])
def test_bad_input_gets_a_gov_uk_error_and_saves_nothing(provider_client, draft, slug, data, message):
    before = Entry.objects.get().revisions.get().content_modified_at
    response = provider_client.post(_section(draft, slug), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "<title>Error:" in page
    assert page.count(message) >= 2  # in the error summary and beside the field
    assert Entry.objects.get().revisions.get().content_modified_at == before


def test_a_name_is_kept_on_one_line(provider_client, draft):
    provider_client.post(_section(draft, "about"), {"name": "Club\r\nSubject: spam"})
    draft.refresh_from_db()
    assert draft.name == "Club Subject: spam"


@pytest.mark.parametrize("typed, stored, shown", [
    ({"age_from_years": "0", "age_from_months": "6", "age_to_years": "2"}, (6, 35), "6 months to 2 years"),
    ({"age_from_years": "0", "age_from_months": "3", "age_to_years": "1", "age_to_months": "6"}, (3, 18),
     "3 months to 1 year 6 months"),
    ({"age_from_years": "5"}, (60, None), "From 5 years"),
    ({}, (None, None), "All ages up to 25"),
])
def test_ages_are_kept_in_months_and_shown_in_years_and_months(provider_client, draft, typed, stored, shown):
    provider_client.post(_section(draft, "who"), typed)
    draft.refresh_from_db()
    assert (draft.age_min_months, draft.age_max_months) == stored
    page = provider_client.get(reverse("submissions:revision_check", args=[draft.pk])).content.decode()
    assert shown in page
    form = provider_client.get(_section(draft, "who")).context["form"]
    assert {k: str(v) for k, v in form.initial.items() if k.startswith("age") and v is not None} == typed


def test_editing_a_section_keeps_what_was_typed(provider_client, make_entry):
    revision = make_entry().revisions.get()
    form = provider_client.get(_section(revision, "where")).context["form"]
    assert form.initial["postcode"] == "DH1 5UQ"
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update({"address": "1 New Street", "times-TOTAL_FORMS": "0", "times-INITIAL_FORMS": "0"})
    assert provider_client.post(_section(revision, "where"), data).status_code == 302
    revision.refresh_from_db()
    assert revision.address == "1 New Street" and revision.postcode == "DH1 5UQ"
    assert revision.needs.count() == 1 and revision.by_appointment


def test_an_unknown_section_is_not_found(provider_client, draft):
    assert provider_client.get(_section(draft, "nonsense")).status_code == 404


def test_check_your_answers_lists_everything_with_change_links(provider_client, make_entry):
    revision = make_entry().revisions.get()
    page = provider_client.get(reverse("submissions:revision_check", args=[revision.pk])).content.decode()
    assert "Check your answers before you submit" in page
    assert "Speech and language drop-in" in page and "team@example.org" in page
    assert _section(revision, "contact") + "#id_contact_email" in page
    assert "Not ready to submit" not in page and "Submit for review" in page


def test_updating_a_published_entry_needs_a_post(provider_client, make_entry):
    entry = make_entry()
    assert provider_client.get(reverse("submissions:entry_start_update", args=[entry.pk])).status_code == 405
