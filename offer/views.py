import csv
import logging

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications.policy import may_be_out_of_date
from offer import selectors
from offer.forms import FeedbackForm, FeedbackResponseForm, SearchForm
from offer.models import FeedbackStatus
from offer.services import FeedbackChangedMeanwhile, FeedbackTooFrequent, feedback_create, feedback_respond
from portal.decorators import moderator_required
from portal.formatting import age_range_text
from portal.paging import page_of, query_string_without_page
from submissions.documents import document_response
from submissions.sections import report_items_for

logger = logging.getLogger(__name__)

BOOKLET_LIMIT = 2000


def _search(request):
    """The form and the entries it finds. A bad value is reported and matches nothing."""
    form = SearchForm(request.GET or None)
    if not form.is_bound:
        return form, selectors.published_entries(), None
    if not form.is_valid():
        return form, selectors.published_entries().none(), None
    data = form.cleaned_data
    place = data["postcode"]
    filters = selectors.Filters(
        q=data["q"], centre=place[1] if place else None, miles=data["miles"], need=data["need"],
        category=data["category"], kinds=tuple(data["kind"]), age_from=data["age_from"], age_to=data["age_to"],
        free=data["free"], delivery=data["delivery"],
    )
    return form, selectors.published_entries(filters), place[0] if place else None


def home(request):
    form, entries, place = _search(request)
    page = page_of(request, entries, selectors.PAGE_SIZE)
    return render(request, "offer/home.html", {
        "form": form, "page": page, "count": page.paginator.count, "place": place,
        "query_string": query_string_without_page(request),
        "searched": form.is_bound,
    }, status=400 if form.errors else 200)


def export_csv(request):
    """The search results as a spreadsheet, for use without the internet (Regulation 57)."""
    form, entries, _place = _search(request)
    if form.errors:
        return _search_with_errors(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="local-offer.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow(["Name", "Provider", "Kind of provider", "Description", "Ages", "Needs", "Cost",
                     "How to access", "Telephone", "Email", "Website", "Address", "Postcode",
                     "Last reviewed", "Page"])
    for entry in entries.prefetch_related("published_revision__needs")[:BOOKLET_LIMIT]:
        revision = entry.published_revision
        writer.writerow([_cell(v) for v in [
            revision.name, entry.provider.name, entry.provider.get_kind_display(), revision.description,
            age_range_text(revision.age_min_months, revision.age_max_months),
            "; ".join(n.name for n in revision.needs.all()),
            "Free" if revision.is_free else revision.cost_details, revision.how_to_access,
            revision.public_contact.phone, revision.public_contact.email, revision.website, revision.address,
            revision.postcode, f"{timezone.localtime(entry.last_confirmed_at):%d/%m/%Y}",
            request.build_absolute_uri(f"/entries/{entry.pk}/"),
        ]])
    return response


def _search_with_errors(request):
    """A download or booklet of a search that is wrong: the search page says what to correct,
    rather than an empty file."""
    return redirect(f"{reverse('offer:home')}?{request.GET.urlencode()}")


def _cell(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# Where the booklet's entries go in its page: they are sent one by one as they are ready, so a long
# booklet fills in as the browser receives it instead of showing nothing for seconds.
_ENTRIES_MARK = "<!-- booklet entries -->"


def booklet(request):
    """Every matching entry in full on one printable page."""
    form, entries, place = _search(request)
    if form.errors:
        return _search_with_errors(request)
    entries = list(entries.prefetch_related("published_revision__needs",
                                            "published_revision__categories")[:BOOKLET_LIMIT])
    page = render_to_string("offer/booklet.html", {
        "form": form, "count": len(entries), "place": place, "limit": BOOKLET_LIMIT,
        "today": timezone.localdate(),
    }, request=request)
    head, tail = page.split(_ENTRIES_MARK)
    one = get_template("offer/booklet_entry.html")

    def parts():
        yield head
        for entry in entries:
            yield one.render({"entry": entry}, request)
        yield tail

    return StreamingHttpResponse(parts(), content_type="text/html; charset=utf-8")


def entry(request, entry_id):
    entry = selectors.published_entry_get(entry_id)
    revision = entry.published_revision
    return render(request, "offer/entry.html", {
        "entry": entry,
        "revision": revision,
        "report": [(item, (revision.report or {}).get(item.key, "")) for item in report_items_for(entry.provider)
                   if (revision.report or {}).get(item.key)],
        "opening_times": list(revision.opening_times.all()),
        "provider": entry.provider,
        "others": selectors.provider_other_entries(entry),
        "out_of_date": may_be_out_of_date(entry.review_due, timezone.localdate()),
    })


def entry_document(request, entry_id):
    """The PDF of the live revision only: a draft's or a superseded version's file is never public."""
    return document_response(selectors.published_entry_get(entry_id).published_revision)


# --- Feedback (Regulation 56) ------------------------------------------------------------

FEEDBACK_SENT_SESSION_KEY = "feedback_reference"


def feedback(request, entry_id=None):
    entry = selectors.published_entry_get(entry_id) if entry_id is not None else None
    form = FeedbackForm(request.POST or None, entry=entry)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            logger.info("Feedback dropped: the field people never see was filled in")
            return redirect("offer:feedback_sent")
        if form.is_valid():
            try:
                sent = feedback_create(
                    about=form.cleaned_data.get("about", ""), message=form.cleaned_data["message"],
                    name=form.cleaned_data["name"], email=form.cleaned_data["email"], entry=entry,
                    sender_address=get_client_ip_address(request) or "")
            except FeedbackTooFrequent:
                form.add_error(None, "You have sent a lot of feedback in the last hour. "
                                     "Wait an hour and send it again: what you wrote is still below.")
                status = 429
            else:
                request.session[FEEDBACK_SENT_SESSION_KEY] = sent.reference
                return redirect("offer:feedback_sent")
        else:
            status = 400
    return render(request, "offer/feedback.html", {
        "form": form, "entry": entry, "revision": entry.published_revision if entry else None,
    }, status=status)


def feedback_sent(request):
    return render(request, "offer/feedback_sent.html",
                  {"reference": request.session.get(FEEDBACK_SENT_SESSION_KEY)})


def you_said_we_did(request):
    page = page_of(request, selectors.feedback_published(), 20)
    return render(request, "offer/you_said_we_did.html", {"page": page})


@moderator_required
def feedback_list(request):
    status = request.GET.get("status", FeedbackStatus.NEW)
    if status not in FeedbackStatus.values and status != "all":
        status = FeedbackStatus.NEW
    feedback = selectors.feedback_for_moderators(None if status == "all" else status)
    page = page_of(request, feedback, 50)
    counts = selectors.feedback_counts()
    return render(request, "offer/feedback_list.html", {
        "page": page, "status": status,
        "status_label": "All feedback" if status == "all" else FeedbackStatus(status).label,
        "statuses": [(value, label, counts[value]) for value, label in FeedbackStatus.choices],
    })


@moderator_required
def feedback_detail(request, feedback_id):
    feedback = get_object_or_404(selectors.feedback_for_moderators(), pk=feedback_id)
    initial = {"you_said": feedback.you_said, "we_did": feedback.we_did, "version": feedback.version,
               "publish": {FeedbackStatus.PUBLISHED: "yes", FeedbackStatus.RESPONDED: "no"}.get(feedback.status)}
    form = FeedbackResponseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback_respond(feedback_id=feedback.pk, user=request.user, you_said=data["you_said"].strip(),
                                 we_did=data["we_did"].strip(), publish=data["publish"],
                                 expected_version=data["version"])
            except FeedbackChangedMeanwhile:
                form.add_error(None, "Someone else saved a response to this feedback after you opened the page. "
                                     "Read theirs below; what you wrote is still in the form.")
                feedback.refresh_from_db()
                form.data = form.data.copy()
                form.data["version"] = feedback.version  # saving again replaces theirs, knowingly
                status = 409
            else:
                messages.success(request, f"Response to {feedback.reference} saved"
                                 + (" and published." if data["publish"] else ". It is not published."))
                return redirect("feedback:list")
        else:
            status = 400
    return render(request, "offer/feedback_detail.html", {"feedback": feedback, "form": form}, status=status)
