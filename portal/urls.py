from django.contrib import admin
from django.urls import include, path

from portal import views
from workflow.views import revision_action

portal_patterns = ([path("", views.home, name="home")], "portal")

urlpatterns = [
    path("", include("offer.urls")),
    path("accounts/sign-in/", views.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", views.SignOutView.as_view(), name="logout"),
    path("portal/", include(portal_patterns)),
    path("portal/", include("submissions.urls")),
    path("portal/", include("notifications.urls")),
    # Providers (submit, withdraw) and moderators (the rest) act through this one view.
    path("portal/revisions/<int:revision_id>/actions/<slug:action>/", revision_action,
         name="revision_action"),
    path("moderation/", include("workflow.urls")),
    path("admin/", admin.site.urls),
]
