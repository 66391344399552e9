from django.contrib import admin

from submissions.admin import ReadOnlyAdmin
from workflow.models import TransitionLog


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["revision", "from_state", "to_state", "actor_label", "at"]
    list_filter = ["to_state"]
