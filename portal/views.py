from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render

from portal.forms import SignInForm
from portal.roles import is_moderator
from portal.selectors import provider_list_for_user


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    providers = list(provider_list_for_user(request.user))
    return render(request, "portal/home.html", {
        "providers": providers,
        "is_moderator": is_moderator(request.user),
    })
