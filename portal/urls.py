from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import views
from portal.forms import GDSSetPasswordForm
from workflow.views import revision_action

portal_patterns = ([
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/my-data.json", views.account_data, name="account_data"),
    path("providers/<int:provider_id>/members/", views.provider_members, name="members"),
    path("providers/<int:provider_id>/members/<int:membership_id>/", views.membership_change,
         name="membership_change"),
], "portal")

urlpatterns = [
    path("", include("offer.urls")),
    path("api/v3/", include("offer.api_urls")),
    path("accounts/sign-in/", views.SignInView.as_view(), name="login"),
    path("accounts/sign-out/", views.SignOutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("accounts/password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="registration/password_reset_sent.html"), name="password_reset_done"),
    path("accounts/password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=GDSSetPasswordForm, template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm"),
    path("accounts/password-reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_complete.html"), name="password_reset_complete"),
    path("council/providers/", views.council_providers, name="council_providers"),
    path("council/dashboard/", include("council.urls")),
    path("portal/", include(portal_patterns)),
    path("portal/", include("submissions.urls")),
    path("portal/", include("notifications.urls")),
    # Providers (submit, withdraw) and moderators (the rest) act through this one view.
    path("portal/revisions/<int:revision_id>/actions/<slug:action>/", revision_action,
         name="revision_action"),
    path("moderation/feedback/", include("offer.feedback_urls")),
    path("moderation/", include("workflow.urls")),
    path("admin/", admin.site.urls),
]
