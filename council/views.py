"""The council's view of the Local Offer: the dashboard, the lists behind its figures (each
also as CSV), sufficiency against the DfE EHC plan statistics, and the annual report."""

import statistics
from datetime import date, timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from council import charts, selectors
from council.forms import AgeBandForm, EntryFilterForm, MonthForm, ReportYearForm, WaitingFilterForm
from council.sufficiency import AGE_BANDS, ALL_AGES, COMPARED_AREAS, COUNCIL_AREA, academic_year_label
from notifications.policy import rules
from notifications.selectors import failed_notifications
from portal.decorators import moderator_required
from portal.formatting import age_range_text
from portal.paging import page_of, query_string_without_page
from portal.spreadsheets import csv_response

PAGE_SIZE = 50


def _filtered(form_class, request):
    """The bound form and its values; a bad value is reported (status 400) and filters nothing."""
    form = form_class(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}, 200
    return form, {}, 400 if form.is_bound else 200


def _date(value):
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


@moderator_required
def dashboard(request):
    today = timezone.localdate()
    states = selectors.entries_by_state()
    waiting = selectors.waiting_summary(today)
    months = selectors.publication_times_by_month(today)
    missing_count, missing_items = selectors.missing_items_summary()
    reviews = selectors.review_counts(today)
    return render(request, "council/dashboard.html", {
        "today": today,
        "reviews": reviews,
        "review_window_days": selectors.review_window_days(),
        "grace_days": rules().overdue_grace_days,
        "states": states,
        "kinds": selectors.entries_by_provider_kind(),
        "waiting": waiting,
        "months": months,
        "missing_count": missing_count,
        "missing_items": missing_items,
        "failed": selectors.failed_notification_count(),
        "feedback": selectors.feedback_summary(),
        "state_chart": charts.counts_chart(charts.summary_of("Entries by the state of their newest version", [
            (row.label, row.count) for row in states]), [(row.label, row.count) for row in states if row.count]),
        "waiting_chart": charts.counts_chart(charts.summary_of("Submissions waiting, by working days waited", [
            (row.label, row.count) for row in waiting.bands]), [(row.label, row.count) for row in waiting.bands]),
        "publication_chart": charts.publication_times_chart(months),
    })


def _entry_csv(rows):
    for entry, missing in rows:
        revision = entry.published_revision
        yield [entry.pk, entry.newest_name, entry.provider.name, entry.provider.get_kind_display(),
               "Taken off the Local Offer" if entry.archived_at else entry.newest_state_label,
               "Yes" if revision and not entry.archived_at else "No",
               f"{entry.review_due:%d/%m/%Y}" if entry.review_due else "",
               _date(entry.last_confirmed_at), "; ".join(item.message for item in missing or []),
               age_range_text(revision.age_min_months, revision.age_max_months) if revision else ""]


@moderator_required
def entries(request, as_csv=False):
    form, filters, status = _filtered(EntryFilterForm, request)
    rows = selectors.entry_list(**filters) if status == 200 else []
    if as_csv:
        return csv_response("local-offer-entries.csv", [
            "Entry", "Name", "Provider", "Kind of provider", "Newest version", "On the Local Offer",
            "Review due", "Last confirmed", "Missing", "Ages"], _entry_csv(rows))
    return render(request, "council/entries.html", {
        "form": form, "page": page_of(request, rows, PAGE_SIZE), "count": len(rows),
        "query_string": query_string_without_page(request),
    }, status=status)


@moderator_required
def waiting(request, as_csv=False):
    form, filters, status = _filtered(WaitingFilterForm, request)
    band = selectors.waiting_band(filters.get("waited", ""))
    revisions = selectors.submissions_waiting(band=band) if status == 200 else []
    if as_csv:
        return csv_response("local-offer-submissions-waiting.csv", [
            "Revision", "Entry", "Version", "Provider", "Kind of provider", "State", "Submitted",
            "Working days waiting", "Taken by"], (
            [r.pk, r.name, r.number, r.entry.provider.name, r.entry.provider.get_kind_display(),
             r.get_state_display(), _date(r.submitted_at), r.working_days, str(r.reviewer or "")]
            for r in revisions))
    return render(request, "council/waiting.html", {
        "form": form, "band": band, "page": page_of(request, revisions, PAGE_SIZE), "count": len(revisions),
        "query_string": query_string_without_page(request),
    }, status=status)


@moderator_required
def publications(request, as_csv=False):
    form, filters, status = _filtered(MonthForm, request)
    first = filters.get("month", timezone.localdate().replace(day=1))
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    rows = selectors.publication_list(first, last) if status == 200 else []
    if as_csv:
        return csv_response(f"local-offer-published-{first:%Y-%m}.csv", [
            "Revision", "Entry", "Version", "Provider", "First submitted", "Published",
            "Working days from submission to publication"], (
            [r.pk, r.name, r.number, r.entry.provider.name, _date(p.submitted_at), _date(p.published_at),
             p.working_days] for p, r in rows))
    days = [p.working_days for p, _r in rows]
    return render(request, "council/publications.html", {
        "form": form, "month": first, "rows": rows, "slowest": max(days, default=None),
        "median": statistics.median(days) if days else None,
        "csv_query": f"month={first:%Y-%m}",
    }, status=status)


@moderator_required
def failed_notifications_csv(request):
    return csv_response("local-offer-emails-not-sent.csv", [
        "Notification", "Written", "Kind", "To", "Subject", "Attempts", "Last error"], (
        [n.pk, _date(n.created_at), n.get_kind_display(), n.email, n.subject, n.attempts, n.last_error]
        for n in failed_notifications().order_by("-created_at", "-pk")))


@moderator_required
def feedback_csv(request):
    """What was received and answered when; never the sender, nor what they wrote."""
    return csv_response("local-offer-feedback.csv", [
        "Reference", "Received", "About", "Entry", "Provider", "Status", "Responded",
        "Working days to respond", "Published"], (
        [f.reference, _date(f.received_at), f.get_about_display(),
         f.entry.published_revision.name if f.entry and f.entry.published_revision else "",
         f.entry.provider.name if f.entry else "", f.get_status_display(), _date(f.responded_at),
         selectors.feedback_response_days(f), _date(f.published_at)]
        for f in selectors.feedback_for_export()))


def _band(filters):
    return next((band for band in AGE_BANDS if band.slug == filters.get("age")), ALL_AGES)


@moderator_required
def sufficiency(request):
    form, filters, status = _filtered(AgeBandForm, request)
    band = _band(filters)
    found = selectors.sufficiency(band)
    return render(request, "council/sufficiency.html", {
        "form": form, "sufficiency": found, "band": band, "bands": [ALL_AGES, *AGE_BANDS],
        "areas": COMPARED_AREAS, "council_area": COUNCIL_AREA,
        "year": academic_year_label(found.time_period or ""),
        "january": int(found.time_period[:4]) + 1 if found.time_period else None,
        "chart": charts.shares_chart(found) if found.time_period else None,
        "search": reverse("offer:home"),
    }, status=status)


@moderator_required
def sufficiency_csv(request):
    found = selectors.sufficiency(ALL_AGES)
    by_band = [(ALL_AGES, found.rows)] + [(band, found.by_band[band.slug]) for band in AGE_BANDS]

    def rows():
        for band, need_rows in by_band:
            for row in need_rows:
                yield [academic_year_label(found.time_period or ""), band.label, row.need.dfe_name,
                       row.term.name if row.term else row.need.need_code,
                       *[value for area in COMPARED_AREAS for value in (row.plans[area.code], row.shares[area.code])],
                       row.entries, row.plans_per_entry]
    return csv_response("local-offer-sufficiency.csv", [
        "Academic year", "Ages", "Primary need (DfE)", "Need on the Local Offer",
        *[f"{area.name} {what}" for area in COMPARED_AREAS for what in ("plans", "share of plans (%)")],
        "Published entries supporting the need at these ages", "Plans per published entry"], rows())


@moderator_required
def annual_report(request):
    form, filters, status = _filtered(ReportYearForm, request)
    today = timezone.localdate()
    year = filters.get("year", today.year)
    since, until = date(year, 1, 1), min(date(year, 12, 31), today)
    found = selectors.sufficiency(ALL_AGES)
    reviews = selectors.review_counts(today)
    in_date = reviews["published"] - reviews["overdue"]
    return render(request, "council/annual_report.html", {
        "form": form, "year": year, "since": since, "until": until, "today": today,
        "reviews": reviews, "in_date": in_date,
        "in_date_percent": round(100 * in_date / reviews["published"]) if reviews["published"] else None,
        "review_window_days": selectors.review_window_days(), "grace_days": rules().overdue_grace_days,
        "confirmed": selectors.confirmed_between(since, until),
        "provision_kinds": selectors.published_by_provision_kind(),
        "kinds": selectors.entries_by_provider_kind(),
        "sufficiency": found, "stats_year": academic_year_label(found.time_period or ""),
        "council_area": COUNCIL_AREA,
        "published_in_year": selectors.year_publication_counts(since, until),
        "archived": selectors.archived_between(since, until),
        "feedback": selectors.feedback_summary(since, until),
        "feedback_days": selectors.feedback_median_response_days(since, until),
    }, status=status)
