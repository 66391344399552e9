import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from portal.models import Provider, User
from submissions.models import Entry, Postcode
from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@override_settings(DEMO_DATA_ALLOWED=True)
def test_setup_demo_loads_real_data_and_publishes_through_the_workflow_and_reruns_cleanly(capsys):
    call_command("setup_demo")
    out = capsys.readouterr().out
    assert "senco@example.org" in out and "moderator@example.org" in out
    assert Provider.objects.filter(urn="114345", name="Villa Real School").exists()
    assert Provider.objects.filter(ods_code="Y04267").exists()
    assert Postcode.objects.count() == 60953
    published = Entry.objects.published()
    assert published.count() == 3
    for entry in published:
        assert list(TransitionLog.objects.filter(revision=entry.published_revision)
                    .values_list("action", flat=True)) == ["submit", "start_review", "approve", "publish"]
    waiting = Entry.objects.exclude(pk__in=published).get()
    assert waiting.revisions.get().state == "submitted"
    assert User.objects.get(email="senco@example.org").memberships.count() == 2
    counts = (Entry.objects.count(), TransitionLog.objects.count(), User.objects.count())

    call_command("setup_demo")

    out = capsys.readouterr().out
    assert out.count("Nothing changed.") == 7
    assert (Entry.objects.count(), TransitionLog.objects.count(), User.objects.count()) == counts


@override_settings(DEMO_DATA_ALLOWED=False)
def test_setup_demo_refuses_to_create_demo_accounts_outside_a_developers_machine():
    with pytest.raises(CommandError, match="developer's machine"):
        call_command("setup_demo")
    assert not User.objects.exists()
