"""Writing notifications (one row per message) and sending them exactly once."""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationKind, NotificationStatus
from portal.roles import ADMINS_GROUP, MODERATORS_GROUP

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

# Which review actions tell whom. Moderators hear of new submissions; the provider's
# members hear of every decision.
_KIND_FOR_ACTION = {
    "submit": NotificationKind.SUBMITTED,
    "request_changes": NotificationKind.CHANGES_REQUESTED,
    "reject": NotificationKind.REJECTED,
    "approve": NotificationKind.APPROVED,
    "publish": NotificationKind.PUBLISHED,
    "request_removal": NotificationKind.REMOVAL_REQUESTED,
    "archive": NotificationKind.ARCHIVED,
    "decline_removal": NotificationKind.REMOVAL_DECLINED,
}
# These go to the moderators; the rest to the provider's members.
_FOR_MODERATORS = {NotificationKind.SUBMITTED, NotificationKind.REMOVAL_REQUESTED}
_SUBJECTS = {
    NotificationKind.SUBMITTED: "Entry waiting for review: {name}",
    NotificationKind.CHANGES_REQUESTED: "Changes needed to your Local Offer entry: {name}",
    NotificationKind.REJECTED: "Your Local Offer entry was not accepted: {name}",
    NotificationKind.APPROVED: "Your Local Offer entry was approved: {name}",
    NotificationKind.PUBLISHED: "Your entry is now on the Local Offer: {name}",
    NotificationKind.REMOVAL_REQUESTED: "Request to remove an entry: {name}",
    NotificationKind.ARCHIVED: "Your entry has been taken off the Local Offer: {name}",
    NotificationKind.REMOVAL_DECLINED: "Your request to remove an entry was declined: {name}",
}


def _one_line(text: str) -> str:
    # Names come from users: a line break in a header would break or inject headers.
    return " ".join(text.split())


def _recipients(kind, revision):
    users = get_user_model().objects.filter(is_active=True)
    if kind in _FOR_MODERATORS:
        return users.filter(groups__name__in=[MODERATORS_GROUP, ADMINS_GROUP]).distinct()
    return users.filter(memberships__provider_id=revision.entry.provider_id).distinct()


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _path(kind, revision):
    if kind in _FOR_MODERATORS:
        return reverse("workflow:review", args=[revision.pk])
    return reverse("submissions:entry", args=[revision.entry_id])


def notifications_for_transition(*, revision, log) -> list[Notification]:
    """Write the messages a review action calls for and queue them to send after commit."""
    kind = _KIND_FOR_ACTION.get(log.action)
    if kind is None:
        return []
    path = _path(kind, revision)
    public_link = _absolute(reverse("offer:entry", args=[revision.entry_id]))
    created = []
    for user in _recipients(kind, revision):
        context = {
            "recipient": user,
            "revision": revision,
            "provider": revision.entry.provider,
            "comment": log.comment,
            "link": _absolute(path),
            "public_link": public_link,
            "council": settings.LOCAL_OFFER_COUNCIL_NAME,
        }
        notification, was_created = Notification.objects.get_or_create(
            kind=kind,
            subject_key=f"revision:{revision.pk}",
            cycle=f"transition:{log.pk}",
            recipient=user,
            defaults={
                "email": user.email,
                "subject": _one_line(_SUBJECTS[kind].format(name=revision.name))[:255],
                "body_text": render_to_string(f"notifications/email/{kind}.txt", context),
                "body_html": render_to_string(f"notifications/email/{kind}.html", context),
                "link": path,
            },
        )
        if was_created:
            notification_queue(notification)
            created.append(notification)
    return created


def notification_queue(notification: Notification) -> None:
    """Queue the send task once the transaction that wrote the row commits."""
    transaction.on_commit(partial(_enqueue, notification.pk))


def _enqueue(notification_id: int) -> None:
    from notifications.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:  # noqa: BLE001 - whatever the broker's failure, the row waits for the sweep
        # The person's action has committed already; it must not fail now. The row is still
        # pending, and the beat sweep sends it once the broker answers again.
        logger.exception("Could not queue notification %s; the sweep will send it",
                         notification_id)


class NotificationSendFailed(Exception):
    pass


def notification_send(*, notification_id: int) -> bool:
    """Send one notification unless it has been sent already. True if this call sent it.

    The row lock makes two workers (or a retry and the sweep) send it once between them.
    A failure is counted on the row, which ends as failed after the last attempt.
    """
    error = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status != NotificationStatus.PENDING:
            return False
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.email],
        )
        message.attach_alternative(notification.body_html, "text/html")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - every failure is recorded and retried
            error = exc
            notification.attempts += 1
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
        else:
            notification.attempts += 1
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.save(update_fields=["attempts", "status", "sent_at"])
    if error is not None:
        raise NotificationSendFailed(str(error)) from error
    return True


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
