"""Every figure on the dashboard against data built for it: the number on the page is the
number in the database, counted here independently of council.selectors."""

import re
import statistics
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.policy import working_days_between
from offer.models import Feedback
from offer.services import feedback_create, feedback_respond
from portal.models import ProviderKind
from submissions.completeness import revision_missing_items
from submissions.models import Entry, Revision
from tests.factories import MembershipFactory, ProviderFactory
from workflow.machine import RevisionState
from workflow.models import TransitionLog
from workflow.services import entry_archive, revision_transition

pytestmark = pytest.mark.django_db

STEPS = {
    RevisionState.DRAFT: [],
    RevisionState.SUBMITTED: ["submit"],
    RevisionState.IN_REVIEW: ["submit", "start_review"],
    RevisionState.CHANGES_REQUESTED: ["submit", "start_review", "request_changes"],
    RevisionState.APPROVED: ["submit", "start_review", "approve"],
    RevisionState.PUBLISHED: ["submit", "start_review", "approve", "publish"],
}


def figures(html) -> dict[str, int]:
    return {name: int(value.replace(",", "")) for name, value in
            re.findall(r'data-figure="([^"]+)"[^>]*>\s*(?:<a[^>]*>)?\s*([\d,]+)', html)}


@pytest.fixture
def build(make_entry, provider_user, moderator):
    """Entries in every state, for two kinds of provider; ``size`` of each."""

    def entry_in(state, provider=None, **content):
        entry = make_entry(provider=provider, **content) if provider else make_entry(**content)
        revision = entry.revisions.get()
        for action in STEPS[state]:
            user = provider_user if action == "submit" else moderator
            revision_transition(revision_id=revision.pk, action=action, user=user,
                                comment="Say more" if action == "request_changes" else "")
        return entry

    def build_data(size):
        start = Entry.objects.count()
        health = MembershipFactory(user=provider_user, provider=ProviderFactory(kind=ProviderKind.HEALTH_SERVICE,
                                                                               urn="")).provider
        for n in range(size):
            for state in STEPS:
                entry_in(state, provider=health if n % 2 else None, name=f"{state} {n}")
            archived = entry_in(RevisionState.PUBLISHED, name=f"Archived {n}")
            entry_archive(entry_id=archived.pk, user=moderator, reason="Closed")
            feedback = feedback_create(about="local_offer", message="More please",
                                       sender_address=f"192.0.2.{start + n}")
            if n % 2:
                feedback_respond(feedback_id=feedback.pk, user=moderator, you_said="More", we_did="Added",
                                 publish=bool(n % 4 == 1), expected_version=feedback.version)
            Notification.objects.create(kind="submitted", subject_key=f"revision:{start + n}", cycle="1",
                                        recipient=provider_user, email=provider_user.email, subject="Submitted",
                                        body_text="x", body_html="x", link="/", status=NotificationStatus.FAILED)

    return build_data


def _newest_state(entry):
    return entry.revisions.order_by("-number").first().state


def test_entries_by_state_and_by_provider_kind_are_the_database_counts(build, moderator_client):
    build(2)
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    on_books = Entry.objects.filter(archived_at__isnull=True)
    for state in RevisionState.values:
        assert shown[f"state-{state}"] == sum(1 for e in on_books if _newest_state(e) == state), state
    assert shown["state-archived"] == Entry.objects.filter(archived_at__isnull=False).count() == 2
    assert shown["published"] == Entry.objects.published().count() == 2
    for kind in (ProviderKind.COMMUNITY_SCHOOL, ProviderKind.HEALTH_SERVICE):
        assert shown[f"kind-{kind}"] == on_books.filter(provider__kind=kind).count()
        assert shown[f"kind-live-{kind}"] == Entry.objects.published().filter(provider__kind=kind).count()


def test_reviews_overdue_beyond_grace_due_soon_and_in_date(make_entry, publish, moderator_client):
    today = timezone.localdate()
    for days in (-40, -3, 10, 200):
        entry = publish(make_entry(name=f"Due in {days} days"))
        Entry.objects.filter(pk=entry.pk).update(review_due=today + timedelta(days=days))
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    assert (shown["review-overdue"], shown["review-out_of_date"], shown["review-due_soon"],
            shown["review-in_date"]) == (2, 1, 1, 1)
    assert shown["overdue"] == 2
    overdue = moderator_client.get(reverse("council:entries"), {"review": "overdue"}).content.decode()
    assert "Due in -40 days" in overdue and "Due in -3 days" in overdue and "Due in 10 days" not in overdue
    assert 'id="count">2 entries' in overdue


def test_submissions_waiting_by_working_days(make_entry, provider_user, moderator_client):
    now = timezone.now()
    for days in (0, 4, 8, 15, 30):
        entry = make_entry(name=f"Waiting {days}")
        revision = entry.revisions.get()
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
        Revision.objects.filter(pk=revision.pk).update(submitted_at=now - timedelta(days=days))
    today = timezone.localdate()
    waited = [working_days_between(timezone.localdate(r.submitted_at), today)
              for r in Revision.objects.filter(state="submitted")]
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    assert shown["waiting"] == 5
    assert shown["waiting-0-2"] == sum(1 for d in waited if d <= 2)
    assert shown["waiting-3-5"] == sum(1 for d in waited if 3 <= d <= 5)
    assert shown["waiting-6-10"] == sum(1 for d in waited if 6 <= d <= 10)
    assert shown["waiting-11-"] == sum(1 for d in waited if d > 10)
    assert shown["waiting-over"] == sum(1 for d in waited if d > 5)
    page = moderator_client.get(reverse("council:waiting"), {"waited": "over"}).content.decode()
    assert f'id="count">{shown["waiting-over"]} waiting' in page
    assert "Waiting 30" in page and "Waiting 0" not in page


def test_time_from_submission_to_publication_median_and_slowest_by_month(make_entry, publish, moderator_client):
    now = timezone.now()
    # Published 2 days ago after waiting 3, 7 and 20 days since the first submission.
    for waited in (3, 7, 20):
        entry = publish(make_entry(name=f"Took {waited}"))
        revision = entry.published_revision
        TransitionLog.objects.filter(revision=revision, action="submit").update(
            at=now - timedelta(days=2 + waited))
        TransitionLog.objects.filter(revision=revision, action="publish").update(at=now - timedelta(days=2))
    days = [working_days_between(timezone.localdate(s.at), timezone.localdate(p.at))
            for s, p in ((TransitionLog.objects.get(revision=r, action="submit"),
                          TransitionLog.objects.get(revision=r, action="publish"))
                         for r in Revision.objects.filter(state="published"))]
    month = timezone.localdate(now - timedelta(days=2)).strftime("%Y-%m")
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    assert shown[f"published-{month}"] == 3
    assert shown[f"median-{month}"] == statistics.median(days)
    assert shown[f"slowest-{month}"] == max(days)
    listed = moderator_client.get(reverse("council:publications"), {"month": month}).content.decode()
    assert all(f"Took {waited}" in listed for waited in (3, 7, 20))
    assert f"slowest {max(days)}" in listed


def test_entries_missing_statutory_items_are_asked_of_the_completeness_rules(make_entry, publish, moderator_client):
    complete = publish(make_entry(name="Complete"))
    lacking = publish(make_entry(name="Lacking"))
    # The rules can change after publication: this live revision no longer says how to get in.
    Revision.objects.filter(pk=lacking.published_revision_id).update(how_to_access="", contact_email="")
    expected = sum(1 for e in Entry.objects.published() if revision_missing_items(e.published_revision))
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    assert shown["missing"] == expected == 1
    listed = moderator_client.get(reverse("council:entries"), {"missing": "on"}).content.decode()
    assert "Lacking" in listed and complete.published_revision.name not in listed
    assert "Missing: Enter how families can use or be referred to it" in listed


def test_failed_emails_and_feedback_are_the_database_counts(build, moderator_client):
    build(4)
    shown = figures(moderator_client.get(reverse("council:dashboard")).content.decode())
    assert shown["failed"] == Notification.objects.filter(status="failed").count() == 4
    assert shown["feedback-received"] == Feedback.objects.count() == 4
    for status in ("new", "responded", "published"):
        assert shown[f"feedback-{status}"] == Feedback.objects.filter(status=status).count()
    assert shown["feedback-answered"] == Feedback.objects.filter(responded_at__isnull=False).count() == 2


def test_the_dashboard_and_its_lists_ask_the_same_number_of_queries_at_two_sizes(build, moderator_client):
    def queries():
        counted = {}
        for name in ("dashboard", "entries", "waiting", "publications", "sufficiency", "annual_report",
                     "entries_csv", "waiting_csv", "feedback_csv", "failed_notifications_csv"):
            with CaptureQueriesContext(connection) as captured:
                assert moderator_client.get(reverse(f"council:{name}")).status_code == 200
            counted[name] = len(captured)
        return counted

    build(1)
    small = queries()
    build(6)
    assert queries() == small


def test_the_dashboard_is_for_moderators_only(provider_client):
    assert provider_client.get(reverse("council:dashboard")).status_code == 403


def test_moderators_find_the_dashboard_in_their_navigation(moderator_client):
    page = moderator_client.get(reverse("workflow:queue")).content.decode()
    assert f'href="{reverse("council:dashboard")}">Dashboard<' in page


def test_every_link_in_the_entries_list_opens_for_the_moderator(make_entry, publish, provider_user, moderator_client):
    from submissions.services import revision_start_update
    from workflow.services import revision_transition

    live = publish(make_entry(name="Live with a discarded update"))
    discarded = revision_start_update(entry_id=live.pk, user=provider_user)
    revision_transition(revision_id=discarded.pk, action="discard", user=provider_user)
    make_entry(name="Never sent")
    page = moderator_client.get(reverse("council:entries")).content.decode()
    links = re.findall(r'href="(/moderation/revisions/\d+/)"', page)
    assert links == [reverse("workflow:review", args=[live.published_revision_id])]
    assert all(moderator_client.get(link).status_code == 200 for link in links)
    assert "Never sent" in page


def _figure_links(html) -> list[tuple[str, int, str]]:
    """(figure, number, the list it links to) for every linked figure on the dashboard."""
    found = [(name, int(value.replace(",", "")), href) for href, name, value in
             re.findall(r'href="([^"]+)"><span[^>]*data-figure="([^"]+)">([\d,]+)</span>', html)]
    found += [(name, int(value.replace(",", "")), href) for name, href, value in
              re.findall(r'data-figure="([^"]+)"><a class="govuk-link" href="([^"]+)">([\d,]+)', html)]
    return [(name, value, href.replace("&amp;", "&")) for name, value, href in found]


def test_each_figure_links_to_a_list_of_exactly_that_many(build, moderator_client):
    build(2)
    links = _figure_links(moderator_client.get(reverse("council:dashboard")).content.decode())
    names = {name for name, _value, _href in links}
    assert {"published", "waiting", "overdue", "state-draft", "state-submitted", "state-archived",
            f"kind-{ProviderKind.HEALTH_SERVICE}", f"kind-live-{ProviderKind.COMMUNITY_SCHOOL}",
            "review-in_date"} <= names
    for name, value, href in links:
        listed = moderator_client.get(href)
        assert listed.status_code == 200, (name, href)
        if "count" in listed.context:
            assert listed.context["count"] == value, (name, href)


def test_the_charts_are_drawn_on_the_server_from_the_tables_figures_with_nothing_from_outside(build,
                                                                                             moderator_client):
    build(2)
    html = moderator_client.get(reverse("council:dashboard")).content.decode()
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) >= 2
    for chart in charts:
        assert 'role="img"' in chart and 'aria-label="' in chart
        assert re.findall(r'(?:href|src)="([^"]+)"', chart) == []  # no image, font or script from anywhere
    assert "<script" not in html.split("<main")[1].split("</main>")[0]
    # The chart of entries by state says the same numbers as the table beside it.
    shown = figures(html)
    state_chart = charts[0]
    bar_texts = [int(t.replace(",", "")) for t in re.findall(r'font-size="13">([\d,]+)</text>', state_chart)]
    table = [value for name, value in shown.items() if name.startswith("state-") and value]  # no bar for none
    assert sorted(bar_texts) == sorted(table)
