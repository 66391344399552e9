from django.contrib import admin

from submissions.models import Entry, Revision, TaxonomyTerm
from submissions.services import entries_search_document_refresh


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "vocabulary", "code", "parent"]
    list_filter = ["vocabulary"]

    # Needs' names are in the entries' search documents.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            entries_search_document_refresh(term_ids=[obj.pk])

    def delete_model(self, request, obj):
        entry_ids = _entries_with_terms([obj.pk])
        super().delete_model(request, obj)
        entries_search_document_refresh(entry_ids=entry_ids)

    def delete_queryset(self, request, queryset):
        entry_ids = _entries_with_terms(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        entries_search_document_refresh(entry_ids=entry_ids)


def _entries_with_terms(term_ids) -> list[int]:
    return list(Entry.objects.filter(published_revision__needs__in=term_ids).values_list("pk", flat=True).distinct())


class ReadOnlyAdmin(admin.ModelAdmin):
    """Entries and revisions change only through the portal's pages and the review workflow."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "provider", "kind", "last_confirmed_at", "archived_at"]
    list_select_related = ["provider", "published_revision"]
    search_fields = ["provider__name"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["name", "number", "state", "submitted_at", "published_at"]
    list_filter = ["state"]
    search_fields = ["name"]
