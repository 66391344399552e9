"""Two-factor sign-in (TOTP, with django-otp) for council staff.

Where the council requires it (``TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF``, on with the production
settings), a moderator or admin who has signed in with a password reaches no page but the
two-factor ones until they have entered a code from their authenticator app; the middleware
guards every path, the Django admin included, so no view can forget it.
"""

from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.roles import is_council_admin, is_moderator

# Paths a council member may reach before the second step: the step itself, signing out, and
# what anyone may see.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/entries/")


def needs_second_factor(user) -> bool:
    if not settings.TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF or not user.is_authenticated:
        return False
    council_staff = user.is_staff or is_moderator(user) or is_council_admin(user)
    return council_staff and not user.is_verified()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (path != "/" and not path.startswith(_OPEN_PREFIXES)
                and needs_second_factor(request.user)):
            return redirect(f"{reverse('two_factor')}?next={quote(path)}")
        return self.get_response(request)


def otpauth_uri(user, hex_key: str) -> str:
    secret = b32encode(unhexlify(hex_key)).decode().rstrip("=")
    issuer = quote(settings.LOCAL_OFFER_COUNCIL_NAME + " Local Offer")
    return f"otpauth://totp/{issuer}:{quote(user.email)}?secret={secret}&issuer={issuer}"
