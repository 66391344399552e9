from django.urls import path

from offer import views

app_name = "feedback"

urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("<int:feedback_id>/", views.feedback_detail, name="detail"),
]
