"""Writes to accounts: people, their council roles and the providers they act for."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.invitations import InvitationInvalid, invitation_digest, invitation_read, invitation_token
from portal.models import AuditAction, AuditEvent, Membership, MembershipRole, Provider, User


class AccountChangeRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _audit(action, actor, *, provider=None, subject_email="", **details):
    AuditEvent.objects.create(
        action=action, actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor.email if getattr(actor, "pk", None) else "Local Offer system",
        provider=provider, subject_email=subject_email, details=details,
    )


def user_create(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    return User.objects.create_user(email=email, password=password, first_name=first_name,
                                    last_name=last_name)


def user_add_to_council_group(*, user: User, group_name: str) -> None:
    user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    if group_name == roles.ADMINS_GROUP and not user.is_staff:
        # Council admins keep providers, taxonomies and the review policy in the Django admin.
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def membership_create(*, user: User, provider: Provider,
                      role: str = MembershipRole.EDITOR) -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.get_or_create(user=user, provider=provider,
                                                         defaults={"role": role})
    return membership


def invitation_send(*, inviter: User, provider: Provider, email: str, role: str) -> str:
    """Email a signed link inviting someone to act for a provider. Returns the link."""
    email = email.strip().lower()
    if not roles.can_manage_members(inviter, provider):
        raise PermissionDenied("Only the provider's owners and the council's admins can invite people")
    if Membership.objects.filter(provider=provider, user__email=email).exists():
        raise AccountChangeRefused(f"{email} already acts for {provider.name}")
    token = invitation_token(email=email, provider_id=provider.pk, role=role, inviter_id=inviter.pk)
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    context = {"provider": provider, "inviter": inviter, "link": link, "role": MembershipRole(role).label,
               "council": settings.LOCAL_OFFER_COUNCIL_NAME}
    with transaction.atomic():
        _audit(AuditAction.INVITATION_SENT, inviter, provider=provider, subject_email=email, role=role)
        transaction.on_commit(lambda: send_mail(
            subject=f"You are invited to update {provider.name}'s Local Offer entries"[:200],
            message=render_to_string("portal/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[email],
        ))
    return link


def invitation_check(token: str) -> tuple[dict, Provider]:
    """What a link invites to, or InvitationInvalid saying why it cannot be used."""
    invitation = invitation_read(token)
    if AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED,
                                 details__token=invitation_digest(token)).exists():
        raise InvitationInvalid("This invitation has been used already. Sign in instead.")
    provider = Provider.objects.filter(pk=invitation["provider_id"]).first()
    if provider is None:
        raise InvitationInvalid("The organisation in this invitation no longer exists.")
    return invitation, provider


def invitation_accept(*, token: str, user: User | None = None, password: str = "",
                      first_name: str = "", last_name: str = "") -> User:
    """Accept an invitation: a new person sets a password; a signed-in existing user just gains
    the membership. The link then stops working."""
    with transaction.atomic():
        invitation, provider = invitation_check(token)
        email = invitation["email"]
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            if user is None or user.pk != existing.pk:
                raise InvitationInvalid(f"Sign in as {email} to accept this invitation.")
            person = existing
        else:
            if user is not None and user.is_authenticated:
                raise InvitationInvalid(f"This invitation is for {email}. Sign out first.")
            person = user_create(email=email, password=password, first_name=first_name,
                                 last_name=last_name)
        Membership.objects.get_or_create(user=person, provider=provider,
                                         defaults={"role": invitation["role"]})
        _audit(AuditAction.INVITATION_ACCEPTED, person, provider=provider, subject_email=email,
               token=invitation_digest(token), role=invitation["role"])
    return person


def _member_for_change(actor, membership_id, provider_id) -> Membership:
    membership = Membership.objects.select_for_update().select_related("provider", "user").get(
        pk=membership_id, provider_id=provider_id)
    if not roles.can_manage_members(actor, membership.provider):
        raise PermissionDenied("Only the provider's owners can change who acts for it")
    return membership


def _last_owner(membership) -> bool:
    return (membership.role == MembershipRole.OWNER and
            not Membership.objects.filter(provider_id=membership.provider_id, role=MembershipRole.OWNER)
            .exclude(pk=membership.pk).exists())


def membership_remove(*, actor: User, provider_id: int, membership_id: int) -> None:
    with transaction.atomic():
        membership = _member_for_change(actor, membership_id, provider_id)
        if _last_owner(membership):
            raise AccountChangeRefused("Make someone else an owner before removing the last owner")
        _audit(AuditAction.MEMBERSHIP_REMOVED, actor, provider=membership.provider,
               subject_email=membership.user.email, role=membership.role)
        membership.delete()


def membership_change_role(*, actor: User, provider_id: int, membership_id: int, role: str) -> Membership:
    with transaction.atomic():
        membership = _member_for_change(actor, membership_id, provider_id)
        if membership.role == role:
            return membership
        if _last_owner(membership):
            raise AccountChangeRefused("Make someone else an owner first: a provider needs an owner")
        _audit(AuditAction.ROLE_CHANGED, actor, provider=membership.provider,
               subject_email=membership.user.email, before=membership.role, after=role)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def user_deactivate(*, actor: User, user_id: int) -> User:
    """Close an account. Django checks is_active on every request, so open sessions end too."""
    if not roles.is_council_admin(actor):
        raise PermissionDenied("Only the council's admins can close accounts")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        user.is_active = False
        user.save(update_fields=["is_active"])
        _audit(AuditAction.USER_DEACTIVATED, actor, subject_email=user.email)
    return user


def password_reset_note(*, email: str) -> bool:
    """Whether a password reset link may go to this address now; if so, the sending is logged.
    Past the council's hourly limit for one account, nothing is sent (and the page says the
    same as ever, so it tells nobody whether the address has an account)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).select_for_update().first()
        if user is None:
            return True  # nobody to send to: Django sends nothing either
        recent = AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_SENT, subject_email=user.email,
                                           at__gte=timezone.now() - timedelta(hours=1))
        if recent.count() >= settings.PASSWORD_RESETS_PER_HOUR:
            return False
        _audit(AuditAction.PASSWORD_RESET_SENT, None, subject_email=user.email)
    return True
