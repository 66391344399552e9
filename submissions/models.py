import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from workflow.machine import EDITABLE_STATES, OPEN_STATES, ReviewedModel, RevisionState


class Vocabulary(models.TextChoices):
    NEED = "need", "Special educational needs and disabilities"
    CATEGORY = "category", "Service categories"


class TaxonomyTerm(models.Model):
    """A term of a controlled list: an area or specific need, or a service category."""

    vocabulary = models.CharField(max_length=20, choices=Vocabulary.choices)
    code = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=255, blank=True, default="")
    # The stable identifier published in the Open Referral UK API.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["vocabulary", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="taxonomy_term_unique_code"),
        ]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postcode and its centre (ONS postcode lookup). Stored normalised: upper case, one space."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


@dataclass(frozen=True)
class PublicContact:
    name: str
    email: str
    phone: str


class EntryKind(models.TextChoices):
    SERVICE = "service", "Service"
    SEN_INFORMATION_REPORT = "sen_report", "SEN information report"


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_revision__isnull=False, archived_at__isnull=True)

    def removal_requested(self):
        return self.filter(removal_requested_at__isnull=False, archived_at__isnull=True)

    def for_provider_member(self, user):
        return self.filter(provider__memberships__user=user)


class Entry(models.Model):
    """One listing in the Local Offer, owned by a provider. Its content lives in revisions."""

    provider = models.ForeignKey("portal.Provider", on_delete=models.PROTECT, related_name="entries")
    # Stable identifiers published in the Open Referral UK API: the service, and its location.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location_public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=EntryKind.choices, default=EntryKind.SERVICE)
    # The one revision the public sees. Changed only by publication.
    published_revision = models.OneToOneField(
        "Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The provider confirmed the content accurate and the council published it; the annual
    # review cycle runs from here, not from the last edit.
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The UK calendar date the next review falls due: last confirmed + the council's cycle.
    review_due = models.DateField(null=True, blank=True, db_index=True)
    # A provider's confirmation waiting for a moderator, when the council's policy asks for one.
    confirmation_pending_at = models.DateTimeField(null=True, blank=True)
    confirmation_pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Taken off the Local Offer by a moderator (on their own judgement or the provider's
    # request). Nothing is deleted: the entry and its history stay.
    archived_at = models.DateTimeField(null=True, blank=True)
    archive_reason = models.TextField(blank=True, default="")
    removal_requested_at = models.DateTimeField(null=True, blank=True)
    removal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the public keyword search matches on PostgreSQL: the live revision's words with the
    # provider's, kept here (GIN-indexed) so that a search does not read every entry's text.
    # Written by ``entries_search_document_refresh``; empty on SQLite, which matches words directly.
    search_document = SearchVectorField(null=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "entries"
        ordering = ["-created_at"]

    def __str__(self):
        live = self.published_revision
        return live.name if live else f"Entry {self.pk}"


class ProvisionKind(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    LEISURE = "leisure", "Leisure and activities"
    ADVICE = "advice", "Information, advice and support"
    TRANSPORT = "transport", "Travel and transport"
    PREPARING_FOR_ADULTHOOD = "adulthood", "Preparing for adulthood and employment"


class RevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def awaiting_moderator(self):
        return self.filter(state__in=[RevisionState.SUBMITTED, RevisionState.IN_REVIEW,
                                      RevisionState.APPROVED])


class Revision(ReviewedModel):
    """A numbered snapshot of an entry's content. Editable only while draft or changes requested."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    provision_kind = models.CharField(max_length=20, choices=ProvisionKind.choices, blank=True,
                                      default="")
    # Ages in whole months, so that provision for the under-twos is exact.
    age_min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    needs = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="+")
    categories = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="+")
    is_free = models.BooleanField("free of charge", default=False)
    cost_details = models.TextField(blank=True, default="")
    # How it is delivered (Open Referral UK attending types).
    in_person = models.BooleanField(default=False)
    online = models.BooleanField(default=False)
    at_home = models.BooleanField(default=False)
    how_to_access = models.TextField(blank=True, default="")
    eligibility = models.TextField(blank=True, default="")
    area_served = models.CharField(max_length=500, blank=True, default="")
    languages = models.CharField(max_length=300, blank=True, default="")
    # Step-free access, parking, toilets, hearing loops: what a family needs to know before going.
    accessibility = models.TextField(blank=True, default="")
    # No fixed opening times: the service is by appointment or arrangement.
    by_appointment = models.BooleanField(default=False)
    # A school's SEN information report, one text per statutory item (submissions.sections).
    report = models.JSONField(default=dict, blank=True)
    # A PDF: a school's accessibility plan, or a service's leaflet. Checked on its content.
    document = models.FileField(upload_to="documents/%Y/%m/", blank=True, max_length=255)
    contact_name = models.CharField(max_length=200, blank=True, default="")
    contact_email = models.EmailField(blank=True, default="")
    contact_phone = models.CharField(max_length=40, blank=True, default="")
    website = models.URLField(max_length=500, blank=True, default="")
    # A service may keep its contact person, email and telephone for the council only: the public
    # pages, exports and the Open Referral UK API then leave them out (see ``public_contact``).
    contact_private = models.BooleanField(default=False)
    address = models.TextField(blank=True, default="")
    postcode = models.CharField(max_length=8, blank=True, default="")
    # The postcode's centre, kept with the revision for distance search.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_modified_at = models.DateTimeField(null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="revision_unique_number"),
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(state__in=OPEN_STATES),
                name="revision_one_open_per_entry",
            ),
        ]

    def __str__(self):
        return f"{self.name} (version {self.number})"

    @property
    def public_contact(self) -> "PublicContact":
        """The contact details anyone may see: none of the person's, when kept for the council."""
        if self.contact_private:
            return PublicContact("", "", "")
        return PublicContact(self.contact_name, self.contact_email, self.contact_phone)

    @property
    def delivery_modes(self) -> list[str]:
        return [label for field, label in (("in_person", "In person"), ("online", "Online or by phone"),
                                           ("at_home", "At home")) if getattr(self, field)]

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class OpeningTime(models.Model):
    """One session when a service is open. Wall-clock times: never shifted by a time zone."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="opening_times")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "weekday", "opens"], name="opening_time_unique_session"),
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="opening_time_closes_after"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M} to {self.closes:%H:%M}"
