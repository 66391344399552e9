from django.conf import settings
from django.db import models

from workflow.machine import RevisionState


class TransitionLog(models.Model):
    """One row per state change: who, when, from, to and why. Never edited."""

    revision = models.ForeignKey("submissions.Revision", on_delete=models.PROTECT,
                                 related_name="transitions")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=RevisionState.choices)
    to_state = models.CharField(max_length=20, choices=RevisionState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    # Kept as text so the history still reads right if the account goes, and names the
    # system actor for background tasks.
    actor_label = models.CharField(max_length=255)
    comment = models.TextField(blank=True, default="")
    # What the revision said when a moderator asked for changes ({field: text}), so that the
    # review of the resubmission can show what the provider changed since.
    content = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.revision}: {self.from_state} to {self.to_state} by {self.actor_label}"
