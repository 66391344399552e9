from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from submissions.models import Revision
from workflow.machine import SYSTEM
from workflow.models import TransitionLog
from workflow.services import ActionNotPermitted, revision_transition, revisions_publish_scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    revision_transition(revision_id=revision.pk, action="approve", user=moderator)
    return revision


def _schedule(client, revision, when):
    local = timezone.localtime(when)
    return client.post(reverse("workflow:schedule", args=[revision.pk]), {
        "publish_date": local.strftime("%Y-%m-%d"), "publish_time": local.strftime("%H:%M")})


def test_a_scheduled_revision_is_published_by_the_system_once_its_time_comes(
    moderator_client, approved, client, django_capture_on_commit_callbacks
):
    response = _schedule(moderator_client, approved, timezone.now() + timedelta(days=2))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.publish_at is not None
    assert revisions_publish_scheduled() == 0  # not yet

    Revision.objects.filter(pk=approved.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert revisions_publish_scheduled() == 1
        assert revisions_publish_scheduled() == 0  # a second beat finds nothing left

    approved.refresh_from_db()
    assert approved.state == "published"
    log = TransitionLog.objects.get(revision=approved, action="publish")
    assert log.actor is None and log.actor_label == str(SYSTEM)
    assert client.get(reverse("offer:entry", args=[approved.entry_id])).status_code == 200
    assert len([m for m in mail.outbox if "now on the Local Offer" in m.subject]) == 1


def test_a_time_in_the_past_is_refused_with_a_message(moderator_client, approved):
    response = _schedule(moderator_client, approved, timezone.now() - timedelta(hours=1))
    assert response.status_code == 400
    assert "The date and time must be in the future" in response.content.decode()
    approved.refresh_from_db()
    assert approved.publish_at is None


def test_the_system_publishes_only_what_a_moderator_scheduled(approved):
    with pytest.raises(ActionNotPermitted):
        revision_transition(revision_id=approved.pk, action="publish", user=SYSTEM)


def test_cancelling_a_schedule_keeps_it_unpublished(moderator_client, approved):
    _schedule(moderator_client, approved, timezone.now() + timedelta(days=1))
    moderator_client.post(reverse("workflow:schedule", args=[approved.pk]), {"cancel": "1"})
    approved.refresh_from_db()
    assert approved.publish_at is None
    Revision.objects.filter(pk=approved.pk).update(publish_at=None)
    assert revisions_publish_scheduled() == 0


def test_a_provider_cannot_schedule(provider_client, approved):
    response = _schedule(provider_client, approved, timezone.now() + timedelta(days=1))
    assert response.status_code == 403
