from django.urls import path

from workflow import views

app_name = "workflow"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("revisions/<int:revision_id>/", views.review, name="review"),
    path("revisions/<int:revision_id>/schedule/", views.revision_schedule, name="schedule"),
    path("revisions/<int:revision_id>/document/", views.revision_document, name="revision_document"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders.csv", views.reminders, {"as_csv": True}, name="reminders_csv"),
    path("notifications/failed/", views.failed_notifications, name="failed_notifications"),
    path("entries/<int:entry_id>/<slug:decision>/", views.entry_decision, name="entry_decision"),
]
