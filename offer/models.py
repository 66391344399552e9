from django.conf import settings
from django.db import models


class FeedbackAbout(models.TextChoices):
    LOCAL_OFFER = "local_offer", "The Local Offer as a whole"
    MISSING = "missing", "Something missing from the Local Offer"
    ENTRY = "entry", "One entry on the Local Offer"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Waiting for a response"
    RESPONDED = "responded", "Responded, not published"
    PUBLISHED = "published", "Published on You said, we did"


class Feedback(models.Model):
    """Feedback from the public on the Local Offer (Regulation 56), and the council's response.

    What the sender wrote stays private to the Local Offer team (and, for feedback on an entry,
    that entry's provider). Only ``you_said`` and ``we_did``, which a moderator writes without
    anything that could identify anyone, are ever published.
    """

    about = models.CharField(max_length=20, choices=FeedbackAbout.choices)
    entry = models.ForeignKey("submissions.Entry", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="feedback")
    message = models.TextField()
    name = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    # A keyed hash of the sender's network address: enough to limit how often one sender
    # writes, without keeping the address itself.
    sender_key = models.CharField(max_length=64, db_index=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    status = models.CharField(max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW,
                              db_index=True)
    you_said = models.TextField(blank=True, default="")
    we_did = models.TextField(blank=True, default="")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Counts saves, so that a response made on a stale page is refused, not lost.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"Feedback {self.reference}"

    @property
    def reference(self):
        return f"FB{self.pk:05d}"
