"""Writes to entries and revisions made by providers."""

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from portal.models import Provider
from submissions.models import Entry, EntryKind, OpeningTime, Postcode, Revision, TaxonomyTerm
from submissions.rich_text import rich_text_clean
from submissions.sections import REPORT_ITEMS_BY_KEY
from workflow.machine import EDITABLE_STATES, OPEN_STATES

CONTENT_FIELDS = (
    "name", "description", "provision_kind", "age_min_months", "age_max_months",
    "how_to_access", "contact_name", "contact_email", "contact_phone", "website",
    "address", "postcode", "is_free", "cost_details", "in_person", "online", "at_home",
    "eligibility", "area_served", "languages", "accessibility", "by_appointment", "document", "contact_private",
)
# Written as Markdown with simple formatting: cleaned with the allow-list whoever writes them.
RICH_FIELDS = ("description", "how_to_access", "cost_details", "eligibility", "accessibility")


class RevisionFrozen(Exception):
    """The revision is with the moderators (or decided): its content cannot change."""


class EntryArchived(Exception):
    """The entry has been taken off the Local Offer; it is kept, but not updated."""


def _apply_content(revision: Revision, content: dict) -> None:
    """Store ``content`` on the revision. Report items are merged into the report: a section's
    form gives only its own. ``opening_times`` (day, opens, closes) replace the ones there."""
    for field in CONTENT_FIELDS:
        if field in content:
            value = content[field]
            setattr(revision, field, rich_text_clean(value) if field in RICH_FIELDS else value)
    if "report" in content:
        revision.report = {**(revision.report or {}),
                           **{key: rich_text_clean(text) for key, text in content["report"].items()
                              if key in REPORT_ITEMS_BY_KEY}}
    if "postcode" in content:
        centre = Postcode.objects.filter(pk=revision.postcode).first()
        revision.latitude = centre.latitude if centre else None
        revision.longitude = centre.longitude if centre else None
    revision.content_modified_at = timezone.now()
    revision.save()
    for relation in ("needs", "categories"):
        if relation in content:
            getattr(revision, relation).set(
                TaxonomyTerm.objects.filter(pk__in=[t.pk for t in content[relation]]))
    if "opening_times" in content:
        revision.opening_times.all().delete()
        OpeningTime.objects.bulk_create([OpeningTime(revision=revision, weekday=day, opens=opens, closes=closes)
                                         for day, opens, closes in content["opening_times"]])


def entry_create(*, provider, user, content: dict, kind: str = EntryKind.SERVICE) -> Entry:
    """A new entry with its first revision, a draft holding ``content``."""
    with transaction.atomic():
        entry = Entry.objects.create(provider=provider, kind=kind, created_by=user)
        revision = Revision(entry=entry, number=1, created_by=user)
        _apply_content(revision, content)
    return entry


def revision_update_content(*, revision_id: int, content: dict) -> Revision:
    """Save a provider's edit. Refused once the revision has been submitted."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if revision.state not in EDITABLE_STATES:
            raise RevisionFrozen(revision.get_state_display())
        _apply_content(revision, content)
    return revision


def revision_start_update(*, entry_id: int, user) -> Revision:
    """The revision a provider edits next: the open one if there is one, else a new draft
    copied from the latest revision (the live one stays public until this one publishes)."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry_id)
        if entry.archived_at is not None:
            raise EntryArchived()
        open_revision = entry.revisions.filter(state__in=OPEN_STATES).first()
        if open_revision is not None:
            return open_revision
        source = entry.published_revision or entry.revisions.order_by("-number").first()
        number = (entry.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        revision = Revision(entry=entry, number=number, created_by=user)
        content = {field: getattr(source, field) for field in CONTENT_FIELDS}
        content["needs"] = list(source.needs.all())
        content["categories"] = list(source.categories.all())
        content["report"] = dict(source.report or {})
        # The same stored file: nothing is uploaded again, and history keeps every version's file.
        content["document"] = source.document.name
        content["opening_times"] = [(t.weekday, t.opens, t.closes) for t in source.opening_times.all()]
        _apply_content(revision, content)
    return revision


# The keyword search's weights: the entry's name first, then who runs it and the needs it
# supports, then its description and town. The English configuration stems ("clubs" finds "club").
SEARCH_CONFIG = "english"
_SEARCH_DOCUMENT_SQL = """
UPDATE {entry} AS entry SET search_document =
    setweight(to_tsvector(%(config)s, coalesce(revision.name, '')), 'A')
    || setweight(to_tsvector(%(config)s, coalesce(provider.name, '')), 'B')
    || setweight(to_tsvector(%(config)s, coalesce((
        SELECT string_agg(term.name, ' ') FROM {needs} AS needs
        JOIN {term} AS term ON term.id = needs.taxonomyterm_id
        WHERE needs.revision_id = revision.id), '')), 'B')
    || setweight(to_tsvector(%(config)s, coalesce(revision.description, '') || ' ' || coalesce(provider.town, '')), 'C')
FROM {revision} AS revision, {provider} AS provider
WHERE revision.id = entry.published_revision_id AND provider.id = entry.provider_id
"""


def entries_search_document_refresh(*, entry_ids=None, provider_ids=None, term_ids=None) -> int:
    """Rewrite the keyword search document of the given entries (or the providers' entries, or the
    entries whose live revision has one of the terms, or, with none of these, every entry) from
    their live revision, its needs and their provider. Called when a revision publishes and when a
    provider's or a need's name changes. Returns the entries written; on SQLite, which has no
    document, nothing is written."""
    if connection.vendor != "postgresql":
        return 0
    needs = Revision.needs.through._meta.db_table
    sql = _SEARCH_DOCUMENT_SQL.format(
        entry=Entry._meta.db_table, revision=Revision._meta.db_table, provider=Provider._meta.db_table,
        needs=needs, term=TaxonomyTerm._meta.db_table)
    params = {"config": SEARCH_CONFIG}
    if entry_ids is not None:
        sql, params["ids"] = sql + " AND entry.id = ANY(%(ids)s)", list(entry_ids)
    elif provider_ids is not None:
        sql, params["ids"] = sql + " AND entry.provider_id = ANY(%(ids)s)", list(provider_ids)
    elif term_ids is not None:
        sql += (f" AND EXISTS (SELECT 1 FROM {needs} AS chosen WHERE chosen.revision_id = revision.id"
                " AND chosen.taxonomyterm_id = ANY(%(ids)s))")
        params["ids"] = list(term_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
