from dataclasses import asdict

from django.contrib import admin

from notifications.models import Notification, ReviewPolicy
from notifications.policy import rules
from submissions.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "email", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    """One policy: added once (starting from the settings in force), then changed; never deleted."""

    list_display = ["__str__", "cycle_months", "reminder_days_before", "overdue_grace_days", "updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReviewPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = asdict(rules())  # the fields are named as the rules are
        initial["reminder_days_before"] = ",".join(str(days) for days in initial["reminder_days_before"])
        return initial

    def save_model(self, request, obj, form, change):
        obj.pk = 1  # the one row
        super().save_model(request, obj, form, change)
