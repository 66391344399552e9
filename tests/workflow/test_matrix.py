"""The whole review matrix through the HTTP endpoint: every state x action x role."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from portal.services import membership_create
from submissions.models import Revision
from submissions.services import revision_start_update
from tests.factories import MembershipFactory
from workflow.machine import ACTIONS, RevisionState
from workflow.models import TransitionLog
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db

# How to bring a fresh revision to each state, as (action, who) steps.
PATHS = {
    "draft": [],
    "submitted": [("submit", "owner")],
    "in_review": [("submit", "owner"), ("start_review", "moderator")],
    "changes_requested": [("submit", "owner"), ("start_review", "moderator"),
                          ("request_changes", "moderator")],
    "rejected": [("submit", "owner"), ("start_review", "moderator"), ("reject", "moderator")],
    "withdrawn": [("submit", "owner"), ("withdraw", "owner")],
    "approved": [("submit", "owner"), ("start_review", "moderator"), ("approve", "moderator")],
    "published": [("submit", "owner"), ("start_review", "moderator"), ("approve", "moderator"),
                  ("publish", "moderator")],
}
ROLES = ["owner", "other_provider", "moderator", "anonymous"]
PROVIDER_ACTIONS = {action.name for action in ACTIONS.values() if action.who == "provider"}
SYSTEM_ACTIONS = {action.name for action in ACTIONS.values() if action.who.startswith("system")}


def expected(state, action, role):
    spec = ACTIONS[action]
    if role == "anonymous":
        return "sign in"
    if role == "other_provider":
        return "not found"
    allowed_role = (role == "owner" and action in PROVIDER_ACTIONS) or (
        role == "moderator" and action not in PROVIDER_ACTIONS | SYSTEM_ACTIONS)
    if not allowed_role:
        return "forbidden"
    return spec.target if state in spec.source else "unchanged"


@pytest.fixture
def people(db, provider, provider_user, moderator):
    return {"owner": provider_user, "moderator": moderator, "other_provider": MembershipFactory().user}


def _bring_to(state, make_entry, people):
    if state == "superseded":
        entry = make_entry()
        first = _bring_to_revision(entry.revisions.get(), "published", people)
        update = revision_start_update(entry_id=entry.pk, user=people["owner"])
        _bring_to_revision(update, "published", people)
        return Revision.objects.get(pk=first.pk)
    return _bring_to_revision(make_entry().revisions.get(), state, people)


def _bring_to_revision(revision, state, people):
    for action, who in PATHS[state]:
        revision_transition(revision_id=revision.pk, action=action, user=people[who], comment="Because")
    revision.refresh_from_db()
    assert revision.state == state
    return revision


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", [s.value for s in RevisionState])
def test_review_matrix(state, action, role, make_entry, people):
    revision = _bring_to(state, make_entry, people)
    logs_before = TransitionLog.objects.count()
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])

    response = client.post(reverse("revision_action", args=[revision.pk, action]),
                           {"expected_state": state, "comment": "A reason"})

    outcome = expected(state, action, role)
    revision.refresh_from_db()
    if outcome == "sign in":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif outcome == "not found":
        assert response.status_code == 404
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "unchanged":
        assert response.status_code == 302
    else:
        assert response.status_code == 302
        assert revision.state == outcome
        assert TransitionLog.objects.count() > logs_before
        return
    assert revision.state == state
    assert TransitionLog.objects.count() == logs_before


def test_a_moderator_who_is_also_a_member_acts_as_the_provider(make_entry, people, provider):
    membership_create(user=people["moderator"], provider=provider)
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=people["owner"])
    client = Client()
    client.force_login(people["moderator"])
    response = client.post(reverse("revision_action", args=[revision.pk, "start_review"]),
                           {"expected_state": "submitted"})
    assert response.status_code == 403


# --- The page offers exactly the actions that would succeed -----------------------------------

def _offered(html) -> set[str]:
    return set(re.findall(r'action="/portal/revisions/\d+/actions/([a-z_]+)/"', html))


@pytest.mark.parametrize("role", ["owner", "moderator"])
@pytest.mark.parametrize("state", [s.value for s in RevisionState if s != RevisionState.SUPERSEDED])
def test_the_page_offers_exactly_the_actions_that_would_succeed(state, role, make_entry, people):
    revision = _bring_to(state, make_entry, people)
    client = Client()
    client.force_login(people[role])
    if role == "owner":
        page = client.get(reverse("submissions:entry", args=[revision.entry_id]))
        shown_here = PROVIDER_ACTIONS
    else:
        page = client.get(reverse("workflow:review", args=[revision.pk]))
        shown_here = set(ACTIONS)
        if state == "draft":
            assert page.status_code == 404  # drafts stay the provider's own
            return
    assert page.status_code == 200
    would_succeed = {action for action in shown_here if expected(state, action, role) not in
                     ("forbidden", "unchanged", "not found", "sign in")}
    assert _offered(page.content.decode()) == would_succeed


# --- Entry-level decisions: take off the Local Offer, keep it, ask for removal ---------------

ENTRY_STATES = ["live", "removal_requested", "archived"]
ENTRY_ACTIONS = {
    # action: (url name, who may, the entry states it works in, what it leaves)
    "request_removal": ("submissions:entry_request_removal", "owner", {"live"}, "removal_requested"),
    "archive": ("workflow:entry_decision", "moderator", {"live", "removal_requested"}, "archived"),
    "decline_removal": ("workflow:entry_decision", "moderator", {"removal_requested"}, "live"),
}


def _entry_state(entry):
    entry.refresh_from_db()
    return "archived" if entry.archived_at else "removal_requested" if entry.removal_requested_at else "live"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ENTRY_ACTIONS))
@pytest.mark.parametrize("state", ENTRY_STATES)
def test_entry_decision_matrix(state, action, role, make_entry, people):
    from workflow.services import entry_archive, entry_request_removal

    entry = _bring_to("published", make_entry, people).entry
    if state != "live":
        entry_request_removal(entry_id=entry.pk, user=people["owner"], reason="Closing")
    if state == "archived":
        entry_archive(entry_id=entry.pk, user=people["moderator"], reason="Closed")
    url_name, who, works_in, leaves = ENTRY_ACTIONS[action]
    url = reverse(url_name, args=[entry.pk] if url_name.startswith("submissions") else [entry.pk, action])
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])

    response = client.post(url, {"reason": "Because"})

    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif role != who:
        assert response.status_code in (403, 404)
    if role == who and state in works_in:
        assert _entry_state(entry) == leaves
    else:
        assert _entry_state(entry) == state
