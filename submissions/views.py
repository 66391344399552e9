from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications.policy import confirmation_invited, may_be_out_of_date
from submissions import selectors
from submissions.completeness import revision_missing_items
from submissions.documents import document_response
from submissions.forms import (
    EntryStartForm,
    OpeningTimeFormSet,
    ReportItemsForm,
    opening_times_initial,
)
from submissions.models import Postcode
from submissions.sections import (
    COMPLETED,
    revision_rows_by_section,
    section_get,
    section_statuses,
    sections_for_entry,
)
from submissions.services import (
    EntryArchived,
    RevisionFrozen,
    entry_create,
    revision_start_update,
    revision_update_content,
)
from workflow.forms import ReasonForm
from workflow.machine import ACTIONS, RevisionState
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
    form = EntryStartForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        # Most entries are at the provider's own address: start from it.
        content = {"name": form.cleaned_data["name"], "address": provider.address,
                   "postcode": provider.postcode if Postcode.objects.filter(pk=provider.postcode).exists() else ""}
        entry = entry_create(provider=provider, user=request.user, content=content, kind=form.cleaned_data["kind"])
        return redirect("submissions:revision_edit", entry.revisions.get().pk)
    return render(request, "submissions/entry_start.html", {"form": form, "provider": provider},
                  status=400 if form.errors else 200)


@login_required
def entry_detail(request, entry_id, removal_form=None):
    entry = selectors.entry_get_for_member(request.user, entry_id)
    revision = selectors.entry_latest_revision(entry)
    can_ask_removal = (entry.published_revision_id and not entry.archived_at
                       and not entry.removal_requested_at)
    open_revision = selectors.entry_open_revision(entry)
    notes = _change_notes(revision)
    # An update waiting for review restarts the cycle when it is published: nothing to confirm.
    can_confirm = (confirmation_invited(entry.review_due, timezone.localdate()) and not entry.confirmation_pending_at
                   and (open_revision is None or open_revision.is_editable))
    return render(request, "submissions/entry_detail.html", {
        "removal_form": (removal_form or ReasonForm()) if can_ask_removal else None,
        "entry": entry,
        "provider": entry.provider,
        "revision": revision,
        "open_revision": open_revision,
        "can_confirm": can_confirm,
        "section_notes": [(section, notes[section.slug]) for section in sections_for_entry(entry)
                          if section.slug in notes],
        "missing": revision_missing_items(revision) if revision.is_editable else [],
        "sections": revision_rows_by_section(revision),
        "actions": revision_available_actions(request.user, revision, names=PROVIDER_ACTIONS),
        "version": revision_version(revision),
        "history": revision_history(entry),
    }, status=400 if removal_form else 200)


@login_required
def revision_edit(request, revision_id):
    """The task list: each section with its status, then check your answers."""
    revision = selectors.revision_get_for_member(request.user, revision_id)
    if not revision.is_editable:
        return _frozen(request, revision)
    statuses = section_statuses(revision)
    notes = _change_notes(revision)
    return render(request, "submissions/revision_tasks.html", {
        "revision": revision, "entry": revision.entry, "provider": revision.entry.provider,
        "statuses": statuses,
        "tasks": [(section, status, missing, notes.get(section.slug, "")) for section, status, missing in statuses],
        # Optional sections count neither way: "2 of 6" means two of the six that must be done.
        "completed": sum(1 for section, status, _m in statuses if status == COMPLETED and not section.optional),
        "required": sum(1 for section, _status, _m in statuses if not section.optional),
    })


def _section_form(section, revision, data=None, files=None):
    form_class = section.form_class()
    kwargs = {"revision": revision}
    if issubclass(form_class, ReportItemsForm):
        kwargs["section"] = section
    if data is None:
        return form_class(initial=form_class.initial_from(revision), **kwargs)
    return form_class(data, files, **kwargs)


@login_required
def revision_section(request, revision_id, slug):
    revision = selectors.revision_get_for_member(request.user, revision_id)
    if not revision.is_editable:
        return _frozen(request, revision)
    section = section_get(revision.entry, slug)
    if section is None:
        raise Http404
    has_times = "opening_times" in section.fields
    status = 200
    if request.method == "POST":
        form = _section_form(section, revision, request.POST, request.FILES)
        times = None
        if has_times:
            data = request.POST.copy()
            if "add_session" in data:
                data["times-TOTAL_FORMS"] = str(min(_whole(data.get("times-TOTAL_FORMS")) + 1, 42))
            rows_required = revision.in_person and not data.get("by_appointment")
            times = OpeningTimeFormSet(data, prefix="times", rows_required=rows_required)
            if "add_session" in data:
                return _section_page(request, revision, section, form, times)
        if form.is_valid() and (times is None or times.is_valid()):
            content = form.content()
            if times is not None:
                content["opening_times"] = times.sessions()
            try:
                revision_update_content(revision_id=revision.pk, content=content)
            except RevisionFrozen:
                revision.refresh_from_db()
                return _frozen(request, revision, status=409)
            return redirect(_after_section(revision, section, request.POST.get("then")))
        status = 400
    else:
        form = _section_form(section, revision)
        times = (OpeningTimeFormSet(initial=opening_times_initial(revision), prefix="times")
                 if has_times else None)
        if times is not None and not times.initial:
            times = OpeningTimeFormSet(prefix="times", initial=[{}])
    return _section_page(request, revision, section, form, times, status)


def _whole(value):
    return int(value) if str(value or "").isdigit() else 0


def _change_notes(revision) -> dict[str, str]:
    """The moderator's notes on particular sections, while their request for changes stands."""
    return revision.change_notes if revision.state == RevisionState.CHANGES_REQUESTED else {}


def _section_page(request, revision, section, form, times, status=200):
    return render(request, "submissions/revision_section.html", {
        "revision": revision, "entry": revision.entry, "provider": revision.entry.provider,
        "section": section, "form": form, "times": times, "note": _change_notes(revision).get(section.slug, ""),
    }, status=status)


def _after_section(revision, section, then):
    if then == "tasks":
        return reverse("submissions:revision_edit", args=[revision.pk])
    slugs = [s.slug for s in sections_for_entry(revision.entry)]
    following = slugs[slugs.index(section.slug) + 1:]
    if following:
        return reverse("submissions:revision_section", args=[revision.pk, following[0]])
    return reverse("submissions:revision_check", args=[revision.pk])


@login_required
def revision_check(request, revision_id):
    """Check your answers, then submit for review."""
    revision = selectors.revision_get_for_member(request.user, revision_id)
    if not revision.is_editable:
        return _frozen(request, revision)
    return render(request, "submissions/revision_check.html", {
        "revision": revision, "entry": revision.entry, "provider": revision.entry.provider,
        "sections": revision_rows_by_section(revision), "missing": revision_missing_items(revision),
        "actions": revision_available_actions(request.user, revision, names=["submit"]),
        "version": revision_version(revision), "changeable": True,
    })


@login_required
def revision_document(request, revision_id):
    """A revision's PDF, for the provider's own members."""
    revision = selectors.revision_get_for_member(request.user, revision_id)
    return document_response(revision)


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
        "sections": revision_rows_by_section(entry.published_revision) if entry.published_revision else [],
        "open_revision": selectors.entry_open_revision(entry),
        "out_of_date": may_be_out_of_date(entry.review_due, timezone.localdate()),
    })
