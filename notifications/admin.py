from django.contrib import admin

from notifications.models import Notification
from submissions.admin import ReadOnlyAdmin


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "email", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
