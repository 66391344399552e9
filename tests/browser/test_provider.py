"""A provider signs in, adds a service to the Local Offer through the task list and submits it."""

import pytest

from submissions.models import Entry
from tests.browser import provider_steps
from tests.browser.journey import DESKTOP, NO_JAVASCRIPT, PHONE, PHONE_NO_JAVASCRIPT

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("variant", [DESKTOP, PHONE, NO_JAVASCRIPT], ids=lambda v: v.name)
def test_a_provider_adds_an_entry_and_submits_it_for_review(journey, variant, provider, provider_user, postcode,
                                                           needs):
    person = journey(variant, "provider")
    provider_steps.sign_in(person, provider_user.email, with_a_mistake=True)
    assert person.heading() == "Your Local Offer entries"

    provider_steps.add_service(person, provider.name, "Speech and language drop-in", with_mistakes=True)
    assert person.heading() == "Speech and language drop-in"
    provider_steps.complete_sections(person, with_mistakes=True)
    provider_steps.submit(person)

    entry = Entry.objects.get(provider=provider)
    revision = entry.revisions.get()
    assert revision.state == "submitted"
    assert (revision.name, revision.provision_kind, revision.postcode) == (
        "Speech and language drop-in", "health", postcode.postcode)
    assert list(revision.needs.values_list("name", flat=True)) == ["Autism"]
    assert revision.online and revision.is_free and revision.contact_email == "team@example.org"
    assert entry.published_revision is None


@pytest.mark.parametrize("variant", [DESKTOP, PHONE_NO_JAVASCRIPT], ids=lambda v: v.name)
def test_a_provider_lists_a_service_open_twice_a_day_and_the_times_stay_exact(journey, variant, provider,
                                                                            provider_user, postcode, needs):
    from datetime import time

    person = journey(variant, "provider")
    provider_steps.sign_in(person, provider_user.email)
    provider_steps.add_service(person, provider.name, "Stay and play")
    provider_steps.complete_sections(person, provider_steps.IN_PERSON_ANSWERS)
    answers = person.main.inner_text()
    assert "Tuesday 09:05 to 11:30" in answers and "Tuesday 13:00 to 15:00" in answers
    provider_steps.submit(person)

    revision = Entry.objects.get(provider=provider).revisions.get()
    assert revision.state == "submitted" and revision.in_person and not revision.by_appointment
    assert [(t.weekday, t.opens, t.closes) for t in revision.opening_times.all()] == [
        (1, time(9, 5), time(11, 30)), (1, time(13, 0), time(15, 0))]
