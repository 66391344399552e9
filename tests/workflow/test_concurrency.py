"""Two moderators acting at once on PostgreSQL: the row lock lets exactly one through."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from workflow.models import TransitionLog
from workflow.services import StaleRevision, revision_transition

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_moderators_approving_from_stale_pages_make_one_transition_one_log_one_email(
    make_entry, provider_user, moderator, django_user_model
):
    assert connection.vendor == "postgresql"
    second = django_user_model.objects.create_user(email="second.moderator@example.org", password="x")
    second.groups.add(*moderator.groups.all())
    revision = make_entry().revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision_transition(revision_id=revision.pk, action="start_review", user=moderator)
    mail.outbox.clear()

    barrier = threading.Barrier(2)
    outcomes = []

    def act(user):
        try:
            barrier.wait()
            revision_transition(revision_id=revision.pk, action="approve", user=user,
                                expected_state="in_review")
            outcomes.append("approved")
        except StaleRevision as refused:
            outcomes.append(refused.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(user,)) for user in (moderator, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert outcomes.count("approved") == 1
    assert any("Someone else updated this entry first" in o for o in outcomes)
    assert TransitionLog.objects.filter(revision=revision, action="approve").count() == 1
    approved_emails = [m for m in mail.outbox if "was approved" in m.subject]
    assert len(approved_emails) == 1
