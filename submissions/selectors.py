from django.shortcuts import get_object_or_404

from portal.models import Provider
from submissions.models import Entry, Revision
from workflow.machine import OPEN_STATES


def provider_get_for_member(user, provider_id) -> Provider:
    """The provider, if the user acts for it; otherwise 404 (its existence is not disclosed)."""
    return get_object_or_404(Provider.objects.for_user(user), pk=provider_id)


def entry_get_for_member(user, entry_id) -> Entry:
    return get_object_or_404(
        Entry.objects.for_provider_member(user).select_related("provider", "published_revision"),
        pk=entry_id,
    )


def revision_get_for_member(user, revision_id) -> Revision:
    return get_object_or_404(
        Revision.objects.filter(entry__provider__memberships__user=user)
        .select_related("entry__provider"),
        pk=revision_id,
    )


def entry_open_revision(entry) -> Revision | None:
    return entry.revisions.filter(state__in=OPEN_STATES).first()


def entry_latest_revision(entry) -> Revision | None:
    return entry.revisions.order_by("-number").first()


def entries_for_provider(provider):
    """Each entry with its latest revision, for the provider's list."""
    entries = list(provider.entries.select_related("published_revision").order_by("-created_at"))
    latest = {}
    for revision in Revision.objects.filter(entry__in=entries).order_by("entry_id", "-number"):
        latest.setdefault(revision.entry_id, revision)
    return [(entry, latest.get(entry.pk)) for entry in entries]
