from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from portal.models import ProviderKind
from submissions.models import Revision
from tests.factories import MembershipFactory, ProviderFactory
from workflow.models import TransitionLog
from workflow.services import revision_transition
from workflow.views import QUEUE_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(make_entry, provider_user, moderator):
    """A school's entry waiting 10 days, and an NHS service's entry taken by the moderator."""
    school = make_entry(name="School entry").revisions.get()
    revision_transition(revision_id=school.pk, action="submit", user=provider_user)
    Revision.objects.filter(pk=school.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    nhs = ProviderFactory(name="NHS service", kind=ProviderKind.HEALTH_SERVICE, urn="", ods_code="Y99999")
    nhs_member = MembershipFactory(provider=nhs).user
    from submissions.services import CONTENT_FIELDS, entry_create

    health = entry_create(provider=nhs, user=nhs_member, content={
        **{f: getattr(school, f) for f in CONTENT_FIELDS},
        "name": "Health entry", "needs": list(school.needs.all())}).revisions.get()
    revision_transition(revision_id=health.pk, action="submit", user=nhs_member)
    revision_transition(revision_id=health.pk, action="start_review", user=moderator)
    return school, health


def _names(client, **params):
    response = client.get(reverse("workflow:queue"), params)
    return [revision.name for revision, _days in response.context["rows"]]


def test_the_queue_is_oldest_first_and_filters_by_state_kind_wait_and_reviewer(moderator_client, queue, moderator):
    assert _names(moderator_client) == ["School entry", "Health entry"]
    assert _names(moderator_client, state="in_review") == ["Health entry"]
    assert _names(moderator_client, provider_kind="health_service") == ["Health entry"]
    assert _names(moderator_client, waiting_days="7") == ["School entry"]
    assert _names(moderator_client, mine="on") == ["Health entry"]
    page = moderator_client.get(reverse("workflow:queue")).content.decode()
    assert "1 waiting for review" in page and "1 in review" in page
    # Who has each one: the moderator for the health entry, nobody yet for the school's.
    school_row, health_row = page.split("School entry</a>")[1], page.split("Health entry</a>")[1]
    assert "Nobody yet" in school_row.split("</tr>")[0] and str(moderator) in health_row.split("</tr>")[0]


def test_a_long_queue_comes_in_pages_of_50_oldest_first_keeping_the_filter(moderator_client, make_entry,
                                                                           provider_user):
    for number in range(QUEUE_PAGE_SIZE + 1):
        revision = make_entry(name=f"Entry {number:02d}").revisions.get()
        revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
        Revision.objects.filter(pk=revision.pk).update(submitted_at=timezone.now() - timedelta(days=60 - number))

    first = moderator_client.get(reverse("workflow:queue"), {"state": "submitted"})
    page = first.content.decode()
    assert _names(moderator_client, state="submitted")[:2] == ["Entry 00", "Entry 01"]
    assert len(first.context["rows"]) == QUEUE_PAGE_SIZE
    assert "51 entries matching your filter, oldest first" in page
    assert 'href="?state=submitted&amp;page=2"' in page
    assert _names(moderator_client, state="submitted", page="2") == ["Entry 50"]
    unfiltered = moderator_client.get(reverse("workflow:queue"), {"page": "2"}).content.decode()
    assert "51 entries, oldest first" in unfiltered and "matching your filter" not in unfiltered
    assert _names(moderator_client, state="submitted", page="99") == ["Entry 50"]
    assert len(_names(moderator_client, page="not a number")) == QUEUE_PAGE_SIZE


def test_bad_filters_get_a_message_not_an_error(moderator_client, queue):
    response = moderator_client.get(reverse("workflow:queue"), {"waiting_days": "soon", "state": "evil"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the number of days as a whole number" in page
    assert "Select state from the list" in page


def test_a_double_click_on_submit_for_review_submits_once(provider_client, make_entry):
    revision = make_entry().revisions.get()
    url = reverse("revision_action", args=[revision.pk, "submit"])
    first = provider_client.post(url, {"expected_state": "draft", "expected_version": "0"}, follow=True)
    second = provider_client.post(url, {"expected_state": "draft", "expected_version": "0"}, follow=True)
    assert "has been submitted for review" in first.content.decode()
    assert "That is done already" in second.content.decode()
    assert TransitionLog.objects.filter(revision=revision, action="submit").count() == 1


def test_the_admin_cannot_change_a_revisions_state(admin_client, make_entry):
    revision = make_entry().revisions.get()
    model_admin = site._registry[Revision]
    assert not model_admin.has_change_permission(None)
    response = admin_client.post(reverse("admin:submissions_revision_change", args=[revision.pk]),
                                 {"state": "published", "name": "Hacked"})
    assert response.status_code in (403, 200)
    revision.refresh_from_db()
    assert revision.state == "draft" and revision.name != "Hacked"
