"""The whole review matrix through the HTTP endpoint: every state x action x role."""

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
