import pytest
from django.urls import reverse

from submissions.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(postcode, needs):
    return {
        "name": "Sensory play", "description": "Play sessions.", "provision_kind": "leisure",
        "age_from": "0", "age_to": "4", "needs": [needs[0].pk], "how_to_access": "Drop in.",
        "contact_email": "play@example.org", "postcode": "dh15uq",
    }


def test_a_provider_saves_a_draft_and_sees_its_status(provider_client, provider, form_data):
    response = provider_client.post(reverse("submissions:entry_create", args=[provider.pk]), form_data,
                                    follow=True)
    page = response.content.decode()
    assert "Your draft has been saved" in page
    assert "Draft" in page and "Submit for review" in page
    revision = Entry.objects.get().revisions.get()
    assert revision.postcode == "DH1 5UQ"
    assert (revision.age_min_months, revision.age_max_months) == (0, 59)


@pytest.mark.parametrize("field, value, message", [
    ("postcode", "not a postcode", "Enter a full UK postcode, like DH1 5UQ"),
    ("postcode", "ZZ9 9ZZ", "Enter a real postcode. We could not find ZZ9 9ZZ"),
    ("age_to", "2", "The oldest age must be the same as or more than the youngest age"),
    ("age_from", "abc", "Enter the youngest age as a whole number of years"),
    ("age_to", "40", "The oldest age must be 25 or less"),
    ("contact_email", "nobody", "Enter an email address in the correct format"),
    ("name", "", "Enter the name of the service"),
])
def test_bad_input_gets_a_gov_uk_error_and_saves_nothing(provider_client, provider, form_data, field, value,
                                                         message):
    form_data = {**form_data, "age_from": "3", field: value}
    response = provider_client.post(reverse("submissions:entry_create", args=[provider.pk]), form_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert page.count(message) >= 2  # in the error summary and beside the field
    assert "<title>Error:" in page
    assert not Entry.objects.exists()


def test_editing_a_draft_keeps_what_was_typed(provider_client, make_entry):
    revision = make_entry().revisions.get()
    url = reverse("submissions:revision_edit", args=[revision.pk])
    form = provider_client.get(url).context["form"]
    assert form.initial["postcode"] == "DH1 5UQ"
    assert form.initial["age_to"] == 5
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["name"] = "Renamed"
    provider_client.post(url, data)
    revision.refresh_from_db()
    assert revision.name == "Renamed"
    assert revision.age_max_months == 5 * 12 + 11
    assert revision.needs.count() == 1


def test_updating_a_published_entry_needs_a_post(provider_client, make_entry):
    entry = make_entry()
    assert provider_client.get(reverse("submissions:entry_start_update", args=[entry.pk])).status_code == 405


@pytest.mark.parametrize("field, value, message", [
    ("name", "x" * 201, "Name of the service must be 200 characters or fewer"),
    ("provision_kind", "evil", "Select kind of provision from the list"),
    ("contact_name", "a\x00b", "Remove the unusual characters from contact name or role"),
])
def test_django_stock_messages_come_in_gov_uk_words(provider_client, provider, form_data, field, value,
                                                    message):
    response = provider_client.post(reverse("submissions:entry_create", args=[provider.pk]),
                                    {**form_data, field: value})
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_a_name_is_kept_on_one_line(provider_client, provider, form_data):
    provider_client.post(reverse("submissions:entry_create", args=[provider.pk]),
                         {**form_data, "name": "Club\r\nSubject: spam"})
    assert Entry.objects.get().revisions.get().name == "Club Subject: spam"
