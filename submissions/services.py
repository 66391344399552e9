"""Writes to entries and revisions made by providers."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from submissions.models import Entry, EntryKind, Postcode, Revision, TaxonomyTerm
from workflow.machine import EDITABLE_STATES, OPEN_STATES

CONTENT_FIELDS = (
    "name", "description", "provision_kind", "age_min_months", "age_max_months",
    "how_to_access", "contact_name", "contact_email", "contact_phone", "website",
    "address", "postcode", "is_free", "cost_details", "in_person", "online", "at_home",
)


class RevisionFrozen(Exception):
    """The revision is with the moderators (or decided): its content cannot change."""


class EntryArchived(Exception):
    """The entry has been taken off the Local Offer; it is kept, but not updated."""


def _apply_content(revision: Revision, content: dict) -> None:
    for field in CONTENT_FIELDS:
        if field in content:
            setattr(revision, field, content[field])
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
        _apply_content(revision, content)
    return revision
