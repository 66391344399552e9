"""What the public may read: published revisions only, never a draft or a submission."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import ACos, Cos, Greatest, Least, Radians, Sin
from django.shortcuts import get_object_or_404

from offer.models import Feedback, FeedbackStatus
from offer.search_words import same_meaning
from submissions.models import Entry, Revision, TaxonomyTerm
from submissions.services import SEARCH_CONFIG

PAGE_SIZE = 20
EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0


@dataclass(frozen=True)
class Filters:
    q: str = ""
    centre: tuple[float, float] | None = None
    miles: int = 5
    need: str = ""
    category: str = ""
    kinds: tuple[str, ...] = ()  # of provider
    age_from: int | None = None
    age_to: int | None = None
    free: bool = False
    delivery: str = ""


def _published():
    return Entry.objects.published().select_related("published_revision", "provider")


def _term_and_children(vocabulary, code):
    term = TaxonomyTerm.objects.filter(vocabulary=vocabulary, code=code).first()
    if term is None:
        return []
    return [term.pk, *term.children.values_list("pk", flat=True)]


def _live_revision_has(relation, **lookups):
    """Whether the entry's live revision has a need (or category) matching ``lookups``. A subquery
    rather than a join: a join repeats each entry once per need, which then costs a DISTINCT over
    whole rows and, for words, the full-text work once per need instead of once per entry."""
    through = getattr(Revision, relation).through
    return Exists(through.objects.filter(revision_id=OuterRef("published_revision_id"),
                                         **{f"taxonomyterm__{key}": value for key, value in lookups.items()}))


def _keyword(entries, q):
    words = re.findall(r"\w+", q.lower())[:10]
    if not words:
        return entries, False
    if connection.vendor == "postgresql":
        # Every word (or one of the same meaning) must match, the last one as a prefix (people stop
        # typing part-way), in the entry's stored document (its name, provider, needs, description
        # and town; GIN-indexed).
        last = len(words) - 1
        terms = ["(" + " | ".join(f"{w}:*" if i == last else w for w in same_meaning(word)) + ")"
                 for i, word in enumerate(words)]
        query = SearchQuery(" & ".join(terms), search_type="raw", config=SEARCH_CONFIG)
        # An alias, not an annotation: the rank is not sent back, and counting does not rank.
        entries = entries.alias(rank=SearchRank(F("search_document"), query)).filter(search_document=query)
        return entries, True
    for word in words:
        matches = Q()
        for same in same_meaning(word):
            matches |= (Q(published_revision__name__icontains=same)
                        | Q(published_revision__description__icontains=same)
                        | Q(provider__name__icontains=same)
                        | Q(provider__town__icontains=same)
                        | _live_revision_has("needs", name__icontains=same))
        entries = entries.filter(matches)
    return entries, False


def _within(entries, centre, miles):
    latitude, longitude = centre
    box = miles / MILES_PER_DEGREE_LATITUDE
    entries = entries.filter(
        published_revision__latitude__range=(latitude - box, latitude + box),
        published_revision__longitude__range=(longitude - 2 * box, longitude + 2 * box),
    )
    # Great-circle distance; the cosine is clamped to [-1, 1] against rounding at zero distance.
    cosine = (Sin(Radians(Value(latitude))) * Sin(Radians(F("published_revision__latitude")))
              + Cos(Radians(Value(latitude))) * Cos(Radians(F("published_revision__latitude")))
              * Cos(Radians(F("published_revision__longitude")) - Radians(Value(longitude))))
    distance = Value(EARTH_RADIUS_MILES) * ACos(Least(Greatest(cosine, Value(-1.0)), Value(1.0)))
    return entries.annotate(distance=distance).filter(distance__lte=miles)


def published_entries(filters: Filters = Filters()):
    """The published entries matching the public search, nearest first when a place is given,
    best match first for words on PostgreSQL, otherwise by name."""
    entries = _published()
    entries, ranked = _keyword(entries, filters.q)
    if filters.need:
        entries = entries.filter(_live_revision_has("needs", pk__in=_term_and_children("need", filters.need)))
    if filters.category:
        entries = entries.filter(
            _live_revision_has("categories", pk__in=_term_and_children("category", filters.category)))
    if filters.kinds:
        entries = entries.filter(provider__kind__in=filters.kinds)
    if filters.age_from is not None or filters.age_to is not None:
        low = filters.age_from if filters.age_from is not None else filters.age_to
        high = filters.age_to if filters.age_to is not None else filters.age_from
        # Both ends inclusive; an entry with no limit at one end matches every age there.
        entries = entries.filter(
            Q(published_revision__age_min_months__isnull=True)
            | Q(published_revision__age_min_months__lte=high * 12 + 11),
            Q(published_revision__age_max_months__isnull=True)
            | Q(published_revision__age_max_months__gte=low * 12),
        )
    if filters.free:
        entries = entries.filter(published_revision__is_free=True)
    if filters.delivery in ("in_person", "online", "at_home"):
        entries = entries.filter(**{f"published_revision__{filters.delivery}": True})
    if filters.centre is not None:
        entries = _within(entries, filters.centre, filters.miles).order_by(
            "distance", "published_revision__name", "pk")
    elif ranked:
        entries = entries.order_by("-rank", "published_revision__name", "pk")
    else:
        entries = entries.order_by("published_revision__name", "pk")
    return entries  # one row an entry: needs and categories are matched by subqueries


def published_entry_get(entry_id) -> Entry:
    return get_object_or_404(
        _published().prefetch_related("published_revision__needs", "published_revision__categories"),
        pk=entry_id)


def provider_other_entries(entry):
    return (Entry.objects.published().filter(provider=entry.provider).exclude(pk=entry.pk)
            .select_related("published_revision").order_by("published_revision__name"))


def entries_with_terms(term_ids):
    """Ids of published entries whose live revision has any of these needs or categories."""
    return Entry.objects.published().filter(
        Q(published_revision__needs__in=term_ids) | Q(published_revision__categories__in=term_ids)
    ).values("pk")


def published_entry_by_public_id(public_id) -> Entry:
    return get_object_or_404(
        _published().prefetch_related("published_revision__needs__parent", "published_revision__categories__parent"),
        public_id=public_id)


def published_entry_by_location_id(location_id) -> Entry:
    return get_object_or_404(_published(), location_public_id=location_id)


def feedback_published():
    """What "You said, we did" shows: the anonymised summaries and responses, newest first."""
    return (Feedback.objects.filter(status=FeedbackStatus.PUBLISHED)
            .only("pk", "about", "you_said", "we_did", "published_at", "received_at").order_by("-published_at", "-pk"))


def feedback_for_moderators(status=None):
    feedback = Feedback.objects.select_related("entry__published_revision", "entry__provider", "responded_by")
    return feedback.filter(status=status) if status else feedback


def feedback_counts() -> dict:
    counts = dict(Feedback.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in FeedbackStatus.values}
