"""Behind a TLS-terminating proxy: forms work from our own origin, and not from anyone else's."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

BEHIND_PROXY = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "ALLOWED_HOSTS": ["localoffer.example.org"],
    "CSRF_TRUSTED_ORIGINS": ["https://localoffer.example.org"],
    "CSRF_COOKIE_SECURE": True,
    "SESSION_COOKIE_SECURE": True,
}
PROXIED = {"HTTP_HOST": "localoffer.example.org", "HTTP_X_FORWARDED_PROTO": "https", "secure": False}


def _sign_in_page(client):
    page = client.get(reverse("login"), **PROXIED)
    return page.cookies["csrftoken"].value, page.context["csrf_token"]


@override_settings(**BEHIND_PROXY)
@pytest.mark.parametrize("origin, accepted", [
    ("https://localoffer.example.org", True),
    ("https://evil.example.com", False),
    ("http://localoffer.example.org", False),
])
def test_a_post_is_accepted_only_from_the_portals_own_origin(provider_user, origin, accepted):
    client = Client(enforce_csrf_checks=True)
    _cookie, token = _sign_in_page(client)
    response = client.post(reverse("login"), {"username": provider_user.email,
                                              "password": "correct horse battery staple",
                                              "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN=origin, **PROXIED)
    if accepted:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
        assert "This page was out of date" in response.content.decode()


def test_pages_carry_security_headers_and_a_content_security_policy(client):
    response = client.get(reverse("offer:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
