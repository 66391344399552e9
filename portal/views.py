from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect, render

from portal.forms import SignInForm
from portal.roles import is_moderator
from portal.selectors import provider_list_for_user


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


@login_required
def home(request):
    providers = list(provider_list_for_user(request.user))
    if not providers and is_moderator(request.user):
        return redirect("workflow:queue")
    return render(request, "portal/home.html", {
        "providers": providers,
        "is_moderator": is_moderator(request.user),
    })


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
