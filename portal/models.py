from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: provider staff or council staff. The email address is the username."""

    username = None
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.get_full_name() or self.email


class ProviderKind(models.TextChoices):
    COMMUNITY_SCHOOL = "community_school", "Community school"
    FOUNDATION_SCHOOL = "foundation_school", "Foundation school"
    VOLUNTARY_AIDED_SCHOOL = "voluntary_aided_school", "Voluntary aided school"
    VOLUNTARY_CONTROLLED_SCHOOL = "voluntary_controlled_school", "Voluntary controlled school"
    NURSERY_SCHOOL = "nursery_school", "Nursery school"
    ACADEMY = "academy", "Academy"
    FREE_SCHOOL = "free_school", "Free school"
    SPECIAL_SCHOOL = "special_school", "Special school"
    INDEPENDENT_SCHOOL = "independent_school", "Independent school"
    ALTERNATIVE_PROVISION = "alternative_provision", "Pupil referral unit or alternative provision"
    FE_COLLEGE = "fe_college", "Further education college"
    SPECIALIST_POST_16 = "specialist_post_16", "Specialist post-16 institution"
    SCHOOL = "school", "School (type not recorded)"
    OTHER_EDUCATION = "other_education", "Other education provider"
    EARLY_YEARS = "early_years", "Early years setting"
    GP_PRACTICE = "gp_practice", "GP practice"
    HEALTH_SERVICE = "health_service", "NHS or health service"
    SOCIAL_CARE = "social_care", "Social care provider"
    COUNCIL_SERVICE = "council_service", "Council service"
    VOLUNTARY_GROUP = "voluntary_group", "Voluntary or community group"


class ProviderQuerySet(models.QuerySet):
    def schools(self):
        return self.exclude(urn="")

    def for_user(self, user):
        return self.filter(memberships__user=user).distinct()


class Provider(models.Model):
    """An organisation that offers provision: a school, college, NHS or care service, group."""

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=40, choices=ProviderKind.choices)
    # Register keys: a school's URN (GIAS), an NHS organisation's ODS code.
    urn = models.CharField("URN", max_length=10, blank=True, default="")
    ods_code = models.CharField("ODS code", max_length=10, blank=True, default="")
    register_type = models.CharField(max_length=120, blank=True, default="")
    phase = models.CharField(max_length=60, blank=True, default="")
    address = models.TextField(blank=True, default="")
    town = models.CharField(max_length=120, blank=True, default="")
    postcode = models.CharField(max_length=8, blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    telephone = models.CharField(max_length=40, blank=True, default="")
    website = models.CharField(max_length=255, blank=True, default="")
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # GIAS SEN provision codes (SEN1..SEN13), e.g. ["ASD", "SEMH"].
    sen_provision = models.JSONField(default=list, blank=True)
    resourced_provision_type = models.CharField(max_length=80, blank=True, default="")
    resourced_provision_capacity = models.PositiveIntegerField(null=True, blank=True)
    resourced_provision_on_roll = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_capacity = models.PositiveIntegerField(null=True, blank=True)
    sen_unit_on_roll = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["urn"], condition=~models.Q(urn=""), name="provider_unique_urn"
            ),
            models.UniqueConstraint(
                fields=["ods_code"], condition=~models.Q(ods_code=""), name="provider_unique_ods"
            ),
        ]
        indexes = [models.Index(Lower("name"), name="provider_name_lower")]

    def __str__(self):
        return self.name

    @property
    def register_reference(self):
        if self.urn:
            return f"URN {self.urn}"
        if self.ods_code:
            return f"ODS {self.ods_code}"
        return ""


class MembershipRole(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"


class Membership(models.Model):
    """A user acting for a provider. One user may act for several providers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MembershipRole.choices, default=MembershipRole.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} at {self.provider} ({self.get_role_display()})"


class AuditAction(models.TextChoices):
    INVITATION_SENT = "invitation_sent", "Invitation sent"
    INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
    MEMBERSHIP_REMOVED = "membership_removed", "Member removed"
    ROLE_CHANGED = "role_changed", "Role changed"
    USER_DEACTIVATED = "user_deactivated", "Account closed"
    PASSWORD_RESET_SENT = "password_reset_sent", "Password reset link sent"


class AuditEvent(models.Model):
    """Who changed whose access, when. Never edited; kept when the people involved go."""

    action = models.CharField(max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=255)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    subject_email = models.EmailField(blank=True, default="")
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "subject_email"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject_email} by {self.actor_label}"
