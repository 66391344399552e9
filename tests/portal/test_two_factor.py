from binascii import unhexlify

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("required")]


@pytest.fixture
def required():
    with override_settings(TWO_FACTOR_REQUIRED_FOR_COUNCIL_STAFF=True):
        yield


def _code(hex_key, offset=0):
    totp = TOTP(unhexlify(hex_key))
    totp.t0 -= offset
    return f"{totp.token():06d}"


def test_a_moderator_sets_up_an_authenticator_before_reaching_any_council_page(moderator_client, moderator):
    response = moderator_client.get(reverse("workflow:queue"))
    assert response.status_code == 302
    assert response.url == reverse("two_factor") + "?next=/moderation/"
    page = moderator_client.get(response.url)
    assert "Set up two-step sign-in" in page.content.decode()
    assert 'src="data:image/svg+xml' in page.content.decode()
    key = moderator_client.session["two_factor_setup_key"]

    wrong = moderator_client.post(response.url, {"code": "000000" if _code(key) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=moderator).exists()

    done = moderator_client.post(response.url, {"code": _code(key)})
    assert done.status_code == 302 and done.url == "/moderation/"
    assert moderator_client.get(reverse("workflow:queue")).status_code == 200
    assert TOTPDevice.objects.get(user=moderator).confirmed


def test_the_next_sign_in_asks_for_a_code_from_the_same_app(client, moderator):
    device = TOTPDevice.objects.create(user=moderator, name="app", confirmed=True)
    client.force_login(moderator)
    assert client.get(reverse("workflow:queue")).status_code == 302
    page = client.get(reverse("two_factor"))
    assert "Enter the code from your authenticator app" in page.content.decode()
    client.post(reverse("two_factor"), {"code": _code(device.key)})
    assert client.get(reverse("workflow:queue")).status_code == 200


def test_the_admin_is_guarded_too(client, moderator):
    moderator.is_staff = True
    moderator.save()
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor"))


def test_providers_sign_in_with_a_password_alone(provider_client):
    assert provider_client.get(reverse("portal:home")).status_code == 200


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_malformed_code_gets_a_clear_message(moderator_client, code):
    response = moderator_client.post(reverse("two_factor"), {"code": code})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
