"""Who may do what. Each predicate is declared once and used by views, templates and tests."""

MODERATORS_GROUP = "Local Offer moderators"
ADMINS_GROUP = "Local Offer admins"


def _active(user) -> bool:
    # Anonymous visitors and the system actor of background tasks are not signed-in people.
    return user is not None and user.is_authenticated and user.is_active


def _group_names(user) -> frozenset[str]:
    # Cached on the user object: a page asks several times per request.
    if not hasattr(user, "_local_offer_groups"):
        user._local_offer_groups = frozenset(user.groups.values_list("name", flat=True))
    return user._local_offer_groups


def is_moderator(user) -> bool:
    """Council staff who review and publish entries (admins moderate too)."""
    if not _active(user):
        return False
    return user.is_superuser or bool({MODERATORS_GROUP, ADMINS_GROUP} & _group_names(user))


def is_council_admin(user) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or ADMINS_GROUP in _group_names(user)


def is_provider_member(user, provider) -> bool:
    """The user acts for this provider (owner or editor)."""
    if not _active(user) or provider is None:
        return False
    return user.memberships.filter(provider_id=provider.pk).exists()


def is_provider_owner(user, provider) -> bool:
    if not _active(user) or provider is None:
        return False
    return user.memberships.filter(provider_id=provider.pk, role="owner").exists()


def can_manage_members(user, provider) -> bool:
    """Owners manage their colleagues; council admins set up a provider's first owner."""
    return is_council_admin(user) or is_provider_owner(user, provider)


def can_edit_entry(user, entry) -> bool:
    return is_provider_member(user, entry.provider)


def can_submit(user, revision) -> bool:
    return can_edit_entry(user, revision.entry)


def can_withdraw(user, revision) -> bool:
    return can_edit_entry(user, revision.entry)


def can_request_removal(user, entry) -> bool:
    return can_edit_entry(user, entry)


def can_archive(user, entry) -> bool:
    """Taking an entry off the Local Offer is the council's decision."""
    return is_moderator(user) and not is_provider_member(user, entry.provider)


def can_review(user, revision) -> bool:
    """Moderators review, but never an entry of a provider they act for themselves."""
    return is_moderator(user) and not is_provider_member(user, revision.entry.provider)
