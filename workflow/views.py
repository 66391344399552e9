from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.policy import rules, working_days_between
from notifications.selectors import failed_notifications as failed_notifications_qs
from notifications.selectors import review_reminders_preview
from notifications.services import notification_retry
from offer.models import FeedbackStatus
from offer.selectors import feedback_counts
from portal.decorators import moderator_required
from portal.paging import page_of, query_string_without_page
from portal.roles import can_archive, is_moderator, is_provider_member
from portal.spreadsheets import csv_response
from submissions.completeness import revision_missing_items
from submissions.documents import document_response
from submissions.models import Entry, EntryKind, Revision
from submissions.sections import report_item_states, revision_rows_by_section, sections_for_entry
from workflow import selectors
from workflow.forms import ActionForm, QueueFilterForm, ReasonForm, ScheduleForm
from workflow.services import (
    CommentRequired,
    RevisionIncomplete,
    TransitionRefused,
    entry_acknowledge_confirmation,
    entry_archive,
    entry_decline_removal,
    revision_schedule_publication,
    revision_transition,
)

# A moderator works from the oldest; a page of 50 keeps the queue quick to load on a busy week.
QUEUE_PAGE_SIZE = 50


@moderator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "state": form.cleaned_data["state"] or None,
            "provider_kind": form.cleaned_data["provider_kind"] or None,
            "waiting_days": form.cleaned_data["waiting_days"],
            "reviewer": request.user if form.cleaned_data["mine"] else None,
        }
    today = timezone.localdate()
    page = page_of(request, selectors.review_queue(**filters) if not form.errors else [], QUEUE_PAGE_SIZE)
    return render(request, "workflow/queue.html", {
        "form": form,
        "page": page,
        "query_string": query_string_without_page(request),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
        "rows": [(revision, working_days_between(timezone.localdate(revision.submitted_at), today))
                 for revision in page],
        "flag_days": rules().waiting_flag_working_days,
        "failed_count": failed_notifications_qs().count(),
        "feedback_waiting": feedback_counts()[FeedbackStatus.NEW],
        "counts": selectors.queue_counts(),
        "removal_requests": selectors.removal_requests(),
    })


@moderator_required
def review(request, revision_id, schedule_form=None, action_error=None):
    revision = selectors.revision_get_for_review(revision_id)
    entry = revision.entry
    actions = selectors.revision_available_actions(request.user, revision)
    live = entry.published_revision if entry.published_revision_id != revision.pk else None
    return render(request, "workflow/review.html", {
        "revision": revision,
        "entry": entry,
        "provider": entry.provider,
        "live": live,
        "changes": selectors.revision_changes(revision, live) if live else None,
        "since_request": selectors.revision_changes_since_request(revision),
        "missing": revision_missing_items(revision),
        "report_items": report_item_states(revision) if entry.kind == EntryKind.SEN_INFORMATION_REPORT else [],
        "sections": revision_rows_by_section(revision),
        "live_sections": revision_rows_by_section(live) if live else [],
        "actions": actions,
        "note_sections": [(section, (action_error or {}).get("notes", {}).get(section.slug, ""))
                          for section in sections_for_entry(entry)],
        "version": selectors.revision_version(revision),
        "action_error": action_error,
        "schedule_form": schedule_form or (ScheduleForm() if any(a.name == "publish" for a in actions)
                                           else None),
        "history": selectors.revision_history(entry),
        "can_archive": (entry.published_revision_id == revision.pk and not entry.archived_at
                        and can_archive(request.user, entry)),
        "reason_form": ReasonForm(),
    }, status=400 if schedule_form or action_error else 200)


@moderator_required
@require_POST
def revision_schedule(request, revision_id):
    """Publish an approved revision later, or (with 'cancel') stop a scheduled publication."""
    cancelling = "cancel" in request.POST
    form = ScheduleForm(request.POST)
    if not cancelling and not form.is_valid():
        return review(request, revision_id, schedule_form=form)
    try:
        revision = revision_schedule_publication(
            revision_id=revision_id, user=request.user,
            publish_at=None if cancelling else form.cleaned_data["publish_at"])
    except Revision.DoesNotExist:
        raise Http404 from None
    except TransitionRefused as refused:
        messages.warning(request, refused.message)
    else:
        messages.success(request, "The scheduled publication has been cancelled." if cancelling else
                         f"‘{revision.name}’ will be published on "
                         f"{timezone.localtime(revision.publish_at):%-d %B %Y at %H:%M}.")
    return redirect("workflow:review", revision_id)


def _visible_revisions(user):
    if is_moderator(user):
        return Revision.objects.all()
    return Revision.objects.filter(entry__provider__memberships__user=user)


@login_required
def revision_action(request, revision_id, action):
    """The one entry point for every review action, for providers and moderators alike."""
    revision = get_object_or_404(
        _visible_revisions(request.user).filter(Q(pk=revision_id)).select_related("entry"),
        pk=revision_id,
    )
    acting_as_provider = is_provider_member(request.user, revision.entry.provider)
    back = (redirect("submissions:entry", revision.entry_id) if acting_as_provider
            else redirect("workflow:review", revision.pk))
    if request.method != "POST":
        # This address shows the review page again when a reason is refused; opened again (a new
        # tab, a copied link) it leads back to the entry and does nothing.
        return back
    form = ActionForm(request.POST, sections=sections_for_entry(revision.entry) if action == "request_changes" else ())
    if not form.is_valid():
        # An error in what the moderator typed (the reason, a note) shows on the review page with
        # the text kept; an error in the hidden fields means the page was out of date.
        typed = [(name, errors[0]) for name, errors in form.errors.items()
                 if name not in ("expected_state", "expected_version")]
        if typed and not acting_as_provider and is_moderator(request.user):
            field, message = typed[0]
            return review(request, revision.pk, action_error=_action_error(
                action, message, request.POST.get("comment", ""), form.notes_typed(),
                target=field if field.startswith("note-") else None))
        messages.error(request, "The page was out of date. Check the entry and try again.")
        return back
    try:
        revision_transition(
            revision_id=revision.pk,
            action=action,
            user=request.user,
            comment=form.cleaned_data["comment"],
            expected_state=form.cleaned_data["expected_state"],
            expected_version=form.cleaned_data["expected_version"],
            notes=form.notes(),
        )
    except RevisionIncomplete as refused:
        return render(request, "workflow/incomplete.html", {
            "revision": revision, "entry": revision.entry, "missing": refused.missing,
        }, status=400)
    except CommentRequired as refused:
        if acting_as_provider:
            messages.warning(request, refused.message)
            return back
        return review(request, revision.pk, action_error=_action_error(
            action, refused.message, form.cleaned_data["comment"], form.notes_typed()))
    except TransitionRefused as refused:
        messages.warning(request, refused.message)
        return back
    revision.refresh_from_db()
    messages.success(request, _DONE.get(action, "Done.").format(name=revision.name))
    return back


def _action_error(action, message, comment, notes=None, target=None):
    """A refused reason (or note), shown beside its box with what the moderator typed still in it.
    ``target`` is the id of the box the error is about, when it is not the reason's."""
    notes = notes or {}
    return {"action": action, "message": message, "comment": comment.replace("\x00", ""), "notes": notes,
            "notes_given": any(notes.values()) or bool(target), "target": target or f"comment-{action}"}


_DONE = {
    "submit": "‘{name}’ has been submitted for review. We will email you when the council "
              "has reviewed it.",
    "withdraw": "‘{name}’ has been withdrawn from review.",
    "discard": "The draft of ‘{name}’ has been discarded.",
    "start_review": "You are now reviewing ‘{name}’.",
    "request_changes": "Changes have been requested. The provider has been told.",
    "reject": "‘{name}’ has been rejected. The provider has been told.",
    "approve": "‘{name}’ has been approved. Publish it to put it on the Local Offer.",
    "publish": "‘{name}’ is now on the public Local Offer.",
}


# Entry-level decisions: the service, whether it needs a reason, and what to say when done.
_ENTRY_DECISIONS = {
    "archive": (entry_archive, True, "The entry has been taken off the Local Offer."),
    "decline_removal": (entry_decline_removal, True,
                        "The removal request has been declined. The entry stays on the Local Offer."),
    "acknowledge_confirmation": (entry_acknowledge_confirmation, False,
                                 "Acknowledged. The entry's review cycle has restarted."),
}


@moderator_required
@require_POST
def entry_decision(request, entry_id, decision):
    """Take an entry off the Local Offer, keep it there, or acknowledge a provider's confirmation."""
    if decision not in _ENTRY_DECISIONS:
        raise Http404
    service, needs_reason, done = _ENTRY_DECISIONS[decision]
    entry = get_object_or_404(Entry, pk=entry_id)
    back = (redirect("workflow:review", entry.published_revision_id) if entry.published_revision_id
            else redirect("workflow:queue"))
    reason = {}
    if needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return _refused_reason(request, entry, back, decision, form.errors["reason"][0])
        reason = {"reason": form.cleaned_data["reason"]}
    try:
        service(entry_id=entry.pk, user=request.user, **reason)
    except CommentRequired as refused:
        return _refused_reason(request, entry, back, decision, refused.message)
    except TransitionRefused as refused:
        messages.warning(request, refused.message)
    else:
        messages.success(request, done)
    return back


def _refused_reason(request, entry, back, decision, message):
    """The review page again, the reason box showing the error and what the moderator typed."""
    if not entry.published_revision_id:
        messages.warning(request, message)
        return back
    return review(request, entry.published_revision_id,
                  action_error=_action_error(decision, message, request.POST.get("reason", "")))


@moderator_required
def revision_document(request, revision_id):
    return document_response(selectors.revision_get_for_review(revision_id))


@moderator_required
def reminders(request, as_csv=False):
    planned = review_reminders_preview(days=30)
    if as_csv:
        return csv_response("local-offer-reminders-next-30-days.csv", [
            "Date", "Entry", "Name", "Provider", "Review due", "Reminder", "To"], (
            [f"{item.on:%d/%m/%Y}", item.entry.pk, item.entry.published_revision.name, item.entry.provider.name,
             f"{item.entry.review_due:%d/%m/%Y}", item.stage.label, "; ".join(item.recipients)]
            for item in planned))
    return render(request, "workflow/reminders.html", {"planned": planned})


@moderator_required
def failed_notifications(request):
    if request.method == "POST":
        notification_id = request.POST.get("notification", "")
        if not notification_id.isdigit():
            raise Http404
        notification = get_object_or_404(failed_notifications_qs(), pk=notification_id)
        notification_retry(notification_id=notification.pk)
        messages.success(request, f"The email to {notification.email} will be sent again.")
        return redirect("workflow:failed_notifications")
    return render(request, "workflow/failed_notifications.html",
                  {"notifications": failed_notifications_qs()[:200]})
