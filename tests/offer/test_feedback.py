"""Feedback on the Local Offer (Regulation 56): the public form, its guards, the Local Offer
team's response and the "You said, we did" page."""

import pytest
from django.test import Client
from django.urls import reverse

from offer.forms import FEEDBACK_MAX_CHARACTERS
from offer.models import Feedback, FeedbackStatus
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db

GENERAL = {"about": "missing", "message": "There is nothing about short breaks in Stanley.",
           "name": "A parent", "email": "parent@example.org"}


@pytest.fixture
def published_entry(make_entry, publish):
    return publish(make_entry(name="Autism outreach"))


_on_commit = {}


@pytest.fixture(autouse=True)
def _emails_go_when_the_request_commits(django_capture_on_commit_callbacks):
    _on_commit["capture"] = django_capture_on_commit_callbacks


def _send(client, data, url=None, address="203.0.113.7"):
    with _on_commit["capture"](execute=True):
        return client.post(url or reverse("offer:feedback"), data, REMOTE_ADDR=address)


def test_feedback_reaches_the_local_offer_team(client, moderator, mailoutbox):
    response = _send(client, GENERAL)
    assert response.status_code == 302 and response.url == reverse("offer:feedback_sent")
    feedback = Feedback.objects.get()
    assert (feedback.about, feedback.message, feedback.email) == ("missing", GENERAL["message"], GENERAL["email"])
    assert "203.0.113.7" not in feedback.sender_key  # only a keyed hash of the address is kept
    sent = client.get(response.url).content.decode()
    assert "Feedback sent" in sent and feedback.reference in sent
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    assert GENERAL["message"] in mailoutbox[0].body
    assert reverse("feedback:detail", args=[feedback.pk]) in mailoutbox[0].body
    assert "It is about: something missing from the Local Offer." in mailoutbox[0].body


def test_feedback_on_an_entry_goes_to_its_provider_privately(client, published_entry, provider_user, moderator,
                                                            mailoutbox):
    mailoutbox.clear()
    url = reverse("offer:entry_feedback", args=[published_entry.pk])
    entry_page = client.get(reverse("offer:entry", args=[published_entry.pk])).content.decode()
    assert "Give feedback on this entry" in entry_page
    response = _send(client, {"message": "The phone number on this page is wrong.", "name": "Sam Jones",
                              "email": "sam@example.org"}, url=url)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.entry == published_entry and feedback.about == "entry"
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {provider_user.email, moderator.email}
    to_provider = by_recipient[provider_user.email]
    assert "The phone number on this page is wrong." in to_provider.body
    assert "Sam Jones" not in to_provider.body and "sam@example.org" not in to_provider.body
    assert provider_user.notifications.filter(kind="entry_feedback").exists()


def test_only_published_entries_take_feedback(client, make_entry):
    draft = make_entry(name="Draft club")
    assert client.get(reverse("offer:entry_feedback", args=[draft.pk])).status_code == 404
    assert _send(client, {"message": "Hello"}, url=reverse("offer:entry_feedback", args=[draft.pk])).status_code == 404
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("data, message", [
    ({**GENERAL, "message": "  "}, "Enter your feedback"),
    ({**GENERAL, "about": ""}, "Select what your feedback is about"),
    ({**GENERAL, "about": "entry"}, "Select what your feedback is about"),
    ({**GENERAL, "message": "x" * (FEEDBACK_MAX_CHARACTERS + 1)}, "Feedback must be 3,000 characters or less"),
    ({**GENERAL, "email": "parent at example"}, "Enter an email address in the correct format"),
])
def test_bad_feedback_gets_a_message_and_keeps_what_was_typed(client, moderator, mailoutbox, data, message):
    response = _send(client, data)
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page and message in page
    assert data["message"].strip()[:50] in page  # nothing typed is lost
    assert not Feedback.objects.exists() and not mailoutbox


def test_robots_filling_the_hidden_field_are_thanked_and_ignored(client, moderator, mailoutbox):
    response = _send(client, {**GENERAL, "website": "http://spam.example"})
    assert response.status_code == 302 and response.url == reverse("offer:feedback_sent")
    assert not Feedback.objects.exists() and not mailoutbox


def test_one_sender_is_limited_per_hour_and_keeps_their_words(client, moderator, settings):
    settings.FEEDBACK_PER_SENDER_PER_HOUR = 2
    for n in range(2):
        assert _send(client, {**GENERAL, "message": f"Message {n}"}).status_code == 302
    response = _send(client, {**GENERAL, "message": "One more thing"})
    page = response.content.decode()
    assert response.status_code == 429 and "Wait an hour" in page and "One more thing" in page
    assert Feedback.objects.count() == 2
    assert _send(Client(), {**GENERAL, "message": "From elsewhere"}, address="198.51.100.1").status_code == 302


def test_sending_the_same_words_twice_records_them_once(client, moderator, mailoutbox):
    _send(client, GENERAL)
    _send(client, GENERAL)
    assert Feedback.objects.count() == 1 and len(mailoutbox) == 1


def _respond(client, feedback, **data):
    return client.post(reverse("feedback:detail", args=[feedback.pk]),
                       {"version": feedback.version, "you_said": "", "we_did": "", "publish": "no", **data})


def test_a_published_response_appears_anonymised_on_you_said_we_did(client, moderator_client):
    _send(Client(), GENERAL)
    feedback = Feedback.objects.get()
    waiting = moderator_client.get(reverse("feedback:list")).content.decode()
    assert feedback.reference in waiting and "Waiting for a response (1)" in waiting
    detail = moderator_client.get(reverse("feedback:detail", args=[feedback.pk])).content.decode()
    assert GENERAL["message"] in detail and GENERAL["email"] in detail

    response = _respond(moderator_client, feedback, you_said="Short breaks in the north of the county are missing.",
                        we_did="We asked two providers in Stanley to add their short breaks.", publish="yes")
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PUBLISHED and feedback.published_at is not None

    public = Client().get(reverse("offer:you_said_we_did")).content.decode()
    assert "Short breaks in the north of the county are missing." in public
    assert "We asked two providers in Stanley to add their short breaks." in public
    assert GENERAL["message"] not in public and GENERAL["email"] not in public and GENERAL["name"] not in public


def test_a_response_can_stay_private_or_be_taken_down(client, moderator_client):
    _send(Client(), GENERAL)
    feedback = Feedback.objects.get()
    _respond(moderator_client, feedback, you_said="Said", we_did="Did", publish="yes")
    feedback.refresh_from_db()
    _respond(moderator_client, feedback, you_said="Said", we_did="Did", publish="no")
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RESPONDED and feedback.published_at is None
    assert "Did" not in Client().get(reverse("offer:you_said_we_did")).content.decode().split("<main")[1]


@pytest.mark.parametrize("data, message", [
    ({"you_said": "", "we_did": "Did", "publish": "yes"}, "Enter what they said, to publish the response"),
    ({"you_said": "Said", "we_did": "", "publish": "yes"}, "Enter the council&#x27;s response"),
    ({"you_said": "Said", "we_did": "Did", "publish": ""}, "Select whether to publish the response"),
])
def test_an_incomplete_response_is_refused(moderator_client, data, message):
    _send(Client(), GENERAL)
    feedback = Feedback.objects.get()
    response = _respond(moderator_client, feedback, **data)
    assert response.status_code == 400 and message in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.NEW and feedback.we_did == ""


def test_a_response_from_a_stale_page_is_refused_and_kept(moderator_client):
    _send(Client(), GENERAL)
    feedback = Feedback.objects.get()
    other = Client()
    other.force_login(ModeratorFactory())
    _respond(other, feedback, we_did="Their response", publish="no")
    response = _respond(moderator_client, feedback, we_did="My response", publish="no")
    page = response.content.decode()
    assert response.status_code == 409 and "Someone else saved a response" in page and "My response" in page
    feedback.refresh_from_db()
    assert feedback.we_did == "Their response"
    # Saving again from the page it showed, knowingly, replaces theirs.
    assert _respond(moderator_client, feedback, we_did="My response", publish="no").status_code == 302


def test_hostile_text_is_shown_as_text(client, moderator_client, mailoutbox):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _send(Client(), {**GENERAL, "message": hostile, "name": hostile})
    feedback = Feedback.objects.get()
    page = moderator_client.get(reverse("feedback:detail", args=[feedback.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    html = mailoutbox[0].alternatives[0][0]
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_providers_cannot_see_the_feedback_pages(provider_client):
    _send(Client(), GENERAL)
    feedback = Feedback.objects.get()
    assert provider_client.get(reverse("feedback:list")).status_code == 403
    assert provider_client.get(reverse("feedback:detail", args=[feedback.pk])).status_code == 403


def test_the_queue_shows_feedback_waiting(moderator_client):
    _send(Client(), GENERAL)
    assert "1 waiting for a response" in moderator_client.get(reverse("workflow:queue")).content.decode()
