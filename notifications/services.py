"""Writing notifications (one row per message) and sending them exactly once."""

import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications import policy
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
_FOR_MODERATORS = {NotificationKind.SUBMITTED, NotificationKind.REMOVAL_REQUESTED,
                   NotificationKind.CONFIRMED}
SUBJECTS = {
    NotificationKind.SUBMITTED: "Entry waiting for review: {name}",
    NotificationKind.CHANGES_REQUESTED: "Changes needed to your Local Offer entry: {name}",
    NotificationKind.REJECTED: "Your Local Offer entry was not accepted: {name}",
    NotificationKind.APPROVED: "Your Local Offer entry was approved: {name}",
    NotificationKind.PUBLISHED: "Your entry is now on the Local Offer: {name}",
    NotificationKind.REMOVAL_REQUESTED: "Request to remove an entry: {name}",
    NotificationKind.ARCHIVED: "Your entry has been taken off the Local Offer: {name}",
    NotificationKind.REMOVAL_DECLINED: "Your request to remove an entry was declined: {name}",
    NotificationKind.REVIEW_REMINDER: "Check your Local Offer entry is still accurate: {name}",
    NotificationKind.REVIEW_OVERDUE: "Local Offer entry overdue for review: {name}",
    NotificationKind.CONFIRMED: "Provider confirmed an entry is still accurate: {name}",
    NotificationKind.DAILY_DIGEST: "Local Offer review queue: {name}",
    NotificationKind.FEEDBACK_RECEIVED: "New feedback on the Local Offer: {name}",
    NotificationKind.ENTRY_FEEDBACK: "Feedback on your Local Offer entry: {name}",
}


def _one_line(text: str) -> str:
    # Names come from users: a line break in a header would break or inject headers.
    return " ".join(text.split())


def _recipients(kind, revision):
    if kind in _FOR_MODERATORS:
        return moderators()
    return provider_members(revision.entry.provider_id)


def _absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _path(kind, revision):
    if kind in _FOR_MODERATORS:
        return reverse("workflow:review", args=[revision.pk])
    return reverse("submissions:entry", args=[revision.entry_id])


def notifications_for_transition(*, revision, log) -> list[Notification]:
    """Write the messages a review action calls for and queue them to send after commit."""
    kind = _KIND_FOR_ACTION.get(log.action)
    if log.action == "confirm" and policy.rules().confirmation_needs_acknowledgement:
        kind = NotificationKind.CONFIRMED  # the moderators have something to acknowledge
    if kind is None:
        return []
    return notify(
        kind=kind, subject_key=f"revision:{revision.pk}", cycle=f"transition:{log.pk}",
        recipients=_recipients(kind, revision), path=_path(kind, revision), name=revision.name,
        context={
            "revision": revision,
            "provider": revision.entry.provider,
            "comment": log.comment,
            "public_link": _absolute(reverse("offer:entry", args=[revision.entry_id])),
        },
    )


def _message(*, kind, subject_key, cycle, user, path, name, context) -> Notification:
    """One recipient's message, rendered but not yet written."""
    full_context = {**context, "recipient": user, "link": _absolute(path),
                    "council": settings.LOCAL_OFFER_COUNCIL_NAME}
    return Notification(
        kind=kind, subject_key=subject_key, cycle=cycle, recipient=user, email=user.email,
        subject=_one_line(SUBJECTS[kind].format(name=name))[:255],
        body_text=render_to_string(f"notifications/email/{kind}.txt", full_context),
        body_html=render_to_string(f"notifications/email/{kind}.html", full_context),
        link=path,
    )


_MESSAGE_FIELDS = ("email", "subject", "body_text", "body_html", "link")


def _write_unless_written(message: Notification) -> Notification | None:
    """Write the message unless its (kind, subject, cycle, recipient) has a row already, and queue
    it to send after commit. The new row, or None."""
    notification, was_created = Notification.objects.get_or_create(
        kind=message.kind, subject_key=message.subject_key, cycle=message.cycle, recipient=message.recipient,
        defaults={field: getattr(message, field) for field in _MESSAGE_FIELDS},
    )
    if not was_created:
        return None
    notification_queue(notification)
    return notification


def notify(*, kind, subject_key, cycle, recipients, path, name, context) -> list[Notification]:
    """Write one notification per recipient unless (kind, subject, cycle, recipient) has one
    already, and queue each new one to send after commit. Returns the new ones only."""
    messages = [_message(kind=kind, subject_key=subject_key, cycle=cycle, user=user, path=path, name=name,
                         context=context) for user in recipients]
    return [notification for notification in map(_write_unless_written, messages) if notification is not None]


def notifications_write_batch(messages: list[Notification]) -> int:
    """Write a batch of new messages in one insert and queue them in one send task after commit.
    The caller has left out those written before; should another run have written some meanwhile,
    the unique key refuses the insert and the batch is written one message at a time instead, each
    unless it has a row. Returns how many were written."""
    if not messages:
        return 0
    try:
        with transaction.atomic():
            written = Notification.objects.bulk_create(messages)
            ids = [notification.pk for notification in written]
            transaction.on_commit(partial(_enqueue_batch, ids))
        return len(ids)
    except IntegrityError:
        count = 0
        for message in messages:
            message.pk = None
            with transaction.atomic():
                count += _write_unless_written(message) is not None
        return count


def moderators():
    return get_user_model().objects.filter(
        is_active=True, groups__name__in=[MODERATORS_GROUP, ADMINS_GROUP]).distinct()


def provider_members(provider_id):
    return get_user_model().objects.filter(is_active=True, memberships__provider_id=provider_id).distinct()


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


def _enqueue_batch(notification_ids: list[int]) -> None:
    from notifications.tasks import send_notifications

    try:
        send_notifications.delay(notification_ids)
    except Exception:  # noqa: BLE001 - as above: the rows wait for the sweep
        logger.exception("Could not queue %s notifications; the sweep will send them", len(notification_ids))


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


# --- The annual review cycle -----------------------------------------------------------

REMINDER_BATCH = 500


def _reminder_path(entry_id):
    return reverse("submissions:entry_review", args=[entry_id])


def review_reminders_send(*, today=None) -> int:
    """Write (and queue) every review reminder due today. Whether one is due is decided from
    ``Entry.review_due`` and the notification rows, never from messages waiting in a queue, so
    running it twice, or after a lost message, sends each reminder once. Returns how many
    notifications were written."""
    from submissions.models import Entry

    today = today or timezone.localdate()
    rules = policy.rules()
    candidates = (
        Entry.objects.published()
        .filter(review_due__lte=policy.earliest_due_for_reminders(today, rules),
                confirmation_pending_at__isnull=True)
        .order_by("pk")
    )
    council = list(moderators())
    written = 0
    last_pk = 0
    while True:
        batch = list(candidates.filter(pk__gt=last_pk).select_related("published_revision", "provider")
                     [:REMINDER_BATCH])
        if not batch:
            return written
        last_pk = batch[-1].pk
        written += notifications_write_batch(_reminders_for_batch(batch, today, council, rules))


def _members_by_provider(provider_ids) -> dict[int, list]:
    from portal.models import Membership

    members = defaultdict(list)
    for membership in (Membership.objects.filter(provider_id__in=provider_ids, user__is_active=True)
                       .select_related("user").order_by("user_id")):
        members[membership.provider_id].append(membership.user)
    return members


def _reminders_for_batch(entries, today, council, rules) -> list[Notification]:
    """The reminders due today for these entries that no earlier run wrote, rendered."""
    wanted = {}
    for entry in entries:
        stage = policy.provider_stage_due(entry.review_due, today, rules)
        if stage is not None:
            wanted[(NotificationKind.REVIEW_REMINDER, entry.pk)] = (entry, stage)
        grace = policy.moderator_stage(entry.review_due, rules)
        if today >= grace.on:
            wanted[(NotificationKind.REVIEW_OVERDUE, entry.pk)] = (entry, grace)
    # One query finds which of these were written on an earlier run, one who the providers are.
    # A stage written before is done, for everyone: someone who joins a provider (or the
    # moderators) later is not sent its past reminders.
    existing = set(
        Notification.objects.filter(
            kind__in=[NotificationKind.REVIEW_REMINDER, NotificationKind.REVIEW_OVERDUE],
            subject_key__in=[f"entry:{pk}" for _, pk in wanted],
        ).values_list("kind", "subject_key", "cycle").distinct()
    )
    members = _members_by_provider({entry.provider_id for entry, _ in wanted.values()})
    messages = []
    for (kind, entry_pk), (entry, stage) in wanted.items():
        cycle = f"{entry.review_due.isoformat()}:{stage.key}"
        if (kind, f"entry:{entry_pk}", cycle) in existing:
            continue
        to_moderators = kind == NotificationKind.REVIEW_OVERDUE
        recipients = council if to_moderators else members[entry.provider_id]
        path = (reverse("workflow:review", args=[entry.published_revision_id]) if to_moderators
                else _reminder_path(entry_pk))
        context = {"entry": entry, "revision": entry.published_revision, "provider": entry.provider,
                   "stage": stage, "due": entry.review_due, "overdue": today >= entry.review_due}
        messages += [
            _message(kind=kind, subject_key=f"entry:{entry_pk}", cycle=cycle, user=user, path=path,
                     name=entry.published_revision.name, context=context)
            for user in recipients]
    return messages


def moderator_digest_send(*, today=None) -> int:
    """One email a day to each moderator listing what waits for review, the slow ones flagged."""
    from workflow.selectors import review_queue

    today = today or timezone.localdate()
    waiting = list(review_queue())
    if not waiting:
        return 0
    limit = policy.rules().waiting_flag_working_days
    rows = [(revision, policy.working_days_between(timezone.localdate(revision.submitted_at), today))
            for revision in waiting]
    flagged = sum(1 for _, days in rows if days > limit)
    summary = f"{len(rows)} waiting" + (f", {flagged} for more than {limit} working days" if flagged else "")
    with transaction.atomic():
        return len(notify(
            kind=NotificationKind.DAILY_DIGEST, subject_key="review-queue", cycle=today.isoformat(),
            recipients=moderators(), path=reverse("workflow:queue"), name=summary,
            context={"rows": rows, "limit": limit, "today": today},
        ))


def notification_retry(*, notification_id: int) -> Notification:
    """Give a failed notification a fresh set of attempts; the sweep sends it."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status == NotificationStatus.FAILED:
            notification.status = NotificationStatus.PENDING
            notification.attempts = 0
            notification.save(update_fields=["status", "attempts"])
            notification_queue(notification)
    return notification
