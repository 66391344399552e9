from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.models import Notification, NotificationStatus
from notifications.services import MAX_ATTEMPTS, NotificationSendFailed, notification_send
from notifications.tasks import send_pending_notifications
from portal.services import membership_create
from tests.factories import UserFactory
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


def _to_publish(make_entry, provider_user, moderator):
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    revision_transition(revision_id=revision.pk, action="approve", user=moderator)
    return revision


def test_publishing_emails_every_member_of_the_provider_once_after_commit(
    make_entry, provider_user, moderator, provider, django_capture_on_commit_callbacks
):
    colleague = UserFactory()
    membership_create(user=colleague, provider=provider)
    revision = _to_publish(make_entry, provider_user, moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    assert mail.outbox == []  # nothing goes before the transaction commits
    assert Notification.objects.filter(kind="published", status="pending").count() == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([provider_user.email, colleague.email])
    assert Notification.objects.filter(kind="published", status="sent").count() == 2


def test_sending_twice_sends_once(make_entry, provider_user, moderator, django_capture_on_commit_callbacks):
    revision = _to_publish(make_entry, provider_user, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    notification = Notification.objects.get(kind="published")
    assert notification_send(notification_id=notification.pk) is False
    send_pending_notifications()  # sends what earlier steps left pending, not this one again
    assert len([m for m in mail.outbox if "now on the Local Offer" in m.subject]) == 1


def test_a_rolled_back_transition_sends_nothing(make_entry, provider_user, moderator,
                                               django_capture_on_commit_callbacks):
    revision = _to_publish(make_entry, provider_user, moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            revision_transition(revision_id=revision.pk, action="publish", user=moderator)
            raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="published").exists()


def test_when_the_broker_is_down_the_action_succeeds_and_the_sweep_sends_later(
    make_entry, provider_user, moderator, django_capture_on_commit_callbacks
):
    revision = _to_publish(make_entry, provider_user, moderator)
    mail.outbox.clear()
    with mock.patch("notifications.tasks.send_notification.delay",
                    side_effect=ConnectionRefusedError("broker down")):
        with django_capture_on_commit_callbacks(execute=True):
            revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    revision.refresh_from_db()
    assert revision.state == "published"
    assert mail.outbox == []
    assert Notification.objects.get(kind="published").status == "pending"
    send_pending_notifications()
    published = [m for m in mail.outbox if "now on the Local Offer" in m.subject]
    assert [m.to for m in published] == [[provider_user.email]]
    assert Notification.objects.get(kind="published").status == "sent"


def test_a_failing_mail_server_is_retried_then_marked_failed(make_entry, provider_user, moderator,
                                                             django_capture_on_commit_callbacks):
    revision = _to_publish(make_entry, provider_user, moderator)
    with mock.patch("notifications.tasks.send_notification.delay"):
        with django_capture_on_commit_callbacks(execute=True):
            revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    notification = Notification.objects.get(kind="published")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")):
        for _ in range(MAX_ATTEMPTS):
            with pytest.raises(NotificationSendFailed):
                notification_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert "smtp down" in notification.last_error


def test_names_with_line_breaks_cannot_break_email_headers(make_entry, provider_user, moderator,
                                                          django_capture_on_commit_callbacks):
    revision = make_entry(name="Club\r\nBcc: victim@example.org\nSiôn's group").revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    message = mail.outbox[0]
    expected = "Your entry is now on the Local Offer: Club Bcc: victim@example.org Siôn's group"
    assert message.subject == expected
    assert message.bcc == []
    assert "\n" not in message.message()["Subject"].replace("\n ", "")


def test_in_app_notifications_link_by_path_and_emails_by_full_address(
    make_entry, provider_user, moderator, client, django_capture_on_commit_callbacks
):
    revision = _to_publish(make_entry, provider_user, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        revision_transition(revision_id=revision.pk, action="publish", user=moderator)
    notification = Notification.objects.get(kind="published")
    assert notification.link == f"/portal/entries/{revision.entry_id}/"
    assert f"http://127.0.0.1:8000/portal/entries/{revision.entry_id}/" in notification.body_text
    client.force_login(provider_user)
    page = client.get("/portal/notifications/").content.decode()
    assert f'href="/portal/entries/{revision.entry_id}/"' in page


# Each review step, who hears of it, what the email says and where its link goes.
STEPS = {
    "submitted": (["submit"], "moderator", "Entry waiting for review: Sensory play", "/moderation/revisions/"),
    "changes_requested": (["submit", "start_review", "request_changes"], "provider",
                          "Changes needed to your Local Offer entry: Sensory play", "/portal/entries/"),
    "rejected": (["submit", "start_review", "reject"], "provider",
                 "Your Local Offer entry was not accepted: Sensory play", "/portal/entries/"),
    "approved": (["submit", "start_review", "approve"], "provider",
                 "Your Local Offer entry was approved: Sensory play", "/portal/entries/"),
    "published": (["submit", "start_review", "approve", "publish"], "provider",
                  "Your entry is now on the Local Offer: Sensory play", "/portal/entries/"),
}


@pytest.mark.parametrize("kind", list(STEPS))
def test_each_review_step_emails_the_right_people_in_text_and_html_and_lists_it_in_the_portal(
        kind, make_entry, provider_user, moderator, client, django_capture_on_commit_callbacks):
    actions, audience, subject, link = STEPS[kind]
    revision = make_entry(name="Sensory play").revisions.get()
    with django_capture_on_commit_callbacks(execute=True):
        for action in actions:
            revision_transition(revision_id=revision.pk, action=action, comment="Because.",
                                user=provider_user if action == "submit" else moderator)
    recipient = moderator if audience == "moderator" else provider_user
    sent = [m for m in mail.outbox if m.subject == subject]
    assert [m.to for m in sent] == [[recipient.email]]
    message = sent[0]
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html" and "Sensory play" in message.body and "Sensory play" in html
    assert f"http://127.0.0.1:8000{link}" in message.body and f'href="http://127.0.0.1:8000{link}' in html
    if kind in ("changes_requested", "rejected"):
        assert "Because." in message.body and "Because." in html
    client.force_login(recipient)
    listed = client.get(reverse("notifications:list")).content.decode()
    assert subject in listed


def test_the_send_task_retries_with_backoff_and_ends_visibly_failed(make_entry, provider_user, moderator,
                                                                    django_capture_on_commit_callbacks):
    from notifications.tasks import send_notification

    assert send_notification.autoretry_for == (NotificationSendFailed,)
    assert (send_notification.retry_backoff, send_notification.max_retries) == (30, MAX_ATTEMPTS - 1)
    revision = make_entry().revisions.get()
    with mock.patch("notifications.services.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")):
        with django_capture_on_commit_callbacks(execute=False):
            revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
        notification = Notification.objects.get(kind="submitted")
        # Run as a worker runs it: each failure is retried (at once here, in one process) until
        # the last attempt; the last failure is the task's result, not an error in the caller.
        conf = send_notification.app.conf
        propagates, conf.task_eager_propagates = conf.task_eager_propagates, False
        try:
            result = send_notification.apply(args=[notification.pk])
        finally:
            conf.task_eager_propagates = propagates
    assert result.failed()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.FAILED, MAX_ATTEMPTS)
    assert "SMTP down" in notification.last_error
