"""A provider signs in, adds a service to the Local Offer through the task list and submits it."""

import pytest

from submissions.models import Entry
from tests.browser import provider_steps
from tests.browser.journey import DESKTOP, DESKTOP_POINTER, NO_JAVASCRIPT, PHONE, PHONE_NO_JAVASCRIPT

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


def test_a_senco_writes_the_schools_sen_information_report_item_by_item_and_submits_it(
        journey, provider, provider_user, postcode, needs, tmp_path):
    from portal.demo import demo_pdf_bytes
    from submissions.sections import report_items_for, sections_for_entry

    plan = tmp_path / "accessibility-plan.pdf"
    plan.write_bytes(demo_pdf_bytes("Accessibility plan"))
    person = journey(DESKTOP_POINTER, "senco")
    provider_steps.sign_in(person, provider_user.email)
    person.follow(provider.name, "the organisation", within=person.main)
    person.press("Add an entry", "add an entry")
    person.choose("The school's SEN information report")
    person.fill("Name", "SEN information report 2026")
    person.press("Continue", "the sections to complete")
    entry = Entry.objects.get(provider=provider)

    sections = sections_for_entry(entry)
    person.follow(sections[0].title, f"section {sections[0].title}", within=person.main)
    for number, section in enumerate(sections):
        if section.slug == "about":
            person.choose("Autism")
        if section.slug == "contact":
            person.fill("Name of the SENCO", "Ms A Example")
            person.fill("Email address", "senco@example.org")
            person.fill("Postcode", postcode.postcode)
        for item in report_items_for(provider, section.report_items):
            person.fill(item.title, f"How we do this at our school: {item.title.lower()}, in plain words.")
        if section.slug == "accessibility":
            person.attach("Accessibility plan (PDF)", plan)
        following = sections[number + 1].title if number + 1 < len(sections) else "check your answers"
        person.press("Save and continue", f"section {following}")
    assert person.heading() == "Check your answers before you submit"
    provider_steps.submit(person)

    revision = entry.revisions.get()
    assert revision.state == "submitted" and revision.document.name.endswith(".pdf")
    assert set(revision.report) >= {item.key for item in report_items_for(provider)}
