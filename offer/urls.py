from django.urls import path

from offer import views

app_name = "offer"

urlpatterns = [
    path("", views.home, name="home"),
    path("entries/<int:entry_id>/", views.entry, name="entry"),
    path("local-offer.csv", views.export_csv, name="export_csv"),
    path("booklet/", views.booklet, name="booklet"),
]
