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


def members_of(provider):
    return provider.memberships.select_related("user").order_by("role", "user__email")


def providers_search(query, limit=50):
    words = query.split()
    providers = Provider.objects.all()
    for word in words[:5]:
        providers = providers.filter(Q(name__icontains=word) | Q(urn=word) | Q(ods_code__iexact=word)
                                     | Q(town__icontains=word) | Q(postcode__icontains=word))
    return providers.order_by("name")[:limit]


def user_data_export(user) -> dict:
    """What the portal holds about a person (UK GDPR right of access)."""
    from notifications.models import Notification
    from portal.models import AuditEvent
    from workflow.models import TransitionLog

    return {
        "account": {"email": user.email, "first_name": user.first_name, "last_name": user.last_name,
                    "date_joined": user.date_joined.isoformat(),
                    "last_login": user.last_login.isoformat() if user.last_login else None,
                    "council_roles": sorted(user.groups.values_list("name", flat=True))},
        "organisations": [{"provider": m.provider.name, "role": m.role, "since": m.created_at.isoformat()}
                          for m in user.memberships.select_related("provider")],
        "actions_on_entries": [{"at": log.at.isoformat(), "action": log.action, "entry": log.revision.name,
                                "comment": log.comment}
                               for log in TransitionLog.objects.filter(actor=user)
                               .select_related("revision")],
        "notifications": [{"at": n.created_at.isoformat(), "subject": n.subject, "status": n.status}
                          for n in Notification.objects.filter(recipient=user)],
        "access_changes": [{"at": e.at.isoformat(), "action": e.action, "by": e.actor_label,
                            "provider": e.provider.name if e.provider else None}
                           for e in AuditEvent.objects.filter(subject_email=user.email)
                           .select_related("provider")],
    }
