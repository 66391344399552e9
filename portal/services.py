"""Writes to accounts: people, their council roles and the providers they act for."""

from django.contrib.auth.models import Group
from django.db import transaction

from portal.models import Membership, MembershipRole, Provider, User


def user_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    return User.objects.create_user(email=email, password=password, first_name=first_name,
                                    last_name=last_name)


def user_add_to_council_group(*, user: User, group_name: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])


def membership_create(*, user: User, provider: Provider,
                      role: str = MembershipRole.EDITOR) -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(user=user, provider=provider,
                                                         defaults={"role": role})
    return membership
