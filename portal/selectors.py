from django.db.models import Count, Q

from portal.models import Provider


def provider_list_for_user(user):
    """The providers a user acts for, with how many entries each has and how many are live."""
    return (
        Provider.objects.for_user(user)
        .annotate(
            entry_count=Count("entries", distinct=True),
            live_count=Count("entries", filter=Q(entries__published_revision__isnull=False,
                                                 entries__archived_at__isnull=True),
                              distinct=True),
        )
        .order_by("name")
    )
