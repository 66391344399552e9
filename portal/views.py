from base64 import b32encode
from binascii import unhexlify

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from portal.forms import AcceptInvitationForm, GDSPasswordResetForm, InviteForm, SignInForm, TwoFactorForm
from portal.invitations import InvitationInvalid
from portal.models import Membership, MembershipRole, Provider, User
from portal.roles import can_manage_members, is_council_admin, is_moderator
from portal.selectors import members_of, provider_list_for_user, providers_search, user_data_export
from portal.services import (
    AccountChangeRefused,
    invitation_accept,
    invitation_check,
    invitation_send,
    membership_change_role,
    membership_remove,
    password_reset_note,
)
from portal.two_factor import otpauth_uri


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = GDSPasswordResetForm
    template_name = "registration/password_reset.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        if not password_reset_note(email=form.cleaned_data["email"]):
            # Past the hourly limit: the same page as ever, and no email.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


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


def _provider_for_member_managers(user, provider_id):
    """Members see who else acts for their provider; council admins see every provider's."""
    providers = Provider.objects.all() if is_council_admin(user) else Provider.objects.for_user(user)
    return get_object_or_404(providers, pk=provider_id)


@login_required
def provider_members(request, provider_id):
    provider = _provider_for_member_managers(request.user, provider_id)
    manager = can_manage_members(request.user, provider)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied("Only the provider's owners can invite people")
        if form.is_valid():
            try:
                invitation_send(inviter=request.user, provider=provider, email=form.cleaned_data["email"],
                                role=form.cleaned_data["role"])
            except AccountChangeRefused as refused:
                form.add_error("email", refused.message)
            else:
                email = form.cleaned_data["email"].strip().lower()
                messages.success(request, f"An invitation has been sent to {email}.")
                return redirect("portal:members", provider.pk)
    return render(request, "portal/members.html", {
        "provider": provider, "members": members_of(provider), "manager": manager,
        "form": form, "roles": MembershipRole,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def membership_change(request, provider_id, membership_id):
    """Change a colleague's role, or (with remove) take them off the provider."""
    provider = _provider_for_member_managers(request.user, provider_id)
    try:
        if "remove" in request.POST:
            membership_remove(actor=request.user, provider_id=provider.pk, membership_id=membership_id)
            messages.success(request, "They no longer act for this provider.")
        else:
            role = request.POST.get("role")
            if role not in MembershipRole.values:
                raise Http404
            membership_change_role(actor=request.user, provider_id=provider.pk,
                                   membership_id=membership_id, role=role)
            messages.success(request, "Their role has been changed.")
    except Membership.DoesNotExist:
        raise Http404 from None
    except AccountChangeRefused as refused:
        messages.warning(request, refused.message)
    return redirect("portal:members", provider.pk)


def invitation_accept_view(request, token):
    try:
        invitation, provider = invitation_check(token)
    except InvitationInvalid as invalid:
        return render(request, "portal/invitation_invalid.html", {"message": invalid.message}, status=400)
    existing = User.objects.filter(email=invitation["email"]).exists()
    form = None if existing else AcceptInvitationForm(request.POST or None, email=invitation["email"])
    if request.method == "POST" and (existing or form.is_valid()):
        try:
            person = invitation_accept(
                token=token, user=request.user if request.user.is_authenticated else None,
                password=form.cleaned_data["password1"] if form else "",
                first_name=form.cleaned_data["first_name"] if form else "",
                last_name=form.cleaned_data["last_name"] if form else "",
            )
        except InvitationInvalid as invalid:
            return render(request, "portal/invitation_invalid.html", {"message": invalid.message},
                          status=400)
        if not request.user.is_authenticated:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"You now act for {provider.name}.")
        return redirect("submissions:provider", provider.pk)
    return render(request, "portal/invitation_accept.html", {
        "invitation": invitation, "provider": provider, "form": form, "existing": existing,
    }, status=400 if form is not None and form.errors else 200)


@login_required
def account(request):
    return render(request, "portal/account.html", {"memberships": request.user.memberships
                  .select_related("provider").order_by("provider__name")})


@login_required
def account_data(request):
    """Everything the portal holds about the signed-in person, as a JSON download."""
    response = JsonResponse(user_data_export(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-local-offer-data.json"'
    return response


@login_required
def council_providers(request):
    if not is_council_admin(request.user):
        raise PermissionDenied("Only the council's admins can manage providers")
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:100]
    return render(request, "portal/council_providers.html", {
        "query": query, "providers": providers_search(query) if query else [],
    })


_SETUP_KEY = "two_factor_setup_key"


@login_required
def two_factor(request):
    """The second step of signing in for council staff: set up an authenticator app the first
    time, then enter its code. The new secret waits in the session until a code proves it."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if device is None and _SETUP_KEY not in request.session:
        request.session[_SETUP_KEY] = random_hex(20)
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is None:
            key = request.session[_SETUP_KEY]
            # Checked before any device is stored, so a wrong code leaves nothing behind.
            if TOTP(unhexlify(key)).verify(int(form.cleaned_data["code"]), tolerance=1):
                device = TOTPDevice.objects.create(user=request.user, key=key, name="Authenticator app",
                                                   confirmed=True)
                del request.session[_SETUP_KEY]
                otp_login(request, device)
                return redirect(next_url or "portal:home")
        elif device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(next_url or "portal:home")
        form.add_error("code", "The code is not right. Check the app and enter the code it shows now")
    qr = None
    if device is None:
        uri = otpauth_uri(request.user, request.session[_SETUP_KEY])
        qr = segno.make(uri, error="m").svg_data_uri(scale=5)
    return render(request, "registration/two_factor.html", {
        "form": form, "setting_up": device is None, "qr": qr,
        "secret": b32encode(unhexlify(request.session[_SETUP_KEY])).decode() if device is None else "",
    }, status=400 if form.errors else 200)
