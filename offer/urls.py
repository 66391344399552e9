from django.urls import path

from offer import views

app_name = "offer"

urlpatterns = [
    path("", views.home, name="home"),
    path("entries/<int:entry_id>/", views.entry, name="entry"),
    path("entries/<int:entry_id>/document/", views.entry_document, name="entry_document"),
    path("local-offer.csv", views.export_csv, name="export_csv"),
    path("booklet/", views.booklet, name="booklet"),
    path("feedback/", views.feedback, name="feedback"),
    path("entries/<int:entry_id>/feedback/", views.feedback, name="entry_feedback"),
    path("feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
]
