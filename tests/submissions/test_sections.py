"""What providers submit: opening times, simple formatting that cannot carry anything hostile,
PDF documents, and the statutory items of a school's SEN information report."""

import re
from datetime import time

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.demo import demo_pdf_bytes
from portal.models import ProviderKind
from submissions.models import EntryKind, OpeningTime, Revision
from submissions.sections import REPORT_ITEMS, THIN_WORDS, revision_rows_by_section
from submissions.services import entry_create, revision_update_content
from tests.conftest import page_text
from tests.factories import ProviderFactory
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


def _section(revision, slug):
    return reverse("submissions:revision_section", args=[revision.pk, slug])


def _where(revision, rows, **extra):
    """The "Where and when" form as a browser posts it, with one row per opening session."""
    data = {"address": revision.address, "postcode": revision.postcode, "times-TOTAL_FORMS": str(len(rows)),
            "times-INITIAL_FORMS": "0", **extra}
    for n, (day, opens, closes) in enumerate(rows):
        data.update({f"times-{n}-weekday": day, f"times-{n}-opens": opens, f"times-{n}-closes": closes})
    return data


@pytest.fixture
def in_person(make_entry):
    return make_entry(in_person=True, by_appointment=False).revisions.get()


# --- Opening times -----------------------------------------------------------------------------

def test_opening_times_round_trip_exactly_with_several_sessions_a_day(provider_client, in_person):
    rows = [("0", "09:05", "12:00"), ("0", "13:30", "15:45"), ("4", "18:00", "20:00")]
    response = provider_client.post(_section(in_person, "where"), _where(in_person, rows))
    assert response.status_code == 302
    assert [(t.weekday, t.opens, t.closes) for t in in_person.opening_times.all()] == [
        (0, time(9, 5), time(12, 0)), (0, time(13, 30), time(15, 45)), (4, time(18, 0), time(20, 0))]
    page = provider_client.get(_section(in_person, "where")).content.decode()
    assert 'value="09:05"' in page and 'value="13:30"' in page and 'value="15:45"' in page
    check = provider_client.get(reverse("submissions:revision_check", args=[in_person.pk])).content.decode()
    assert "Monday 09:05 to 12:00" in check and "Friday 18:00 to 20:00" in check


def test_a_session_that_closes_before_it_opens_gets_an_error_on_its_row(provider_client, in_person):
    response = provider_client.post(_section(in_person, "where"),
                                    _where(in_person, [("1", "09:00", "10:00"), ("2", "17:00", "09:00")]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Session 2: The closing time must be after the opening time" in page
    assert 'href="#id_times-1-closes"' in page
    assert not OpeningTime.objects.exists()


@pytest.mark.parametrize("rows, extra, message", [
    ([("1", "09:00", "10:00"), ("1", "09:00", "11:00")], {}, "You have entered Tuesday at 09:00 twice"),
    ([], {}, "Add at least one opening time, or say the service is by appointment"),
    ([("", "", "")], {}, "Add at least one opening time, or say the service is by appointment"),
    ([("1", "9am", "10:00")], {}, "Enter the opening time like 09:30"),
    ([("1", "09:00", "")], {}, "Enter the closing time like 17:00"),
    ([("", "09:00", "10:00")], {}, "Select the day"),
])
def test_formset_errors_are_shown_and_nothing_is_saved(provider_client, in_person, rows, extra, message):
    OpeningTime.objects.create(revision=in_person, weekday=3, opens=time(8), closes=time(9))
    response = provider_client.post(_section(in_person, "where"), _where(in_person, rows, address="Changed", **extra))
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page and message in page
    in_person.refresh_from_db()
    assert in_person.address != "Changed"
    assert [(t.weekday, t.opens) for t in in_person.opening_times.all()] == [(3, time(8))]


def test_by_appointment_needs_no_rows(provider_client, in_person):
    response = provider_client.post(_section(in_person, "where"), _where(in_person, [], by_appointment="on"))
    assert response.status_code == 302
    in_person.refresh_from_db()
    assert in_person.by_appointment


def test_rows_are_added_without_saving_and_removed_on_save(provider_client, in_person):
    rows = [("0", "09:00", "12:00"), ("1", "09:00", "12:00")]
    response = provider_client.post(_section(in_person, "where"), _where(in_person, rows, add_session="1"))
    assert response.status_code == 200 and len(response.context["times"].forms) == 3
    assert "Session 3" in response.content.decode()
    assert not OpeningTime.objects.exists()
    data = _where(in_person, rows)
    data["times-0-DELETE"] = "on"
    assert provider_client.post(_section(in_person, "where"), data).status_code == 302
    assert [t.weekday for t in in_person.opening_times.all()] == [1]


def test_an_update_copies_the_opening_times_and_the_live_ones_stay(provider_user, moderator, in_person, publish):
    OpeningTime.objects.create(revision=in_person, weekday=2, opens=time(9, 5), closes=time(17))
    entry = publish(in_person.entry)
    from submissions.services import revision_start_update

    update = revision_start_update(entry_id=entry.pk, user=provider_user)
    revision_update_content(revision_id=update.pk, content={"opening_times": [(3, time(10), time(11))]})
    assert [(t.weekday, t.opens) for t in entry.published_revision.opening_times.all()] == [(2, time(9, 5))]
    assert [(t.weekday, t.opens) for t in update.opening_times.all()] == [(3, time(10))]


# --- Simple formatting, and nothing hostile ----------------------------------------------------

HOSTILE = {
    "script": '<script>alert("x")</script>',
    "handler": '<img src=x onerror="alert(1)"><b onclick="alert(2)">bold</b>',
    "javascript link": '[click me](javascript:alert(3)) and <a href="javascript:alert(4)">me</a>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "entity-hidden script": "&lt;script&gt;alert(5)&lt;/script&gt;",
}


# Markup that would run or load something. Escaped text (&lt;script&gt;, onerror=&quot;) is harmless.
LIVE_MARKUP = ("<script>alert", "<img", "<iframe", 'onerror="', 'onclick="', 'href="javascript:')


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_reaches_no_page_and_no_email(provider_client, moderator, provider_user, make_entry,
                                                   django_capture_on_commit_callbacks, name):
    hostile = HOSTILE[name]
    revision = make_entry().revisions.get()
    # Posted straight to the server, as a browser would never send it.
    response = provider_client.post(_section(revision, "about"), {
        "name": f"Club {hostile}"[:200], "description": f"**Welcome** {hostile}\n\n- one\n- two",
        "provision_kind": "leisure"})
    assert response.status_code == 302
    stored = Revision.objects.get(pk=revision.pk)
    for dangerous in LIVE_MARKUP:
        assert dangerous not in stored.description.lower()
    with django_capture_on_commit_callbacks(execute=True):
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
        for action in ("start_review", "approve", "publish"):
            revision_transition(revision_id=revision.pk, action=action, user=moderator)
    moderator_client = Client()
    moderator_client.force_login(moderator)
    pages = {
        "public": Client().get(reverse("offer:entry", args=[revision.entry_id])).content.decode(),
        "review": moderator_client.get(reverse("workflow:review", args=[revision.pk])).content.decode(),
        "provider": provider_client.get(reverse("submissions:entry", args=[revision.entry_id])).content.decode(),
    }
    # The HTML part of every email; a text/plain part is never read as markup.
    emails = [m.alternatives[0][0] for m in mail.outbox]
    assert emails
    for where, html in [*pages.items(), *(("email", e) for e in emails)]:
        lowered = html.lower()
        for dangerous in LIVE_MARKUP:
            assert dangerous not in lowered, (where, dangerous)
    assert "<strong>Welcome</strong>" in pages["public"] and "<li>one</li>" in pages["public"]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_markup_already_in_the_database_is_cleaned_again_when_shown(client, moderator, make_entry, publish,
                                                                           name):
    # As if it had got in some other way (an old import, a bug): rendering cleans it again.
    entry = publish(make_entry(name="Holiday club"))
    Revision.objects.filter(pk=entry.published_revision_id).update(
        description=f"**Welcome** {HOSTILE[name]}", how_to_access=HOSTILE[name], accessibility=HOSTILE[name])
    council = Client()
    council.force_login(moderator)
    pages = {"public": client.get(reverse("offer:entry", args=[entry.pk])).content.decode(),
             "booklet": page_text(client.get(reverse("offer:booklet"))),
             "review": council.get(reverse("workflow:review", args=[entry.published_revision_id])).content.decode()}
    for where, html in pages.items():
        for dangerous in LIVE_MARKUP:
            assert dangerous not in html.lower(), (where, dangerous)
    assert "<strong>Welcome</strong>" in pages["public"]


def test_links_in_formatted_text_keep_safe_addresses(provider_client, make_entry, publish):
    revision = make_entry().revisions.get()
    provider_client.post(_section(revision, "about"), {
        "name": "Club", "provision_kind": "leisure",
        "description": "See [our timetable](https://www.example.org.uk/timetable) or email [us](mailto:a@example.org)"})
    entry = publish(revision.entry)
    page = Client().get(reverse("offer:entry", args=[entry.pk])).content.decode()
    assert 'href="https://www.example.org.uk/timetable"' in page and 'href="mailto:a@example.org"' in page


# --- Documents ---------------------------------------------------------------------------------

@pytest.fixture
def report(provider_user, postcode, needs):
    school = ProviderFactory(kind=ProviderKind.ACADEMY, name="Hilltop Academy")
    from portal.services import membership_create

    membership_create(user=provider_user, provider=school)
    entry = entry_create(provider=school, user=provider_user, kind=EntryKind.SEN_INFORMATION_REPORT, content={
        "name": "Hilltop Academy: SEN information report", "needs": needs[:1], "postcode": postcode.postcode,
        "contact_name": "Ms Example, SENCO", "contact_email": "senco@example.org",
        "report": {item.key: " ".join(["Plenty of words about this item."] * 8) for item in REPORT_ITEMS}})
    return entry.revisions.get()


def _pdf(name="plan.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else demo_pdf_bytes("Plan"),
                              content_type="application/pdf")


def _accessibility(revision, **data):
    items = {f"report_{key}": text for key, text in revision.report.items()
             if key in ("admission_of_disabled_pupils", "equal_treatment", "access_facilities", "accessibility_plan")}
    return {**items, **data}


def test_a_pdf_is_checked_on_its_content_not_its_name(provider_client, report, settings):
    url = _section(report, "accessibility")
    for upload, message in [
        (_pdf("plan.pdf", b"MZ\x90\x00 this is a program, not a PDF"), "The selected file must be a PDF"),
        (_pdf("plan.pdf", b""), "The selected file is empty"),
        (_pdf("plan.pdf", b"%PDF-1.4\n" + b"x" * 2048), "The selected file must be a PDF"),
    ]:
        response = provider_client.post(url, _accessibility(report, document=upload))
        assert response.status_code == 400 and message in response.content.decode()
    settings.DOCUMENT_MAX_BYTES = 100
    response = provider_client.post(url, _accessibility(report, document=_pdf()))
    assert "The selected file must be smaller than" in response.content.decode()
    settings.DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
    # A real PDF with any name is stored as a PDF.
    assert provider_client.post(url, _accessibility(report, document=_pdf("plan.exe"))).status_code == 302
    report.refresh_from_db()
    assert report.document.name.endswith(".pdf") and report.document.read().startswith(b"%PDF-")


def test_editing_keeps_the_file_replacing_works_and_a_required_file_cannot_be_removed(provider_client, report):
    url = _section(report, "accessibility")
    provider_client.post(url, _accessibility(report, document=_pdf("first.pdf")))
    report.refresh_from_db()
    first = report.document.name
    page = provider_client.get(url).content.decode()
    assert 'type="file"' in page and "required" not in page.split('type="file"')[1].split(">")[0]
    assert "Current file" in page
    # Saving the section again without a file keeps it.
    assert provider_client.post(url, _accessibility(report, report_complaints="Changed")).status_code == 302
    report.refresh_from_db()
    assert report.document.name == first
    # Removing the required plan is refused with a message.
    response = provider_client.post(url, _accessibility(report, remove_document="on"))
    assert response.status_code == 400
    assert "The accessibility plan (PDF) is needed. Upload a new one to replace it" in response.content.decode()
    report.refresh_from_db()
    assert report.document.name == first
    # Replacing works.
    provider_client.post(url, _accessibility(report, document=_pdf("second.pdf")))
    report.refresh_from_db()
    assert report.document.name != first and "second" in report.document.name


def test_only_the_live_revisions_document_is_public(provider_client, report, publish):
    provider_client.post(_section(report, "accessibility"), _accessibility(report, document=_pdf()))
    entry = report.entry
    assert Client().get(reverse("offer:entry_document", args=[entry.pk])).status_code == 404
    own = provider_client.get(reverse("submissions:revision_document", args=[report.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    publish(entry)
    public = Client().get(reverse("offer:entry_document", args=[entry.pk]))
    assert public.status_code == 200 and b"".join(public.streaming_content).startswith(b"%PDF-")


# --- The statutory items of a school's report --------------------------------------------------

def test_a_report_missing_three_items_is_refused_naming_the_three(provider_client, report):
    provider_client.post(_section(report, "accessibility"), _accessibility(report, document=_pdf()))
    report.refresh_from_db()
    revision_update_content(revision_id=report.pk, content={
        "report": {"complaints": "", "wellbeing": "", "local_offer": ""}})
    response = provider_client.post(reverse("revision_action", args=[report.pk, "submit"]),
                                    {"expected_state": "draft"})
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    for message, section in [("Enter emotional, mental and social development", "provision"),
                             ("Enter complaints", "families"),
                             ("Enter where the Local Offer is published", "transitions")]:
        assert message in page
        assert _section(report, section) in page
    assert page.count('<li><a href="') == 3
    assert Revision.objects.get(pk=report.pk).state == "draft"


def test_special_schools_are_not_asked_for_the_mainstream_items(report, provider_user):
    from submissions.completeness import revision_missing_items

    report.entry.provider.kind = ProviderKind.SPECIAL_SCHOOL
    report.entry.provider.save()
    revision_update_content(revision_id=report.pk, content={
        "report": {"identifying_needs": ""}, "contact_name": "", "contact_email": ""})
    report.refresh_from_db()
    assert [m.field for m in revision_missing_items(report)] == ["document"]


def test_a_special_school_has_no_section_with_nothing_to_fill_in(report, provider_client):
    report.entry.provider.kind = ProviderKind.SPECIAL_SCHOOL
    report.entry.provider.save()
    tasks = provider_client.get(reverse("submissions:revision_edit", args=[report.pk])).content.decode()
    assert "Identifying and assessing needs" not in tasks and "The school&#x27;s provision" in tasks
    assert provider_client.get(_section(report, "identifying")).status_code == 404
    about = provider_client.post(_section(report, "about"), {"name": report.name, "description": "About us.",
                                                              "needs": [n.pk for n in report.needs.all()]})
    assert about.url == _section(report, "provision")  # "Save and continue" skips it
    # What moderators, check your answers and the public pages read, section by section.
    report.refresh_from_db()
    assert "identifying" not in [section.slug for section, _rows in revision_rows_by_section(report)]


def test_moderators_see_which_statutory_items_are_missing_or_thin(moderator, report, provider_client):
    provider_client.post(_section(report, "accessibility"), _accessibility(report, document=_pdf()))
    revision_update_content(revision_id=report.pk, content={
        "report": {"equipment": "We buy what is needed.", "complaints": ""}})
    report.refresh_from_db()
    revision_update_content(revision_id=report.pk, content={"report": {"complaints": "See our complaints policy."}})
    response = provider_client.post(reverse("revision_action", args=[report.pk, "submit"]),
                                    {"expected_state": "draft"})
    assert Revision.objects.get(pk=report.pk).state == "submitted", response.content.decode()[:500]
    moderator_client = Client()
    moderator_client.force_login(moderator)
    page = moderator_client.get(reverse("workflow:review", args=[report.pk])).content.decode()
    assert "Statutory items of the SEN information report" in page
    rows = {title: state for (item, state, _words) in
            moderator_client.get(reverse("workflow:review", args=[report.pk])).context["report_items"]
            for title in [item.title]}
    assert rows["Equipment and facilities"] == "thin" and rows["Complaints"] == "thin"
    assert rows["Staff expertise and training"] == "given"
    assert f"fewer than {THIN_WORDS}" not in page  # the page says how many words, not a rule
    assert "Thin" in page and "5 words" in page


# --- Telephone numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0191 383 3000", "+44 (0)191 383 3000", "07700-900-982", "111",
                                   "0191 383 3000 ext 42", "(0191) 383 3000", "(0)191 383 3838"])
def test_telephone_numbers_as_people_write_them_are_kept(provider_client, make_entry, typed):
    revision = make_entry().revisions.get()
    response = provider_client.post(_section(revision, "contact"), {"contact_email": "a@example.org",
                                                                     "contact_phone": typed})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.contact_phone == typed


@pytest.mark.parametrize("typed", ["abc", "call us", "12", "0191 383 3000; DROP", "+44 +44", "---111---",
                                   "((((((((()))))))))111", "12 x 3", "٠١٩١ ٣٨٣ ٣٨٣٨", "０１９１ ３８３ ３８３８",
                                   "0191\x1c383\x0b3838", "0191\u2028383 3838"])
def test_a_telephone_number_that_is_not_one_is_refused_and_nothing_changes(provider_client, make_entry, typed):
    revision = make_entry(contact_phone="0191 383 3000").revisions.get()
    response = provider_client.post(_section(revision, "contact"), {"contact_email": "a@example.org",
                                                                     "contact_phone": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter a telephone number, like 01632 960 001" in page and "There is a problem" in page
    revision.refresh_from_db()
    assert revision.contact_phone == "0191 383 3000"


def test_the_public_page_makes_the_number_a_tap_to_call_link(client, make_entry, publish):
    entry = publish(make_entry(contact_phone="+44 (0)191 383 3000 ext. 42"))
    page = client.get(reverse("offer:entry", args=[entry.pk])).content.decode()
    assert '<a class="govuk-link" href="tel:+441913833000">+44 (0)191 383 3000 ext. 42</a>' in page


@pytest.mark.parametrize("stored, link", [
    ("0191 383 3000", "tel:01913833000"), ("+44 (0)191 383 3000 ext. 42", "tel:+441913833000"),
    ("0191 383 3000 / 07700 900982", "tel:01913833000"), ("07700 900982 or 0191 383 3000", "tel:07700900982"),
    ("Text us", ""), ("Text 07700 900982", "tel:07700900982"), ("111", "tel:111"),
    ("(0)191 383 3838", "tel:01913833838"), ("0800 (0) 11 11", "tel:080001111"), ("٠١٩١ ٣٨٣", "")])
def test_the_tap_to_call_address_is_the_first_number_or_none(stored, link):
    from portal.templatetags.portal_format import tel_href

    assert tel_href(stored) == link


def test_a_provider_can_keep_the_contact_for_the_local_offer_team(provider_client, make_entry):
    revision = make_entry().revisions.get()
    provider_client.post(_section(revision, "contact"), {"contact_email": "a@example.org", "contact_private": "on"})
    revision.refresh_from_db()
    assert revision.contact_private and revision.contact_email == "a@example.org"
    check = provider_client.get(reverse("submissions:revision_check", args=[revision.pk])).content.decode()
    assert "Who sees the name, email and telephone" in check and "The Local Offer team only" in check
    provider_client.post(_section(revision, "contact"), {"contact_email": "a@example.org"})
    revision.refresh_from_db()
    assert not revision.contact_private  # unticked: families see it again


def test_the_contact_setting_alone_does_not_start_the_section(provider_client, provider):
    provider_client.post(reverse("submissions:entry_create", args=[provider.pk]), {"kind": "service", "name": "New"})
    revision = Revision.objects.get(name="New")
    tasks = provider_client.get(reverse("submissions:revision_edit", args=[revision.pk])).content.decode()
    contact = tasks[tasks.index("Contact details"):tasks.index("Where and when")]
    assert "Not started" in contact


def test_the_telephone_box_brings_up_a_phone_keypad(provider_client, make_entry):
    page = provider_client.get(_section(make_entry().revisions.get(), "contact")).content.decode()
    box = re.search(r'<input[^>]*name="contact_phone"[^>]*>', page).group(0)
    assert box.count("type=") == 1 and 'type="tel"' in box and 'autocomplete="tel"' in box
    assert 'class="govuk-input' in box


def test_a_wrong_email_address_or_number_is_outlined_as_an_error(provider_client, make_entry):
    revision = make_entry().revisions.get()
    page = provider_client.post(_section(revision, "contact"), {"contact_email": "nope", "contact_phone": "abc"})
    for name in ("contact_email", "contact_phone"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page.content.decode()).group(0)
        assert "govuk-input--error" in box and 'aria-invalid="true"' in box, box


def test_a_private_contact_needs_a_website_or_the_providers_number_so_families_can_reach_it(make_entry, publish,
                                                                                             client):
    from submissions.completeness import revision_missing_items

    revision = make_entry(contact_private=True, website="").revisions.get()
    revision.entry.provider.telephone = ""
    revision.entry.provider.save()
    assert "otherwise they cannot contact you" in " ".join(m.message for m in revision_missing_items(revision))
    revision.entry.provider.telephone = "0191 383 3000"
    revision.entry.provider.save()
    assert revision_missing_items(revision) == []
    entry = publish(revision.entry)
    page = client.get(reverse("offer:entry", args=[entry.pk])).content.decode()
    assert f'Contact {entry.provider.name} on <a class="govuk-link" href="tel:01913833000">0191 383 3000</a>.' in page
