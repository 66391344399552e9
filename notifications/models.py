from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", "Entry submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Entry not accepted"
    APPROVED = "approved", "Entry approved"
    PUBLISHED = "published", "Entry published"
    REMOVAL_REQUESTED = "removal_requested", "Removal requested"
    ARCHIVED = "archived", "Entry taken off the Local Offer"
    REMOVAL_DECLINED = "removal_declined", "Removal request declined"
    REVIEW_REMINDER = "review_reminder", "Annual review reminder"
    REVIEW_OVERDUE = "review_overdue", "Entry overdue for review"
    CONFIRMED = "confirmed", "Provider confirmed an entry"
    DAILY_DIGEST = "daily_digest", "Daily review digest"
    FEEDBACK_RECEIVED = "feedback_received", "Feedback on the Local Offer"
    ENTRY_FEEDBACK = "entry_feedback", "Feedback on an entry"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    """One message to one person, written before it is sent. The unique key makes sending
    exactly-once by data: a retried task or a second sweep finds the row already sent."""

    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    # What the message is about, e.g. "revision:42", and which cycle (one per transition).
    subject_key = models.CharField(max_length=60)
    cycle = models.CharField(max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    email = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    # The page the message is about, as a path: in-app it is followed on whatever host the
    # person is using; emails make it absolute with PORTAL_BASE_URL.
    link = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject_key", "cycle", "recipient"],
                name="notification_exactly_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email}"


def _days_list(value):
    from django.core.exceptions import ValidationError

    parts = [part.strip() for part in value.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and 1 <= int(part) <= 365 for part in parts):
        raise ValidationError("Enter the days before the review is due as whole numbers from 1 to 365, like 28,14,3")


class ReviewPolicy(models.Model):
    """The council's annual review policy as its admins set it in the Django admin: one row. Until
    it is first saved, the REVIEW_* settings (from the environment) apply. A change applies to
    what happens next; review dates already set keep the cycle they were set with."""

    cycle_months = models.PositiveSmallIntegerField(
        "Months between reviews", validators=[MinValueValidator(1), MaxValueValidator(36)])
    reminder_days_before = models.CharField(
        "Days before the due date to remind providers", max_length=100, validators=[_days_list],
        help_text="Whole numbers separated by commas, like 28,14,3")
    overdue_reminder_every_days = models.PositiveSmallIntegerField(
        "Days between reminders once overdue", validators=[MinValueValidator(1), MaxValueValidator(90)])
    overdue_grace_days = models.PositiveSmallIntegerField(
        "Days overdue before the moderators are told and the public page warns",
        validators=[MaxValueValidator(365)])
    confirmation_needs_acknowledgement = models.BooleanField(
        "A moderator acknowledges a provider's 'still accurate' before the cycle restarts")
    waiting_flag_working_days = models.PositiveSmallIntegerField(
        "Working days a submission may wait before it is flagged",
        validators=[MinValueValidator(1), MaxValueValidator(60)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "review policy"
        verbose_name_plural = "review policy"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="review_policy_one_row")]

    def __str__(self):
        return "The council's review policy"

    def days_before(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.reminder_days_before.split(",") if part.strip())
