"""Writes of the public Local Offer: feedback from the public and the council's response."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import NotificationKind
from notifications.services import moderators, notify, provider_members
from offer.models import Feedback, FeedbackAbout, FeedbackStatus

# The same words sent again by the same sender within this time are one piece of feedback
# (a double click, a refreshed page).
DUPLICATE_WINDOW = timedelta(minutes=10)


class FeedbackTooFrequent(Exception):
    """One sender has sent as much feedback as one hour allows."""


class FeedbackChangedMeanwhile(Exception):
    """Someone else saved a response after this page was opened."""


def sender_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def feedback_create(*, about: str, message: str, name: str = "", email: str = "", entry=None,
                    sender_address: str) -> Feedback:
    """Record feedback and tell the Local Offer team (and, for an entry, its provider) after commit.

    Raises FeedbackTooFrequent past the hourly limit for one sender. Sending the same words
    twice in a short time returns the first one and tells nobody twice.
    """
    key = sender_key(sender_address)
    now = timezone.now()
    with transaction.atomic():
        recent = Feedback.objects.filter(sender_key=key, received_at__gte=now - timedelta(hours=1))
        earlier = recent.filter(message=message, entry=entry, received_at__gte=now - DUPLICATE_WINDOW).first()
        if earlier is not None:
            return earlier
        if recent.count() >= settings.FEEDBACK_PER_SENDER_PER_HOUR:
            raise FeedbackTooFrequent
        feedback = Feedback.objects.create(
            about=FeedbackAbout.ENTRY if entry is not None else about, entry=entry, message=message,
            name=name, email=email, sender_key=key)
        _feedback_notify(feedback)
    return feedback


def _feedback_notify(feedback: Feedback) -> None:
    entry = feedback.entry
    revision = entry.published_revision if entry is not None else None
    context = {"feedback": feedback, "revision": revision, "provider": entry.provider if entry else None}
    notify(kind=NotificationKind.FEEDBACK_RECEIVED, subject_key=f"feedback:{feedback.pk}", cycle="received",
           recipients=moderators(), path=reverse("feedback:detail", args=[feedback.pk]),
           name=feedback.reference, context=context)
    if entry is not None:
        notify(kind=NotificationKind.ENTRY_FEEDBACK, subject_key=f"feedback:{feedback.pk}", cycle="received",
               recipients=provider_members(entry.provider_id),
               path=reverse("submissions:entry", args=[entry.pk]), name=revision.name, context=context)


def feedback_respond(*, feedback_id: int, user, you_said: str, we_did: str, publish: bool,
                     expected_version: int) -> Feedback:
    """Record the council's response; publish it, anonymised, on "You said, we did" or keep it private.

    Raises FeedbackChangedMeanwhile if the feedback was saved by someone else since
    ``expected_version`` was read.
    """
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback_id)
        if feedback.version != expected_version:
            raise FeedbackChangedMeanwhile
        now = timezone.now()
        feedback.you_said = you_said
        feedback.we_did = we_did
        feedback.responded_by = user
        feedback.responded_at = now
        if publish:
            feedback.published_at = feedback.published_at or now
            feedback.status = FeedbackStatus.PUBLISHED
        else:
            feedback.published_at = None
            feedback.status = FeedbackStatus.RESPONDED
        feedback.version += 1
        feedback.save()
    return feedback
