from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entries/", views.entries, name="entries"),
    path("entries.csv", views.entries, {"as_csv": True}, name="entries_csv"),
    path("waiting/", views.waiting, name="waiting"),
    path("waiting.csv", views.waiting, {"as_csv": True}, name="waiting_csv"),
    path("published/", views.publications, name="publications"),
    path("published.csv", views.publications, {"as_csv": True}, name="publications_csv"),
    path("emails-not-sent.csv", views.failed_notifications_csv, name="failed_notifications_csv"),
    path("feedback.csv", views.feedback_csv, name="feedback_csv"),
    path("sufficiency/", views.sufficiency, name="sufficiency"),
    path("sufficiency.csv", views.sufficiency_csv, name="sufficiency_csv"),
    path("annual-report/", views.annual_report, name="annual_report"),
]
