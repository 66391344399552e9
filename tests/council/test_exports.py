import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from offer.services import feedback_create, feedback_respond
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_entries_download_as_csv_with_the_filter_and_formulas_made_safe(make_entry, publish, moderator_client):
    publish(make_entry(name="=HYPERLINK(\"http://example.org\")"))
    make_entry(name="A draft")
    rows = _csv(moderator_client.get(reverse("council:entries_csv"), {"live": "on"}))
    assert rows[0][:3] == ["Entry", "Name", "Provider"]
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(\"http://example.org\")"]
    every = _csv(moderator_client.get(reverse("council:entries_csv")))
    assert len(every) == 3


def test_waiting_and_published_lists_download_as_csv(make_entry, publish, provider_user, moderator_client):
    publish(make_entry(name="Live"))
    waiting = make_entry(name="Sent")
    revision_transition(revision_id=waiting.revisions.get().pk, action="submit", user=provider_user)
    rows = _csv(moderator_client.get(reverse("council:waiting_csv")))
    assert [row[1] for row in rows[1:]] == ["Sent"]
    published = _csv(moderator_client.get(reverse("council:publications_csv")))
    assert [row[1] for row in published[1:]] == ["Live"]


def test_feedback_csv_leaves_out_the_sender_and_what_they_wrote(moderator, moderator_client):
    feedback = feedback_create(about="local_offer", message="Private words", name="Pat Parent",
                               email="pat@example.org", sender_address="192.0.2.9")
    feedback_respond(feedback_id=feedback.pk, user=moderator, you_said="More", we_did="Added", publish=True,
                     expected_version=feedback.version)
    response = moderator_client.get(reverse("council:feedback_csv"))
    text = response.content.decode("utf-8-sig")
    assert "Private words" not in text and "Pat Parent" not in text and "pat@example.org" not in text
    rows = _csv(response)
    assert rows[1][0] == feedback.reference and rows[1][5] == "Published on You said, we did"


@pytest.mark.parametrize("name, params, message", [
    ("council:entries", {"state": "nonsense"}, "Select state of the newest version from the list"),
    ("council:waiting", {"waited": "forever"}, "Select waited from the list"),
    ("council:publications", {"month": "March"}, "Enter a month as year and month, like 2026-03"),
    ("council:publications", {"month": "1999-01"}, "Enter a month between January 2020 and this month"),
    ("council:annual_report", {"year": "1999"}, "Enter a year between 2020 and"),
    ("council:annual_report", {"year": "next"}, "Enter the year as a number, like 2026"),
])
def test_bad_filters_get_a_gov_uk_message_not_an_error(moderator_client, name, params, message):
    response = moderator_client.get(reverse(name), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_the_annual_report_figures_are_the_database_counts(make_entry, publish, moderator, moderator_client):
    from datetime import timedelta

    from submissions.models import Entry
    from workflow.services import entry_archive

    live = [publish(make_entry(name=f"Live {n}")) for n in range(5)]
    today = timezone.localdate()
    Entry.objects.filter(pk=live[0].pk).update(review_due=today + timedelta(days=10))  # due soon
    Entry.objects.filter(pk=live[1].pk).update(review_due=today - timedelta(days=3))  # overdue
    Entry.objects.filter(pk=live[2].pk).update(review_due=today - timedelta(days=40))  # and out of date
    entry_archive(entry_id=live[3].pk, user=moderator, reason="Closed")
    for n in range(3):
        feedback = feedback_create(about="local_offer", message="Hello", sender_address=f"192.0.2.{n}")
        if n:
            feedback_respond(feedback_id=feedback.pk, user=moderator, you_said="Hi", we_did="Thanks",
                             publish=n == 2, expected_version=feedback.version)
    page = moderator_client.get(reverse("council:annual_report")).content.decode()
    shown = dict(re.findall(r'data-figure="([^"]+)">\s*([^<]*)', page))
    assert shown["published"] == "4"
    assert shown["versions"].startswith("5, for 5 entries")
    assert shown["times"].startswith("median 0, slowest 0")
    assert shown["archived"] == "1"
    assert shown["feedback-received"] == "3"
    assert shown["feedback-answered"].startswith("2")
    assert shown["feedback-published"] == "1"
    assert shown["feedback-new"] == "1"
    assert shown["confirmed"] == "4"  # of those still on the Local Offer
    assert shown["in-date"].startswith("2 of 4 (50%)")
    assert shown["due-soon"] == "1"
    assert shown["overdue"].startswith("2, of which 1 more than 28 days")
    assert f"annual report {timezone.localdate().year}" in page
    assert "print" in page


def test_emails_not_sent_download_as_csv_with_their_last_error(moderator_client, provider_user):
    from notifications.models import Notification, NotificationStatus

    Notification.objects.create(kind="published", subject_key="revision:1", cycle="1", recipient=provider_user,
                                email=provider_user.email, subject="=HYPERLINK(evil)", body_text="x", body_html="x",
                                link="/", status=NotificationStatus.FAILED, attempts=5,
                                last_error="SMTPRecipientsRefused: mailbox full")
    Notification.objects.create(kind="published", subject_key="revision:2", cycle="1", recipient=provider_user,
                                email=provider_user.email, subject="Sent fine", body_text="x", body_html="x",
                                link="/", status=NotificationStatus.SENT)
    header, *rows = _csv(moderator_client.get(reverse("council:failed_notifications_csv")))
    assert header == ["Notification", "Written", "Kind", "To", "Subject", "Attempts", "Last error"]
    assert len(rows) == 1
    assert rows[0][3:] == [provider_user.email, "'=HYPERLINK(evil)", "5", "SMTPRecipientsRefused: mailbox full"]
