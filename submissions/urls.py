from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("providers/<int:provider_id>/", views.provider_detail, name="provider"),
    path("providers/<int:provider_id>/entries/new/", views.entry_create_view, name="entry_create"),
    path("entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("entries/<int:entry_id>/review/", views.entry_review, name="entry_review"),
    path("entries/<int:entry_id>/update/", views.entry_start_update, name="entry_start_update"),
    path("entries/<int:entry_id>/removal/", views.entry_request_removal_view, name="entry_request_removal"),
    path("revisions/<int:revision_id>/edit/", views.revision_edit, name="revision_edit"),
    path("revisions/<int:revision_id>/edit/<slug:slug>/", views.revision_section, name="revision_section"),
    path("revisions/<int:revision_id>/check/", views.revision_check, name="revision_check"),
    path("revisions/<int:revision_id>/document/", views.revision_document, name="revision_document"),
]
