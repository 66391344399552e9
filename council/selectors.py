"""What the council's view reads. Each figure is computed in a fixed number of queries,
whatever the size of the Local Offer, and each has a list behind it that counts the same way."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from council.models import EhcPlanCount
from council.sufficiency import (
    AGE_BANDS,
    ALL_AGES,
    ALL_PLANS_GROUP,
    COMPARED_AREAS,
    COUNCIL_AREA,
    PRIMARY_NEEDS,
    AgeBand,
    age_band_of,
)
from notifications import policy
from notifications.selectors import failed_notifications
from offer.models import Feedback, FeedbackStatus
from portal.models import ProviderKind
from submissions.completeness import revision_missing_items
from submissions.models import Entry, ProvisionKind, Revision, TaxonomyTerm, Vocabulary
from workflow.machine import RevisionState
from workflow.models import TransitionLog

ARCHIVED = "archived"  # entries taken off the Local Offer, counted apart from the states
WAITING_STATES = (RevisionState.SUBMITTED, RevisionState.IN_REVIEW)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


# --- Entries -----------------------------------------------------------------------------

def _newest(field_name):
    return Subquery(Revision.objects.filter(entry=OuterRef("pk")).order_by("-number").values(field_name)[:1])


def entries_with_newest():
    """Every entry with the state and name of its newest version, and when (if ever) that
    version was sent to the council: one never sent stays the provider's own."""
    return (Entry.objects.select_related("provider", "published_revision")
            .annotate(newest_id=_newest("pk"), newest_state=_newest("state"), newest_name=_newest("name"),
                      newest_submitted_at=_newest("submitted_at")))


def entries_by_state() -> list[Row]:
    """Entries still on the books by the state of their newest version, then those archived."""
    counts = dict(entries_with_newest().filter(archived_at__isnull=True).order_by()
                  .values_list("newest_state").annotate(n=Count("pk")))
    rows = [Row(state, label, counts.get(state, 0)) for state, label in RevisionState.choices]
    rows.append(Row(ARCHIVED, "Taken off the Local Offer", Entry.objects.filter(archived_at__isnull=False).count()))
    return rows


@dataclass(frozen=True)
class KindRow:
    key: str
    label: str
    entries: int
    published: int


def entries_by_provider_kind() -> list[KindRow]:
    """Entries not taken off the Local Offer, by their provider's kind; kinds with none left out."""
    counts = (Entry.objects.filter(archived_at__isnull=True).order_by().values_list("provider__kind")
              .annotate(n=Count("pk"), live=Count("pk", filter=Q(published_revision__isnull=False))))
    by_kind = {kind: (n, live) for kind, n, live in counts}
    return [KindRow(kind, label, *by_kind[kind]) for kind, label in ProviderKind.choices if kind in by_kind]


# --- Reviews -----------------------------------------------------------------------------

REVIEW_FILTERS = {
    "overdue": "Overdue for review",
    "out_of_date": "Overdue beyond the grace period",
    "due_soon": "Due for review soon",
    "in_date": "Reviewed and in date",
}


def _review_conditions(today: date) -> dict[str, Q]:
    rules = policy.rules()
    grace = timedelta(days=rules.overdue_grace_days)
    soon = policy.earliest_due_for_reminders(today, rules)
    return {
        "overdue": Q(review_due__lt=today),
        # The same test as policy.may_be_out_of_date: the public page warns from this day.
        "out_of_date": Q(review_due__lte=today - grace),
        "due_soon": Q(review_due__gte=today, review_due__lte=soon),
        "in_date": Q(review_due__gt=soon) | Q(review_due__isnull=True),
    }


def review_condition(name: str, today: date | None = None) -> Q:
    return _review_conditions(today or timezone.localdate())[name]


def review_counts(today: date | None = None) -> dict[str, int]:
    """Published entries by where they are in the annual review cycle."""
    conditions = _review_conditions(today or timezone.localdate())
    return Entry.objects.published().aggregate(
        published=Count("pk"), **{name: Count("pk", filter=q) for name, q in conditions.items()})


def review_window_days() -> int:
    return max(policy.rules().reminder_days_before, default=0)


# --- Submissions waiting -----------------------------------------------------------------

@dataclass(frozen=True)
class WaitingBand:
    key: str
    label: str
    fewest: int
    most: int | None


WAITING_BANDS = [
    WaitingBand("0-2", "2 working days or fewer", 0, 2),
    WaitingBand("3-5", "3 to 5 working days", 3, 5),
    WaitingBand("6-10", "6 to 10 working days", 6, 10),
    WaitingBand("11-", "More than 10 working days", 11, None),
]


def waiting_over_flag() -> WaitingBand:
    """Those the review queue and the digest flag as waiting too long."""
    flag = policy.rules().waiting_flag_working_days
    return WaitingBand("over", f"More than {flag} working days (flagged in the queue)", flag + 1, None)


def waiting_band(key: str) -> WaitingBand | None:
    return next((band for band in [*WAITING_BANDS, waiting_over_flag()] if band.key == key), None)


def submissions_waiting(today: date | None = None, band: WaitingBand | None = None) -> list:
    """Revisions sent for review and not yet decided, oldest first, each with the working days it
    has waited since it was (last) submitted."""
    today = today or timezone.localdate()
    revisions = (Revision.objects.filter(state__in=WAITING_STATES)
                 .select_related("entry__provider", "reviewer").order_by("submitted_at", "pk"))
    waiting = []
    for revision in revisions:
        revision.working_days = policy.working_days_between(timezone.localdate(revision.submitted_at), today)
        if band is None or (band.fewest <= revision.working_days
                            and (band.most is None or revision.working_days <= band.most)):
            waiting.append(revision)
    return waiting


@dataclass
class WaitingSummary:
    count: int
    longest: int | None
    over_flag: int
    flag_days: int
    bands: list[Row]


def waiting_summary(today: date | None = None) -> WaitingSummary:
    waiting = submissions_waiting(today)
    days = [revision.working_days for revision in waiting]
    flag = policy.rules().waiting_flag_working_days
    bands = [Row(band.key, band.label, sum(1 for d in days if band.fewest <= d and (band.most is None
                                                                                  or d <= band.most)))
             for band in WAITING_BANDS]
    return WaitingSummary(len(days), max(days, default=None), sum(1 for d in days if d > flag), flag, bands)


# --- From submission to publication --------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    revision_id: int
    submitted_at: datetime
    published_at: datetime
    working_days: int

    @property
    def month(self) -> date:
        return timezone.localdate(self.published_at).replace(day=1)


def publications(since: date, until: date) -> list[Publication]:
    """Revisions published between two UK dates (inclusive), from the transition log: the time
    runs from the version's first submission, so a round of requested changes counts too."""
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(until + timedelta(days=1), datetime.min.time()))
    published = TransitionLog.objects.filter(action="publish", at__gte=start, at__lt=end)
    logs = (TransitionLog.objects.filter(action__in=("submit", "publish"),
                                         revision__in=published.values("revision_id"))
            .order_by("at", "pk").values_list("revision_id", "action", "at"))
    first_submit, published_at = {}, {}
    for revision_id, action, at in logs:
        if action == "submit":
            first_submit.setdefault(revision_id, at)
        elif start <= at < end:
            published_at[revision_id] = at
    return [Publication(revision_id, first_submit[revision_id], at,
                        policy.working_days_between(timezone.localdate(first_submit[revision_id]),
                                                    timezone.localdate(at)))
            for revision_id, at in sorted(published_at.items(), key=lambda item: item[1])
            if revision_id in first_submit]


@dataclass(frozen=True)
class MonthRow:
    month: date
    published: int
    median: float | None
    slowest: int | None


def months_back(today: date, months: int) -> list[date]:
    """The first days of the last ``months`` months, oldest first, this month last."""
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    return firsts[::-1]


def publication_times_by_month(today: date | None = None, months: int = 12) -> list[MonthRow]:
    today = today or timezone.localdate()
    firsts = months_back(today, months)
    by_month = defaultdict(list)
    for publication in publications(firsts[0], today):
        by_month[publication.month].append(publication.working_days)
    return [MonthRow(first, len(by_month[first]),
                     statistics.median(by_month[first]) if by_month[first] else None,
                     max(by_month[first], default=None)) for first in firsts]


def publication_list(since: date, until: date):
    """The published revisions behind a month's figures, with their entry and provider."""
    found = publications(since, until)
    revisions = Revision.objects.select_related("entry__provider").in_bulk([p.revision_id for p in found])
    return [(p, revisions[p.revision_id]) for p in found]


# --- Statutory items ---------------------------------------------------------------------

def _content_parts() -> list[str]:
    """The live revision's content parts (needs, categories and any submissions model hanging
    off it, such as opening times), prefetched so that the completeness rules, whatever they
    read, ask no query per entry."""
    parts = []
    for relation in Revision._meta.get_fields():
        if (relation.many_to_many or relation.one_to_many) and relation.related_model._meta.app_label == "submissions":
            name = relation.name if relation.concrete else relation.get_accessor_name()
            parts.append(f"published_revision__{name}")
    return parts


def entries_missing_items(entries=None) -> list[tuple[Entry, list]]:
    """Published entries whose live revision lacks something the Local Offer must say, asked of
    ``submissions.completeness`` so that its rules are kept in one place."""
    entries = Entry.objects.published() if entries is None else entries.filter(
        published_revision__isnull=False)
    entries = entries.select_related("published_revision", "provider").prefetch_related(*_content_parts())
    missing = []
    for entry in entries:
        entry.published_revision.entry = entry  # the rules differ by kind of entry: no query to ask
        items = revision_missing_items(entry.published_revision)
        if items:
            missing.append((entry, items))
    return missing


def missing_items_summary() -> tuple[int, list[Row]]:
    """How many published entries miss anything, and how many miss each item."""
    missing = entries_missing_items()
    by_item = Counter(item.message for _entry, items in missing for item in items)
    return len(missing), [Row(message, message, n) for message, n in by_item.most_common()]


# --- Feedback ----------------------------------------------------------------------------

def feedback_summary(since: date | None = None, until: date | None = None) -> dict[str, int]:
    """Feedback received (in the period, if given) by status: waiting, responded, published."""
    feedback = Feedback.objects.all()
    if since is not None:
        feedback = feedback.filter(received_at__date__gte=since)
    if until is not None:
        feedback = feedback.filter(received_at__date__lte=until)
    counts = feedback.aggregate(received=Count("pk"), **{
        status: Count("pk", filter=Q(status=status)) for status in FeedbackStatus.values})
    counts["answered"] = counts[FeedbackStatus.RESPONDED] + counts[FeedbackStatus.PUBLISHED]
    return counts


def feedback_for_export():
    return (Feedback.objects.select_related("entry__published_revision", "entry__provider")
            .defer("message", "name", "email", "sender_key").order_by("-received_at", "-pk"))


def feedback_response_days(feedback) -> int | None:
    if feedback.responded_at is None:
        return None
    return policy.working_days_between(timezone.localdate(feedback.received_at),
                                       timezone.localdate(feedback.responded_at))


def failed_notification_count() -> int:
    return failed_notifications().count()


# --- Sufficiency -------------------------------------------------------------------------

@dataclass
class NeedRow:
    need: object  # council.sufficiency.PrimaryNeed
    term: TaxonomyTerm | None
    plans: dict  # area code -> plans with this primary need (None: not given)
    shares: dict  # area code -> per cent of that area's plans
    entries: int

    @property
    def council_plans(self):
        return self.plans.get(COUNCIL_AREA.code)

    @property
    def plans_per_entry(self):
        plans = self.council_plans
        return None if not plans or not self.entries else round(plans / self.entries)

    @property
    def by_area(self):
        """(area, plans, share) for County Durham, the North East and England, in that order."""
        return [(area, self.plans[area.code], self.shares[area.code]) for area in COMPARED_AREAS]

    @property
    def is_gap(self) -> bool:
        return bool(self.council_plans) and self.entries == 0


@dataclass
class Sufficiency:
    time_period: str | None
    band: AgeBand
    totals: dict  # area code -> all plans in the band
    rows: list[NeedRow]
    by_band: dict = field(default_factory=dict)  # age band slug -> its NeedRows, for every band

    @property
    def gaps(self) -> list[NeedRow]:
        return [row for row in self.rows if row.is_gap]

    @property
    def area_totals(self):
        return [(area, self.totals.get(area.code, 0)) for area in COMPARED_AREAS]

    @property
    def council_total(self) -> int:
        return self.totals.get(COUNCIL_AREA.code, 0)

    @property
    def grid(self):
        """Each need's row with its rows for every age band beside it: [(row, [(band, row), ...])]."""
        return [(row, [(band, self.by_band[band.slug][i]) for band in AGE_BANDS])
                for i, row in enumerate(self.rows)]


def _entry_ages_and_needs():
    """(entry id, youngest month, oldest month, need id) for every need of every published entry."""
    return Entry.objects.published().values_list(
        "pk", "published_revision__age_min_months", "published_revision__age_max_months",
        "published_revision__needs")


def _covers(band: AgeBand, youngest, oldest) -> bool:
    # As the public search's age filter: both ends inclusive, an open end covers every age.
    return ((youngest is None or youngest <= band.oldest * 12 + 11)
            and (oldest is None or oldest >= band.youngest * 12))


def latest_time_period() -> str | None:
    return (EhcPlanCount.objects.filter(area_code=COUNCIL_AREA.code).order_by("-time_period")
            .values_list("time_period", flat=True).first())


def sufficiency(band: AgeBand = ALL_AGES) -> Sufficiency:
    """For each DfE primary need: plans in County Durham, the North East and England (as numbers
    and shares of the area's plans in the age band), against the published entries supporting
    that need (the public search's need and age filters), for the band and for every band."""
    period = latest_time_period()
    figures = list(EhcPlanCount.objects.filter(time_period=period, area_code__in=[a.code for a in COMPARED_AREAS]))
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(
        vocabulary=Vocabulary.NEED, code__in=[n.need_code for n in PRIMARY_NEEDS])}
    ages = {}
    entries_by_need = defaultdict(set)
    for entry_id, youngest, oldest, need_id in _entry_ages_and_needs():
        ages[entry_id] = (youngest, oldest)
        if need_id is not None:
            entries_by_need[need_id].add(entry_id)

    def plans_in(chosen: AgeBand):
        totals, by_need = defaultdict(int), defaultdict(lambda: defaultdict(int))
        for figure in figures:
            in_band = (figure.age_group == ALL_PLANS_GROUP if chosen is ALL_AGES
                       else age_band_of(figure.age_group) == chosen)
            if not in_band:
                continue
            totals[figure.area_code] += figure.plans or 0
            for code, n in figure.plans_by_need.items():
                by_need[figure.area_code][code] += n or 0
        return totals, by_need

    def entry_count(term, chosen: AgeBand):
        if term is None:
            return 0
        return sum(1 for entry_id in entries_by_need[term.pk] if _covers(chosen, *ages[entry_id]))

    def rows_for(chosen: AgeBand):
        totals, by_need = plans_in(chosen)
        rows = []
        for need in PRIMARY_NEEDS:
            term = terms.get(need.need_code)
            plans = {area.code: by_need[area.code][need.dfe_code] for area in COMPARED_AREAS}
            shares = {code: round(100 * n / totals[code], 1) if totals[code] else None
                      for code, n in plans.items()}
            rows.append(NeedRow(need, term, plans, shares, entry_count(term, chosen)))
        return totals, rows

    totals, rows = rows_for(band)
    return Sufficiency(period, band, dict(totals), rows, {chosen.slug: rows_for(chosen)[1] for chosen in AGE_BANDS})


# --- The lists behind the figures ---------------------------------------------------------

def entry_list(*, state="", kind="", review="", live=False, missing=False, today: date | None = None):
    """Entries filtered as the dashboard counts them, newest first, each with what its live
    revision is missing (an empty list when nothing, None when it has no live revision)."""
    entries = entries_with_newest().order_by("-created_at", "-pk")
    if state == ARCHIVED:
        entries = entries.filter(archived_at__isnull=False)
    elif state:
        entries = entries.filter(archived_at__isnull=True, newest_state=state)
    if kind:
        entries = entries.filter(archived_at__isnull=True, provider__kind=kind)
    if live or review:
        entries = entries.filter(pk__in=Entry.objects.published().values("pk"))
    if review:
        entries = entries.filter(review_condition(review, today))
    missing_by_entry = {entry.pk: items for entry, items in entries_missing_items(entries)}
    rows = []
    for entry in entries:
        entry.newest_state_label = RevisionState(entry.newest_state).label if entry.newest_state else ""
        live = entry.published_revision_id and not entry.archived_at
        rows.append((entry, missing_by_entry.get(entry.pk, []) if live else None))
    return [row for row in rows if row[1]] if missing else rows


def year_publication_counts(since: date, until: date) -> dict[str, int]:
    found = publications(since, until)
    entries = Revision.objects.filter(pk__in=[p.revision_id for p in found]).values("entry_id").distinct().count()
    days = [p.working_days for p in found]
    return {"versions": len(found), "entries": entries,
            "median": statistics.median(days) if days else None, "slowest": max(days, default=None)}


def archived_between(since: date, until: date) -> int:
    return Entry.objects.filter(archived_at__date__gte=since, archived_at__date__lte=until).count()


def confirmed_between(since: date, until: date) -> int:
    """Published entries whose latest confirmation of accuracy fell in the period."""
    return Entry.objects.published().filter(last_confirmed_at__date__gte=since,
                                            last_confirmed_at__date__lte=until).count()


def feedback_median_response_days(since: date, until: date):
    answered = Feedback.objects.filter(received_at__date__gte=since, received_at__date__lte=until,
                                       responded_at__isnull=False).only("received_at", "responded_at")
    days = [feedback_response_days(item) for item in answered]
    return statistics.median(days) if days else None


def published_by_provision_kind() -> list[Row]:
    counts = dict(Entry.objects.published().order_by().values_list("published_revision__provision_kind")
                  .annotate(n=Count("pk")))
    rows = [Row(kind, label, counts.get(kind, 0)) for kind, label in ProvisionKind.choices]
    if counts.get(""):
        rows.append(Row("", "Not said", counts[""]))
    return rows
