"""Open Referral UK API (HSDS UK profile v3): read-only, published entries only."""

import datetime
import uuid

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from offer import oruk, selectors
from offer.openapi import openapi_document
from submissions.models import Postcode, TaxonomyTerm
from submissions.postcodes import postcode_normalise

MAX_PER_PAGE = 100
METRES_PER_MILE = 1609.344


class BadParameter(Exception):
    pass


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public open data
    return response


def _api(view):
    @require_GET
    def wrapped(request, *args, **kwargs):
        try:
            return _json(view(request, *args, **kwargs))
        except BadParameter as problem:
            return _json({"error": str(problem)}, status=400)
        except Http404:
            return _json({"error": "Not found"}, status=404)
    wrapped.__name__ = view.__name__
    return wrapped


def _int(request, name, default, low, high):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be from {low} to {high}")
    return value


def _uuid(value, name):
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        raise BadParameter(f"{name} must be a UUID") from None


def _paginate(request, items, serialize):
    per_page = _int(request, "per_page", 50, 1, MAX_PER_PAGE)
    paginator = Paginator(items, per_page)
    number = _int(request, "page", 1, 1, 1_000_000)
    page = paginator.page(min(number, max(paginator.num_pages, 1)))
    if number > paginator.num_pages and paginator.count:
        page = paginator.page(paginator.num_pages)
        return {**oruk.page([], page, serialize), "page_number": number, "size": 0, "contents": []}
    return oruk.page(page.object_list, page, serialize)


def _entries(request, *, located=False):
    params = request.GET
    centre, metres = None, None
    if params.get("postcode"):
        postcode = postcode_normalise(params["postcode"])
        point = Postcode.objects.filter(pk=postcode).values_list("latitude", "longitude").first() if postcode else None
        if point is None:
            raise BadParameter("postcode is not a postcode we know")
        centre = point
        metres = _int(request, "proximity", 8047, 1, 200_000)  # 5 miles unless asked
    filters = selectors.Filters(q=" ".join(params.get("search", "").replace("\x00", " ").split())[:200],
                                centre=centre, miles=(metres / METRES_PER_MILE) if metres else 5)
    entries = selectors.published_entries(filters)
    if params.get("taxonomy_term_id"):
        term = TaxonomyTerm.objects.filter(public_id=_uuid(params["taxonomy_term_id"], "taxonomy_term_id")).first()
        if term is None:
            raise BadParameter("taxonomy_term_id is not a term of this API")
        terms = [term.pk, *term.children.values_list("pk", flat=True)]
        entries = entries.filter(pk__in=selectors.entries_with_terms(terms))
    if params.get("taxonomy_id"):
        vocabulary = oruk.VOCABULARY_BY_TAXONOMY_ID.get(params["taxonomy_id"])
        if vocabulary is None:
            raise BadParameter("taxonomy_id is not a taxonomy of this API")
        entries = entries.filter(pk__in=selectors.entries_with_terms(
            TaxonomyTerm.objects.filter(vocabulary=vocabulary).values_list("pk", flat=True)))
    if params.get("minimum_age", "") != "":
        entries = entries.filter(published_revision__age_min_months__gte=_int(request, "minimum_age", 0, 0, 130) * 12)
    if params.get("maximum_age", "") != "":
        top = _int(request, "maximum_age", 0, 0, 130)
        entries = entries.filter(published_revision__age_max_months__lte=top * 12 + 11)
    if params.get("modified_after"):
        entries = entries.filter(published_revision__published_at__gte=_moment(params["modified_after"]))
    if located:
        entries = entries.exclude(published_revision__postcode="")
    return entries.prefetch_related("published_revision__needs__parent",
                                    "published_revision__categories__parent")


def _moment(text):
    """A date and time from the query, in UTC; a malformed or impossible one (30 February, an
    offset of 99 hours, a moment before year 1 once in UTC) is a bad parameter."""
    try:
        moment = parse_datetime(text)
        if moment is None:
            raise ValueError(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise BadParameter("modified_after must be a date and time, like 2026-01-31T09:00:00Z") from None


@_api
def root(request):
    return oruk.api_root(request)


@_api
def openapi(request):
    return openapi_document(request.build_absolute_uri("/api/v3/"))


@_api
def services(request):
    return _paginate(request, _entries(request), lambda entry: oruk.service(entry, full=False))


@_api
def service_detail(request, service_id):
    return oruk.service(selectors.published_entry_by_public_id(_uuid(service_id, "id")))


@_api
def service_at_locations(request):
    return _paginate(request, _entries(request, located=True), oruk.service_at_location)


@_api
def service_at_location_detail(request, sal_id):
    entry = selectors.published_entry_by_location_id(_uuid(sal_id, "id"))
    if not oruk.has_location(entry):
        raise Http404
    return oruk.service_at_location(entry)


@_api
def taxonomies(request):
    vocabularies = list(oruk.TAXONOMIES)
    return _paginate(request, vocabularies, oruk.taxonomy)


@_api
def taxonomy_detail(request, taxonomy_id):
    vocabulary = oruk.VOCABULARY_BY_TAXONOMY_ID.get(str(_uuid(taxonomy_id, "id")))
    if vocabulary is None:
        raise Http404
    return oruk.taxonomy(vocabulary, TaxonomyTerm.objects.filter(vocabulary=vocabulary).select_related("parent"))


@_api
def taxonomy_terms(request):
    terms = TaxonomyTerm.objects.select_related("parent").order_by("vocabulary", "position", "pk")
    return _paginate(request, terms, oruk.taxonomy_term)


@_api
def taxonomy_term_detail(request, term_id):
    term = TaxonomyTerm.objects.select_related("parent").filter(public_id=_uuid(term_id, "id")).first()
    if term is None:
        raise Http404
    return oruk.taxonomy_term(term)

