"""The annual review cycle: due dates, reminders exactly once, grace, confirmation."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Notification
from notifications.policy import review_due_from
from notifications.services import moderator_digest_send, review_reminders_send
from notifications.tasks import send_notifications, send_pending_notifications
from submissions.models import Entry
from submissions.services import revision_start_update
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def live(make_entry, provider_user, moderator):
    entry = make_entry(name="Sensory play")
    revision = entry.revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    entry.refresh_from_db()
    Notification.objects.all().delete()
    return entry


def _due(entry, due):
    Entry.objects.filter(pk=entry.pk).update(review_due=due)


def _reminders(entry):
    return list(Notification.objects.filter(kind="review_reminder", subject_key=f"entry:{entry.pk}")
                .order_by("pk").values_list("cycle", flat=True))


def test_publishing_sets_the_review_due_date_a_year_after_confirmation(live):
    assert live.review_due == timezone.localdate(live.last_confirmed_at).replace(
        year=timezone.localdate(live.last_confirmed_at).year + 1)


def test_due_dates_follow_the_uk_calendar_date_not_utc():
    # 00:30 on 1 July in British Summer Time is still 30 June in UTC.
    confirmed = datetime(2026, 7, 1, 0, 30, tzinfo=LONDON)
    assert confirmed.astimezone(ZoneInfo("UTC")).day == 30
    assert review_due_from(confirmed) == date(2027, 7, 1)


@override_settings(REVIEW_CYCLE_MONTHS=6)
def test_the_cycle_is_the_councils_setting():
    assert review_due_from(datetime(2026, 1, 15, 12, tzinfo=LONDON)) == date(2026, 7, 15)


def test_members_are_reminded_28_14_and_3_days_before_then_weekly_each_exactly_once(live, provider_user):
    due = date(2027, 3, 1)
    _due(live, due)
    for day in range(-40, 20):
        today = due + timedelta(days=day)
        review_reminders_send(today=today)
        review_reminders_send(today=today)  # a second run the same day writes nothing
    assert _reminders(live) == ["2027-03-01:before-28", "2027-03-01:before-14", "2027-03-01:before-3",
                                "2027-03-01:overdue-0", "2027-03-01:overdue-1", "2027-03-01:overdue-2"]
    assert set(Notification.objects.filter(kind="review_reminder").values_list("email", flat=True)) == {
        provider_user.email}


def test_missed_stages_are_not_sent_late(live):
    due = date(2027, 3, 1)
    _due(live, due)
    review_reminders_send(today=due - timedelta(days=10))  # first run inside the 14-day stage
    assert _reminders(live) == ["2027-03-01:before-14"]


def test_nothing_is_sent_for_entries_not_yet_near_their_due_date(live):
    _due(live, date(2027, 3, 1))
    assert review_reminders_send(today=date(2027, 1, 1)) == 0


def test_the_reminder_email_links_to_the_confirm_page(live, provider_user,
                                                      django_capture_on_commit_callbacks):
    _due(live, date(2027, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(today=date(2027, 2, 26))
    message = next(m for m in mail.outbox if "still accurate" in m.subject)
    assert message.to == [provider_user.email]
    assert f"/portal/entries/{live.pk}/review/" in message.body
    assert "1 March 2027" in message.body


def test_a_lost_message_is_found_and_sent_by_the_sweep(live, django_capture_on_commit_callbacks):
    _due(live, date(2027, 3, 1))
    review_reminders_send(today=date(2027, 2, 26))  # on_commit never ran: as if Redis lost it
    assert Notification.objects.get(kind="review_reminder").status == "pending"
    send_pending_notifications()
    assert Notification.objects.get(kind="review_reminder").status == "sent"
    review_reminders_send(today=date(2027, 2, 26))
    assert Notification.objects.filter(kind="review_reminder").count() == 1


def test_after_the_grace_period_moderators_are_told_once_and_the_public_page_warns(live, moderator, client):
    due = timezone.localdate() - timedelta(days=27)
    _due(live, due)
    review_reminders_send()
    assert not Notification.objects.filter(kind="review_overdue").exists()
    assert "may be out of date" not in client.get(reverse("offer:entry", args=[live.pk])).content.decode()

    _due(live, timezone.localdate() - timedelta(days=28))
    review_reminders_send()
    review_reminders_send()
    told = Notification.objects.filter(kind="review_overdue")
    assert list(told.values_list("email", flat=True)) == [moderator.email]
    page = client.get(reverse("offer:entry", args=[live.pk]))
    assert page.status_code == 200  # nothing is unpublished silently
    assert "This information may be out of date" in page.content.decode()


def test_confirming_restarts_the_cycle_and_stops_the_reminders(live, provider_client):
    _due(live, timezone.localdate() + timedelta(days=3))
    page = provider_client.get(reverse("submissions:entry_review", args=[live.pk])).content.decode()
    assert "Yes, it is still accurate" in page and "No, I need to update it" in page
    response = provider_client.post(reverse("submissions:entry_review", args=[live.pk]), follow=True)
    assert "You have confirmed the entry is still accurate" in response.content.decode()
    live.refresh_from_db()
    assert live.review_due == review_due_from(live.last_confirmed_at)
    assert live.review_due > timezone.localdate() + timedelta(days=300)
    assert review_reminders_send() == 0


@override_settings(REVIEW_CONFIRMATION_NEEDS_ACKNOWLEDGEMENT=True)
def test_where_the_council_asks_a_moderator_acknowledges_the_confirmation(
    live, provider_client, moderator, django_capture_on_commit_callbacks
):
    from django.test import Client

    old_due = timezone.localdate() + timedelta(days=3)
    _due(live, old_due)
    with django_capture_on_commit_callbacks(execute=True):
        provider_client.post(reverse("submissions:entry_review", args=[live.pk]))
    live.refresh_from_db()
    assert live.review_due == old_due and live.confirmation_pending_at is not None
    assert any(moderator.email in m.to and "confirmed an entry" in m.subject for m in mail.outbox)
    assert review_reminders_send() == 0  # reminders pause while it waits

    moderator_client = Client()
    moderator_client.force_login(moderator)
    review_page = moderator_client.get(reverse("workflow:review", args=[live.published_revision_id]))
    assert "Acknowledge and restart the review cycle" in review_page.content.decode()
    moderator_client.post(reverse("workflow:entry_decision", args=[live.pk, "acknowledge_confirmation"]))
    live.refresh_from_db()
    assert live.confirmation_pending_at is None
    assert live.review_due == review_due_from(live.last_confirmed_at) != old_due


def test_another_provider_cannot_confirm(live, other_provider_client):
    assert other_provider_client.post(reverse("submissions:entry_review", args=[live.pk])).status_code == 404


def test_the_preview_command_and_page_list_the_next_30_days(live, moderator_client, capsys, provider_user):
    _due(live, timezone.localdate() + timedelta(days=20))
    call_command("review_reminders_preview")
    out = capsys.readouterr().out
    assert "Sensory play" in out and "14 days before it is due" in out and provider_user.email in out
    # The 28-day stage was reached 8 days ago and no sweep has sent it: today's sweep will.
    today = f"{timezone.localdate():%a %-d %b %Y}"
    assert f"{today}  Sensory play" in out and "28 days before it is due" in out
    page = moderator_client.get(reverse("workflow:reminders")).content.decode()
    assert "Sensory play" in page and "3 days before it is due" in page and "28 days before it is due" in page

    review_reminders_send()
    call_command("review_reminders_preview")
    out = capsys.readouterr().out
    assert "28 days before" not in out and "14 days before it is due" in out  # sent: no longer planned


def test_the_daily_digest_goes_once_a_day_to_each_moderator_and_flags_slow_ones(
    make_entry, provider_user, moderator
):
    assert moderator_digest_send() == 0  # nothing waiting, no email
    revision = make_entry(name="Waiting entry").revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    revision.submitted_at = timezone.now() - timedelta(days=14)
    revision.save(update_fields=["submitted_at"])
    assert moderator_digest_send() == 1
    assert moderator_digest_send() == 0
    digest = Notification.objects.get(kind="daily_digest")
    assert digest.email == moderator.email
    assert "1 waiting, 1 for more than 5 working days" in digest.subject
    assert "Waiting entry" in digest.body_text


def test_failed_emails_are_counted_for_moderators_and_can_be_sent_again(live, moderator_client):
    _due(live, date(2027, 3, 1))
    review_reminders_send(today=date(2027, 2, 26))
    Notification.objects.update(status="failed", attempts=5, last_error="SMTP down")
    queue = moderator_client.get(reverse("workflow:queue")).content.decode()
    assert "1 email could not be sent" in queue
    failed = Notification.objects.get()
    response = moderator_client.post(reverse("workflow:failed_notifications"),
                                     {"notification": failed.pk}, follow=True)
    assert "will be sent again" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status in ("pending", "sent") and failed.attempts <= 1
    assert moderator_client.post(reverse("workflow:failed_notifications"),
                                 {"notification": "abc"}).status_code == 404


def test_working_days_skip_weekends():
    from notifications.policy import working_days_between

    assert working_days_between(date(2026, 12, 4), date(2026, 12, 7)) == 1  # Friday to Monday
    assert working_days_between(date(2026, 12, 7), date(2026, 12, 14)) == 5


def test_the_sweep_writes_each_batch_at_once_and_queues_one_send_task_a_batch(
        make_entry, publish, provider_user, monkeypatch, django_capture_on_commit_callbacks):
    entries = [publish(make_entry(name=f"Club {n}")) for n in range(3)]
    Notification.objects.all().delete()
    for entry in entries:
        _due(entry, date(2027, 3, 1))
    monkeypatch.setattr(services, "REMINDER_BATCH", 2)
    with mock.patch("notifications.tasks.send_notifications.delay") as send:
        with django_capture_on_commit_callbacks(execute=True):
            assert review_reminders_send(today=date(2027, 2, 26)) == 3
    reminders = Notification.objects.filter(kind="review_reminder")
    assert [call.args[0] for call in send.call_args_list] == [
        list(reminders.filter(subject_key__in=[f"entry:{e.pk}" for e in entries[:2]]).order_by("pk")
             .values_list("pk", flat=True)),
        list(reminders.filter(subject_key=f"entry:{entries[2].pk}").values_list("pk", flat=True))]
    assert set(reminders.values_list("email", flat=True)) == {provider_user.email}


def test_a_batch_that_meets_another_runs_rows_writes_only_the_missing_ones(live, provider_user, moderator,
                                                                         django_capture_on_commit_callbacks):
    def message(user):
        return services._message(kind="review_reminder", subject_key=f"entry:{live.pk}", cycle="2027-03-01:before-3",
                                 user=user, path="/", name="Sensory play", context={"revision": live.published_revision,
                                                                                    "provider": live.provider})

    services.notifications_write_batch([message(provider_user)])  # the other run, a moment earlier
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_write_batch([message(provider_user), message(moderator)]) == 1
    assert sorted(Notification.objects.filter(kind="review_reminder").values_list("email", flat=True)) == sorted(
        [provider_user.email, moderator.email])
    assert [m.to for m in mail.outbox] == [[moderator.email]]


def test_a_message_of_a_batch_that_fails_goes_on_with_its_own_retries(live, provider_user):
    _due(live, date(2027, 3, 1))
    review_reminders_send(today=date(2027, 2, 26))
    reminder = Notification.objects.get(kind="review_reminder")
    with mock.patch("notifications.services.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")), \
            mock.patch("notifications.tasks.send_notification.apply_async") as retry:
        assert send_notifications([reminder.pk]) == 0
    retry.assert_called_once_with((reminder.pk,), countdown=30)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("pending", 1)


def test_the_entry_page_offers_to_confirm_only_once_the_review_is_near(live, provider_client, provider_user):
    def page():
        return provider_client.get(reverse("submissions:entry", args=[live.pk])).content.decode()

    assert "Confirm it is still accurate" not in page()  # just published: a year to go
    _due(live, timezone.localdate() + timedelta(days=28))
    assert "Confirm it is still accurate" in page()
    update = revision_start_update(entry_id=live.pk, user=provider_user)
    assert "Confirm it is still accurate" in page()  # a draft update: the live one can still be confirmed
    revision_transition(revision_id=update.pk, action="submit", user=provider_user)
    assert "Confirm it is still accurate" not in page()  # publishing the update restarts the cycle


def test_someone_who_joins_later_is_not_sent_the_reminders_already_sent(live, provider, moderator):
    from tests.factories import MembershipFactory, ModeratorFactory

    _due(live, timezone.localdate() - timedelta(days=30))  # overdue, past the grace period
    review_reminders_send()
    sent = Notification.objects.count()
    assert sent == 2  # the provider's member and the moderator, once each
    MembershipFactory(provider=provider)
    ModeratorFactory()
    assert review_reminders_send() == 0
    assert Notification.objects.count() == sent


def test_a_batch_goes_on_past_a_message_whose_recipient_has_gone(live, provider_user):
    _due(live, date(2027, 3, 1))
    review_reminders_send(today=date(2027, 2, 26))
    reminder = Notification.objects.get(kind="review_reminder")
    assert send_notifications([reminder.pk + 1000, reminder.pk]) == 1
    reminder.refresh_from_db()
    assert reminder.status == "sent"


def test_the_reminders_preview_downloads_as_csv(live, moderator_client, provider_user):
    import csv
    import io

    _due(live, timezone.localdate() + timedelta(days=20))
    page = moderator_client.get(reverse("workflow:reminders")).content.decode()
    assert reverse("workflow:reminders_csv") in page
    response = moderator_client.get(reverse("workflow:reminders_csv"))
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ["Date", "Entry", "Name", "Provider", "Review due", "Reminder", "To"]
    assert [row[5] for row in rows] == ["28 days before it is due", "14 days before it is due",
                                        "3 days before it is due", "on the day it is due", "overdue, reminder 2"]
    assert all(row[2] == "Sensory play" and row[6] == provider_user.email for row in rows)


def test_reminders_written_while_the_broker_is_down_go_with_the_pending_sweep(live, provider_user,
                                                                              django_capture_on_commit_callbacks):
    _due(live, date(2027, 3, 1))
    with mock.patch("notifications.tasks.send_notifications.delay", side_effect=ConnectionRefusedError("down")):
        with django_capture_on_commit_callbacks(execute=True):
            assert review_reminders_send(today=date(2027, 2, 26)) == 1
    reminder = Notification.objects.get(kind="review_reminder")
    assert reminder.status == "pending" and mail.outbox == []
    send_pending_notifications()
    reminder.refresh_from_db()
    assert reminder.status == "sent" and [m.to for m in mail.outbox] == [[provider_user.email]]


def test_a_council_admin_sets_the_review_policy_in_the_admin_and_the_reminders_follow_it(live, provider_user,
                                                                                         moderator):
    from django.contrib.auth.models import Group
    from django.test import Client

    from notifications.models import ReviewPolicy
    from portal.roles import ADMINS_GROUP
    from tests.factories import UserFactory

    admin_user = UserFactory(email="admin@durham.example.org", is_staff=True)
    admin_user.groups.add(Group.objects.get(name=ADMINS_GROUP))
    council = Client()
    council.force_login(admin_user)
    add = council.get(reverse("admin:notifications_reviewpolicy_add")).content.decode()
    assert 'value="28,14,3"' in add and 'name="cycle_months" value="12"' in add  # starts from the settings
    refused = council.post(reverse("admin:notifications_reviewpolicy_add"), {
        "cycle_months": "12", "reminder_days_before": "soon", "overdue_reminder_every_days": "7",
        "overdue_grace_days": "28", "waiting_flag_working_days": "5"})
    assert refused.status_code == 200 and "like 28,14,3" in refused.content.decode()
    assert not ReviewPolicy.objects.exists()
    saved = council.post(reverse("admin:notifications_reviewpolicy_add"), {
        "cycle_months": "6", "reminder_days_before": "10", "overdue_reminder_every_days": "7",
        "overdue_grace_days": "14", "waiting_flag_working_days": "3"})
    assert saved.status_code == 302 and ReviewPolicy.objects.get().pk == 1
    assert council.get(reverse("admin:notifications_reviewpolicy_add")).status_code == 403  # one policy

    due = date(2027, 3, 1)
    _due(live, due)
    for day in range(-30, 20):
        review_reminders_send(today=due + timedelta(days=day))
        if day == 13:  # the council's grace is now 14 days, not 28
            assert not Notification.objects.filter(kind="review_overdue").exists()
        if day == 14:
            told = Notification.objects.filter(kind="review_overdue", cycle="2027-03-01:grace")
            assert sorted(told.values_list("email", flat=True)) == sorted([moderator.email, admin_user.email])
    assert _reminders(live) == ["2027-03-01:before-10", "2027-03-01:overdue-0", "2027-03-01:overdue-1",
                                "2027-03-01:overdue-2"]

    moderators = Client()
    moderators.force_login(moderator)
    assert moderators.get(reverse("admin:notifications_reviewpolicy_changelist")).status_code in (302, 403)


def test_once_saved_the_councils_policy_sets_the_cycle_and_the_queues_flag(make_entry, publish, moderator_client,
                                                                          settings):
    from dateutil.relativedelta import relativedelta

    from notifications.models import ReviewPolicy

    settings.REVIEW_CYCLE_MONTHS = 12  # the environment says a year; the council's saved policy wins
    ReviewPolicy.objects.create(pk=1, cycle_months=6, reminder_days_before="14", overdue_reminder_every_days=7,
                                overdue_grace_days=28, confirmation_needs_acknowledgement=False,
                                waiting_flag_working_days=2)
    entry = publish(make_entry(name="Six-monthly club"))
    assert entry.review_due == timezone.localdate(entry.last_confirmed_at) + relativedelta(months=6)
    assert moderator_client.get(reverse("workflow:queue")).context["flag_days"] == 2
