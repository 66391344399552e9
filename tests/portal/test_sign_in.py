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
    response = client.post(reverse("login"), {"username": provider_user.email,
                                              "password": "correct horse battery staple"})
    assert "_auth_user_id" not in client.session
    assert "Enter a correct email address and password" in response.content.decode()


def test_signing_out_says_so(provider_client):
    response = provider_client.post(reverse("logout"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert provider_client.get(reverse("portal:home")).status_code == 302


def test_a_form_posted_from_a_stale_session_gets_a_plain_page(provider_user, provider):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(provider_user)
    response = client.post(reverse("submissions:entry_create", args=[provider.pk]), {"name": "x"})
    assert response.status_code == 403
    assert "This page was out of date" in response.content.decode()


def test_a_moderator_with_no_provider_lands_on_the_review_queue(moderator_client):
    response = moderator_client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url == reverse("workflow:queue")


def test_repeated_failed_sign_ins_are_throttled_with_a_clear_message(client, provider_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": provider_user.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": provider_user.email,
                                              "password": "correct horse battery staple"})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_a_working_day(client, provider_user, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    client.post(reverse("login"), {"username": provider_user.email, "password": "correct horse battery staple"})
    assert client.get(reverse("portal:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # eight hours on
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
