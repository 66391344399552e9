from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.policy import may_be_out_of_date
from submissions import selectors
from submissions.completeness import revision_missing_items
from submissions.forms import RevisionForm
from submissions.services import (
    EntryArchived,
    RevisionFrozen,
    entry_create,
    revision_start_update,
    revision_update_content,
)
from workflow.forms import ReasonForm
from workflow.machine import ACTIONS
from workflow.selectors import revision_available_actions, revision_history, revision_version
from workflow.services import TransitionRefused, entry_confirm_accurate, entry_request_removal

PROVIDER_ACTIONS = [action.name for action in ACTIONS.values() if action.who == "provider"]


@login_required
def provider_detail(request, provider_id):
    provider = selectors.provider_get_for_member(request.user, provider_id)
    return render(request, "submissions/provider_detail.html", {
        "provider": provider,
        "entries": selectors.entries_for_provider(provider),
    })


@login_required
def entry_create_view(request, provider_id):
    provider = selectors.provider_get_for_member(request.user, provider_id)
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = entry_create(provider=provider, user=request.user, content=form.content())
        messages.success(request, "Your draft has been saved. Submit it for review when it is ready.")
        return redirect("submissions:entry", entry.pk)
    return render(request, "submissions/revision_form.html", {
        "form": form, "provider": provider, "title": "Add an entry",
    })


@login_required
def entry_detail(request, entry_id, removal_form=None):
    entry = selectors.entry_get_for_member(request.user, entry_id)
    revision = selectors.entry_latest_revision(entry)
    can_ask_removal = (entry.published_revision_id and not entry.archived_at
                       and not entry.removal_requested_at)
    return render(request, "submissions/entry_detail.html", {
        "removal_form": (removal_form or ReasonForm()) if can_ask_removal else None,
        "entry": entry,
        "provider": entry.provider,
        "revision": revision,
        "open_revision": selectors.entry_open_revision(entry),
        "missing": revision_missing_items(revision) if revision.is_editable else [],
        "actions": revision_available_actions(request.user, revision, names=PROVIDER_ACTIONS),
        "version": revision_version(revision),
        "history": revision_history(entry),
    }, status=400 if removal_form else 200)


@login_required
def revision_edit(request, revision_id):
    revision = selectors.revision_get_for_member(request.user, revision_id)
    if not revision.is_editable:
        return _frozen(request, revision)
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                revision_update_content(revision_id=revision.pk, content=form.content())
            except RevisionFrozen:
                revision.refresh_from_db()
                return _frozen(request, revision, status=409)
            messages.success(request, "Your changes have been saved.")
            return redirect("submissions:entry", revision.entry_id)
    else:
        form = RevisionForm(initial=RevisionForm.initial_from(revision))
    return render(request, "submissions/revision_form.html", {
        "form": form, "provider": revision.entry.provider, "revision": revision,
        "title": f"Edit ‘{revision.name}’",
    })


def _frozen(request, revision, status=200):
    return render(request, "submissions/revision_frozen.html", {
        "revision": revision, "entry": revision.entry,
    }, status=status)


@login_required
@require_POST
def entry_start_update(request, entry_id):
    entry = selectors.entry_get_for_member(request.user, entry_id)
    try:
        revision = revision_start_update(entry_id=entry.pk, user=request.user)
    except EntryArchived:
        messages.warning(request, "This entry has been taken off the Local Offer, so it cannot be "
                                  "updated. Add a new entry instead.")
        return redirect("submissions:entry", entry.pk)
    return redirect("submissions:revision_edit", revision.pk)


@login_required
@require_POST
def entry_request_removal_view(request, entry_id):
    entry = selectors.entry_get_for_member(request.user, entry_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            entry_request_removal(entry_id=entry.pk, user=request.user,
                                  reason=form.cleaned_data["reason"])
        except TransitionRefused as refused:
            messages.warning(request, refused.message)
        else:
            messages.success(request, "Your request has been sent to the Local Offer team. The "
                                      "entry stays on the Local Offer until they decide.")
            return redirect("submissions:entry", entry.pk)
    return entry_detail(request, entry.pk, removal_form=form)


@login_required
def entry_review(request, entry_id):
    """Where a reminder leads: confirm the live entry is still accurate, or start an update."""
    entry = selectors.entry_get_for_member(request.user, entry_id)
    if request.method == "POST":
        try:
            entry_confirm_accurate(entry_id=entry.pk, user=request.user)
        except TransitionRefused as refused:
            messages.warning(request, refused.message)
        else:
            messages.success(request, "Thank you. You have confirmed the entry is still accurate.")
        return redirect("submissions:entry", entry.pk)
    return render(request, "submissions/entry_review.html", {
        "entry": entry, "provider": entry.provider, "revision": entry.published_revision,
        "open_revision": selectors.entry_open_revision(entry),
        "out_of_date": may_be_out_of_date(entry.review_due, timezone.localdate()),
    })
