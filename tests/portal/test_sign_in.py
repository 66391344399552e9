import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_wrong_password_gets_a_clear_message(client, provider_user):
    response = client.post(reverse("login"), {"username": provider_user.email, "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page


def test_signing_in_leads_to_the_providers_organisations(client, provider_user, provider):
    response = client.post(reverse("login"), {"username": provider_user.email.upper(),
                                              "password": "correct horse battery staple"}, follow=True)
    assert provider.name in response.content.decode()


def test_a_deactivated_user_cannot_sign_in(client, provider_user):
    provider_user.is_active = False
    provider_user.save()
    assert not client.login(username=provider_user.email, password="correct horse battery staple")
