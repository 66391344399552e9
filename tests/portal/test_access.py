"""An access test generated from the URL configuration, so that a new view cannot be forgotten.

Every URL is visited by GET and by POST as: an anonymous visitor (sent to sign in, unless the
URL is public), a member of another provider using this provider's ids (404 or 403), and, for
the council's pages, a provider (403). A URL with a parameter this test does not know fails
until the test is taught what to put there.
"""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from offer.services import feedback_create
from workflow.services import revision_transition

# Pages anyone may open.
PUBLIC = {"offer:home", "offer:entry", "offer:export_csv", "offer:booklet", "login", "logout",
          "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
          "invitation_accept", "offer:feedback", "offer:entry_feedback", "offer:feedback_sent",
          "offer:you_said_we_did", "offer:entry_document",
          # The Open Referral UK API: open data, published entries only (tests/offer/test_api.py).
          "api:root", "api:openapi", "api:services", "api:service", "api:service_at_locations",
          "api:service_at_location", "api:taxonomies", "api:taxonomy", "api:taxonomy_terms", "api:taxonomy_term"}
COUNCIL_PREFIXES = ("moderation/", "council/")


def _routes(patterns=None, prefix="", namespace=None):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin guards itself; tests/workflow/test_queue.py covers ours
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern),
                               pattern.namespace or namespace)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


ROUTES = sorted(_routes())


@pytest.fixture
def target(make_entry, provider_user, moderator):
    """This provider's objects, in states where every page has something to show."""
    entry = make_entry()
    revision = entry.revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    feedback = feedback_create(about="local_offer", message="Hello", sender_address="192.0.2.1")
    return {"feedback_id": feedback.pk, "provider_id": entry.provider_id, "entry_id": entry.pk,
            "revision_id": revision.pk,
            "membership_id": provider_user.memberships.get().pk,
            "action": "withdraw", "decision": "archive", "slug": "about",
            "uidb64": "MQ", "token": "set-password", "token_value": "x",
            "service_id": entry.public_id, "sal_id": entry.location_public_id,
            "taxonomy_id": "00000000-0000-0000-0000-000000000000", "term_id": "00000000-0000-0000-0000-000000000000"}


def _url(name, route, target):
    kwargs = {}
    for part in route.split("<")[1:]:
        key = part.split(">")[0].split(":")[-1]
        assert key in target, f"teach tests/portal/test_access.py what to put in <{key}> of {name}"
        kwargs[key] = target[key]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name, route", ROUTES, ids=[name for name, _ in ROUTES])
def test_every_url_keeps_out_whoever_should_not_be_there(name, route, target, other_membership, client):
    url = _url(name, route, target)
    anonymous = Client()
    for method in ("get", "post"):
        response = getattr(anonymous, method)(url)
        if name not in PUBLIC:
            assert response.status_code in (302, 405), (method, url)
            if response.status_code == 302:
                assert response.url.startswith(reverse("login")), (method, url)

    stranger = Client()
    stranger.force_login(other_membership.user)
    if name in PUBLIC:
        return
    for method in ("get", "post"):
        response = getattr(stranger, method)(url)
        if route.startswith(COUNCIL_PREFIXES):
            assert response.status_code == 403, (method, url)
        elif any(key in route for key in ("provider_id", "entry_id", "revision_id", "membership_id")):
            assert response.status_code in (403, 404, 405), (method, url, response.status_code)
