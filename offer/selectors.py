"""What the public may read: published revisions only, never a draft or a submission."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from submissions.models import Entry

PAGE_SIZE = 20


def published_entries(*, query: str = ""):
    entries = Entry.objects.published().select_related("published_revision", "provider")
    for word in query.split()[:10]:
        entries = entries.filter(
            Q(published_revision__name__icontains=word)
            | Q(published_revision__description__icontains=word)
            | Q(provider__name__icontains=word)
            | Q(provider__town__icontains=word)
            | Q(published_revision__needs__name__icontains=word)
        )
    return entries.distinct().order_by("published_revision__name", "pk")


def published_entry_get(entry_id) -> Entry:
    return get_object_or_404(
        Entry.objects.published().select_related("published_revision", "provider"), pk=entry_id
    )


def provider_other_entries(entry):
    return (Entry.objects.published().filter(provider=entry.provider).exclude(pk=entry.pk)
            .select_related("published_revision").order_by("published_revision__name"))
