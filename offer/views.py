import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from notifications.policy import may_be_out_of_date
from offer import selectors
from offer.forms import SearchForm
from portal.formatting import age_range_text

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
        category=data["category"], kind=data["kind"], age_from=data["age_from"], age_to=data["age_to"],
        free=data["free"], delivery=data["delivery"],
    )
    return form, selectors.published_entries(filters), place[0] if place else None


def _query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def home(request):
    form, entries, place = _search(request)
    paginator = Paginator(entries, selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "offer/home.html", {
        "form": form, "page": page, "count": paginator.count, "place": place,
        "query_string": _query_string(request),
        "searched": form.is_bound,
    }, status=400 if form.errors else 200)


def export_csv(request):
    """The search results as a spreadsheet, for use without the internet (Regulation 57)."""
    _form, entries, _place = _search(request)
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
            revision.contact_phone, revision.contact_email, revision.website, revision.address,
            revision.postcode, f"{timezone.localtime(entry.last_confirmed_at):%d/%m/%Y}",
            request.build_absolute_uri(f"/entries/{entry.pk}/"),
        ]])
    return response


def _cell(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def booklet(request):
    """Every matching entry in full on one printable page."""
    form, entries, place = _search(request)
    entries = list(entries.prefetch_related("published_revision__needs",
                                            "published_revision__categories")[:BOOKLET_LIMIT])
    return render(request, "offer/booklet.html", {
        "form": form, "entries": entries, "place": place, "limit": BOOKLET_LIMIT,
        "today": timezone.localdate(),
    })


def entry(request, entry_id):
    entry = selectors.published_entry_get(entry_id)
    return render(request, "offer/entry.html", {
        "entry": entry,
        "revision": entry.published_revision,
        "provider": entry.provider,
        "others": selectors.provider_other_entries(entry),
        "out_of_date": may_be_out_of_date(entry.review_due, timezone.localdate()),
    })
