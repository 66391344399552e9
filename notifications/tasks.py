"""Thin tasks: take ids, re-fetch, call a service."""

import logging

from celery import shared_task

from notifications.models import Notification, NotificationStatus
from notifications.services import (
    MAX_ATTEMPTS,
    NotificationSendFailed,
    moderator_digest_send,
    notification_send,
    review_reminders_send,
)

logger = logging.getLogger(__name__)

SWEEP_BATCH = 1000


@shared_task(
    autoretry_for=(NotificationSendFailed,),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_notification(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task
def send_notifications(notification_ids: list[int]) -> int:
    """Send a batch (the day's reminders); one that fails goes on with its own retries."""
    sent = 0
    for notification_id in notification_ids:
        try:
            sent += notification_send(notification_id=notification_id)
        except Notification.DoesNotExist:
            continue  # its recipient's account was deleted since, and the row with it
        except NotificationSendFailed as exc:
            logger.warning("Notification %s not sent, retrying: %s", notification_id, exc)
            send_notification.apply_async((notification_id,), countdown=30)
    return sent


@shared_task
def send_pending_notifications() -> int:
    """Send what is still pending: a task lost with the broker, or queued while it was down."""
    sent = 0
    pending = Notification.objects.filter(status=NotificationStatus.PENDING).order_by("pk")
    for notification_id in list(pending.values_list("pk", flat=True)[:SWEEP_BATCH]):
        try:
            sent += notification_send(notification_id=notification_id)
        except NotificationSendFailed as exc:
            logger.warning("Notification %s not sent: %s", notification_id, exc)
    return sent


@shared_task
def send_review_reminders() -> int:
    return review_reminders_send()


@shared_task
def send_moderator_digest() -> int:
    return moderator_digest_send()
