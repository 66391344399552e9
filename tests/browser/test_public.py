"""A parent finds support near them, reads an entry, tells the council something is wrong, and
reads what the council has done about what people said."""

import pytest

from offer.models import Feedback, FeedbackAbout
from offer.services import feedback_create, feedback_respond
from tests.browser.journey import DESKTOP, NO_JAVASCRIPT, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def published_entry(make_entry, publish):
    return publish(make_entry(name="Speech and language drop-in"))


@pytest.fixture
def published_summary(moderator):
    feedback = feedback_create(about=FeedbackAbout.MISSING, message="There is nothing for teenagers in Stanley.",
                               sender_address="192.0.2.1")
    return feedback_respond(feedback_id=feedback.pk, user=moderator, you_said="Older children lack clubs.",
                            we_did="We asked youth clubs in the north of the county to join.", publish=True,
                            expected_version=feedback.version)


@pytest.mark.parametrize("variant", [DESKTOP, PHONE, NO_JAVASCRIPT], ids=lambda v: v.name)
def test_a_parent_searches_near_them_reads_an_entry_and_gives_feedback(journey, variant, published_entry,
                                                                      published_summary, postcode):
    parent = journey(variant, "parent")
    parent.open("/", "find support")
    assert parent.heading() == "Find support for children and young people with SEND"

    parent.fill("Near postcode", "Not a postcode")
    parent.submit_expecting_errors("Search", "search with a wrong postcode",
                                   "Enter a real postcode, like DH1 5UQ, or the first half, like DH1")

    parent.fill("Near postcode", postcode.postcode)
    parent.press("Search", "results near the postcode")
    results = parent.main.get_by_role("heading", level=2).first.inner_text()
    assert results.startswith("1 result within") and results.endswith(f"of {postcode.postcode}, nearest first")

    parent.follow("Speech and language drop-in", "the entry", within=parent.main)
    assert parent.heading() == "Speech and language drop-in"

    parent.follow("Give feedback on this entry", "feedback on the entry")
    parent.submit_expecting_errors("Send feedback", "feedback left empty", "Enter your feedback")
    parent.fill("Your feedback", "The drop-in has moved to Tuesdays.")
    parent.press("Send feedback", "feedback sent")
    assert parent.heading().startswith("Feedback sent")
    sent = Feedback.objects.get(entry=published_entry)
    assert sent.message == "The drop-in has moved to Tuesdays."
    assert sent.reference in parent.main.inner_text()

    parent.follow("You said, we did", "you said, we did", within=parent.main)
    assert "Older children lack clubs." in parent.main.inner_text()
    assert "There is nothing for teenagers in Stanley." not in parent.page.content()

    parent.follow("Give feedback on the Local Offer", "feedback on the Local Offer", within=parent.main)
    parent.submit_expecting_errors("Send feedback", "general feedback left empty",
                                   "Select what your feedback is about", "Enter your feedback")
    parent.choose("Support or a service that is missing from the Local Offer")
    parent.fill("Your feedback", "Please list autism-friendly swimming sessions.")
    parent.press("Send feedback", "general feedback sent")
    assert Feedback.objects.filter(about=FeedbackAbout.MISSING, entry=None,
                                   message="Please list autism-friendly swimming sessions.").exists()


def test_the_booklet_prints_the_entries_without_the_site_around_them(chromium, live_server, published_entry):
    from django.urls import reverse

    from tests.browser.conftest import ARTIFACTS

    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("offer:booklet"))
        page.emulate_media(media="print")
        for around in (".govuk-header", ".govuk-footer", ".govuk-phase-banner", "form"):
            assert all(not element.is_visible() for element in page.locator(around).all()), around
        assert page.get_by_role("heading", name="Speech and language drop-in").is_visible()
        pdf = page.pdf(format="A4")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "booklet.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    finally:
        context.close()
