"""A realistic county for the benchmark, written with bulk_create. The rows are in the states the
real services leave them in: a published revision is ``published`` with ``Entry.published_revision``
pointing at it and the entry's search document written, its submission, review and publication
dates and transition log written, and ``review_due`` set from ``last_confirmed_at`` by the
council's policy, opening times unless by appointment; an update under review is
the entry's one open revision; notifications carry their unique (kind, subject, cycle, recipient).

Run only by ``python -m bench`` against its own database."""

import random
from datetime import time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Notification, NotificationKind, NotificationStatus
from notifications.policy import review_due_from, rules
from portal.models import Membership, MembershipRole, Provider, ProviderKind, User
from portal.roles import MODERATORS_GROUP
from submissions.models import (
    Entry,
    EntryKind,
    OpeningTime,
    Postcode,
    ProvisionKind,
    Revision,
    TaxonomyTerm,
    Vocabulary,
)
from submissions.services import entries_search_document_refresh
from workflow.machine import RevisionState
from workflow.models import TransitionLog

S = RevisionState
PASSWORD = "local-offer-bench"
MODERATORS = 6

TOWNS = ["Durham", "Consett", "Chester-le-Street", "Stanley", "Bishop Auckland", "Seaham", "Peterlee",
         "Newton Aycliffe", "Spennymoor", "Barnard Castle", "Crook", "Shildon", "Sedgefield", "Ferryhill",
         "Brandon", "Lanchester", "Willington", "Wingate", "Easington", "Middleton-in-Teesdale"]
PROVIDER_NOUNS = {
    ProviderKind.EARLY_YEARS: ["Little Stars Nursery", "Sunshine Pre-school", "Rainbow Childminding",
                               "Acorns Day Nursery", "Tiny Steps Playgroup"],
    ProviderKind.VOLUNTARY_GROUP: ["Parent Carer Forum", "Autism Support Group", "Young Carers Project",
                                   "Disability Sports Club", "Family Support Network"],
    ProviderKind.SOCIAL_CARE: ["Short Breaks Service", "Respite Care Home", "Family Placement Team"],
    ProviderKind.HEALTH_SERVICE: ["Children's Therapy Service", "Community Paediatrics",
                                  "Child and Adolescent Mental Health Service"],
    ProviderKind.COUNCIL_SERVICE: ["Family Hub", "Early Help Team", "Educational Psychology Service"],
    ProviderKind.SPECIALIST_POST_16: ["Specialist College", "Supported Internships"],
    ProviderKind.OTHER_EDUCATION: ["Tuition Centre", "Forest School"],
}
SERVICES = ["Speech and language therapy", "Autism support group", "Holiday activities", "Short breaks",
            "Swimming sessions", "Parent carer drop-in", "Occupational therapy", "Youth club",
            "Sensory play sessions", "Respite care", "Physiotherapy", "Wheelchair football",
            "Sleep support", "Supported internships", "Travel training", "Emotional wellbeing group",
            "Portage home visiting", "Dyslexia assessment", "Hearing support", "Visual impairment team",
            "Transition to adulthood", "After-school club", "Music therapy", "Horse riding for disabled children"]
SENTENCES = ["We support children and young people with special educational needs and disabilities.",
             "Sessions run in term time and in the school holidays.",
             "Our staff are trained in autism awareness and positive behaviour support.",
             "Families can come along to find out more before booking.",
             "We work closely with schools, health visitors and the council's SEND team.",
             "The building has level access, a changing places toilet and a quiet room.",
             "Young people can bring a parent, carer or support worker.",
             "We offer speech, language and communication support in small groups.",
             "Places are free for families on low incomes.",
             "Referrals come from GPs, schools and families themselves."]


def _in_batches(model, objs, size=2000):
    return model.objects.bulk_create(objs, batch_size=size)


class County:
    """Builds the county one kind of row at a time, keeping the ids it needs for the next."""

    def __init__(self, *, seed=2026):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        self.postcodes = list(Postcode.objects.filter(postcode__regex=r"^(DH|DL)")
                              .values_list("postcode", "latitude", "longitude"))
        self.needs = list(TaxonomyTerm.objects.filter(vocabulary=Vocabulary.NEED).values_list("pk", flat=True))
        self.categories = list(TaxonomyTerm.objects.filter(vocabulary=Vocabulary.CATEGORY)
                               .values_list("pk", flat=True))
        self.moderators: list[User] = []
        self.members: dict[int, list[int]] = {}  # provider id: its members' user ids
        self.transition_count = 0
        self.policy = rules()  # read once: the seed sets thousands of review dates

    # --- people and providers ------------------------------------------------------------

    def providers_fill(self, total: int) -> list[Provider]:
        """Add made-up local providers until there are ``total`` (the imported schools and NHS
        organisations first), each with an owner; some people act for several providers."""
        kinds = list(PROVIDER_NOUNS)
        weights = [40, 25, 10, 10, 5, 5, 5]
        new = []
        for n in range(total - Provider.objects.count()):
            kind = self.rng.choices(kinds, weights)[0]
            postcode, lat, lon = self.rng.choice(self.postcodes)
            town = self.rng.choice(TOWNS)
            new.append(Provider(name=f"{town} {self.rng.choice(PROVIDER_NOUNS[kind])} {n + 1}", kind=kind,
                                town=town, postcode=postcode, latitude=lat, longitude=lon,
                                address=f"{n % 90 + 1} Front Street, {town}"))
        _in_batches(Provider, new)
        providers = list(Provider.objects.order_by("pk"))
        owners = _in_batches(User, [
            User(email=f"owner{provider.pk}@example.org", first_name="Pat", last_name=f"Owner{provider.pk}",
                 password=self.password) for provider in providers])
        memberships = [Membership(user=owner, provider=provider, role=MembershipRole.OWNER)
                       for owner, provider in zip(owners, providers, strict=True)]
        # Trusts, federations and chains: one editor acting for two to five providers.
        editors = _in_batches(User, [User(email=f"editor{n}@example.org", first_name="Jo", last_name=f"Editor{n}",
                                          password=self.password) for n in range(len(providers) // 5)])
        for editor in editors:
            for provider in self.rng.sample(providers, self.rng.randint(2, 5)):
                memberships.append(Membership(user=editor, provider=provider, role=MembershipRole.EDITOR))
        _in_batches(Membership, memberships)
        for membership in memberships:
            self.members.setdefault(membership.provider_id, []).append(membership.user_id)
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        self.moderators = _in_batches(User, [
            User(email=f"moderator{n}@durham.gov.uk", first_name="Morgan", last_name=f"Moderator{n}",
                 password=self.password) for n in range(MODERATORS)])
        group.user_set.add(*self.moderators)
        return providers

    # --- entries and revisions -----------------------------------------------------------

    def _content(self, provider, number):
        rng = self.rng
        postcode, lat, lon = (provider.postcode, provider.latitude, provider.longitude)
        if lat is None or rng.random() < 0.3:  # delivered away from the provider's own address
            postcode, lat, lon = rng.choice(self.postcodes)
        low = rng.choice([0, 0, 24, 48, 60, 132, 192])
        free = rng.random() < 0.6
        return {
            "name": f"{rng.choice(SERVICES)} in {rng.choice(TOWNS)}" if number else provider.name,
            "description": " ".join(rng.sample(SENTENCES, rng.randint(2, 5))),
            "provision_kind": rng.choice(ProvisionKind.values),
            "age_min_months": low, "age_max_months": rng.choice([x for x in (59, 131, 191, 227, 299) if x > low]),
            "is_free": free, "cost_details": "" if free else f"£{rng.randint(2, 40)} a session",
            "in_person": rng.random() < 0.8, "online": rng.random() < 0.3, "at_home": rng.random() < 0.15,
            "how_to_access": "Call or email us, or ask your child's school or health visitor to refer you.",
            "contact_name": "Team leader", "contact_email": f"contact{provider.pk}@example.org",
            "contact_phone": f"0191 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            "website": f"https://provider{provider.pk}.example.org/", "address": provider.address or provider.town,
            "postcode": postcode, "latitude": lat, "longitude": lon,
            "by_appointment": rng.random() < 0.2,
        }

    def _opening_times(self, revisions):
        """Weekday sessions (some services open twice a day), none for those by appointment."""
        rng, sessions = self.rng, []
        for revision in revisions:
            if revision.by_appointment:
                continue
            for weekday in sorted(rng.sample(range(7), rng.randint(1, 5))):
                sessions.append(OpeningTime(revision_id=revision.pk, weekday=weekday, opens=time(9, 0),
                                            closes=time(12, 30)))
                if rng.random() < 0.3:
                    sessions.append(OpeningTime(revision_id=revision.pk, weekday=weekday, opens=time(13, 30),
                                                closes=time(16, 0)))
        _in_batches(OpeningTime, sessions, 5000)

    def _log(self, logs, revision, steps, author, reviewer, at):
        for action, source, target in steps:
            by = author if action == "submit" else reviewer
            logs.append(TransitionLog(revision=revision, action=action, from_state=source, to_state=target,
                                      actor_id=by, actor_label=f"user {by}" if by else "Local Offer system",
                                      at=at))

    def entries_publish(self, providers, count, *, history=True) -> list[Entry]:
        """``count`` published entries spread over the providers (a few providers have many),
        each confirmed between 0 and 400 days ago, so that some reviews are due or overdue."""
        rng = self.rng
        weights = [min(rng.paretovariate(1.5), 30.0) for _ in providers]
        entries = []
        for provider in rng.choices(providers, weights, k=count):
            confirmed = self.now - timedelta(days=rng.uniform(0, 400))
            entries.append(Entry(provider=provider, created_by_id=self.members[provider.pk][0],
                                 kind=EntryKind.SERVICE, last_confirmed_at=confirmed,
                                 review_due=review_due_from(confirmed, self.policy)))
        entries = _in_batches(Entry, entries)
        revisions, logs = [], []
        older = set(rng.sample(range(len(entries)), len(entries) // 5)) if history else set()
        for i, entry in enumerate(entries):
            author = self.members[entry.provider_id][0]
            reviewer = rng.choice(self.moderators).pk
            content = self._content(entry.provider, i + 1)
            submitted = entry.last_confirmed_at - timedelta(days=rng.uniform(1, 10))
            if i in older:  # an earlier version, replaced when this one published
                revisions.append(Revision(entry=entry, number=1, state=S.SUPERSEDED, submitted_at=submitted,
                                          submitted_by_id=author, reviewer_id=reviewer, decided_at=submitted,
                                          published_at=submitted, **{**content, "description": "An earlier "
                                                                     "version. " + content["description"]}))
            revisions.append(Revision(entry=entry, number=2 if i in older else 1, state=S.PUBLISHED,
                                      submitted_at=submitted, submitted_by_id=author, reviewer_id=reviewer,
                                      decided_at=entry.last_confirmed_at, published_at=entry.last_confirmed_at,
                                      **content))
        revisions = _in_batches(Revision, revisions)
        published = {}
        through_needs, through_categories = Revision.needs.through, Revision.categories.through
        needs, categories = [], []
        for revision in revisions:
            for term in rng.sample(self.needs, rng.randint(1, 4)):
                needs.append(through_needs(revision_id=revision.pk, taxonomyterm_id=term))
            for term in rng.sample(self.categories, rng.randint(1, 2)):
                categories.append(through_categories(revision_id=revision.pk, taxonomyterm_id=term))
            if history:
                steps = [("submit", S.DRAFT, S.SUBMITTED), ("start_review", S.SUBMITTED, S.IN_REVIEW),
                         ("approve", S.IN_REVIEW, S.APPROVED), ("publish", S.APPROVED, S.PUBLISHED)]
                if revision.state == S.SUPERSEDED:
                    steps.append(("supersede", S.PUBLISHED, S.SUPERSEDED))
                self._log(logs, revision, steps, revision.submitted_by_id, revision.reviewer_id,
                          revision.published_at)
            if revision.state == S.PUBLISHED:
                published[revision.entry_id] = revision.pk
        _in_batches(through_needs, needs, 5000)
        _in_batches(through_categories, categories, 5000)
        self._opening_times(revisions)
        _in_batches(TransitionLog, logs, 5000)
        self.transition_count += len(logs)
        with connection.cursor() as cursor:
            # What publication does: the entry points at its one live revision.
            # A correlated subquery rather than UPDATE ... FROM, so that it runs on SQLite too
            # (tests/offer/test_public_queries.py seeds with this class).
            cursor.execute(
                "UPDATE submissions_entry SET published_revision_id = (SELECT r.id FROM submissions_revision r "
                "WHERE r.entry_id = submissions_entry.id AND r.state = %s) WHERE published_revision_id IS NULL",
                [S.PUBLISHED])
        entries_search_document_refresh(entry_ids=[entry.pk for entry in entries])
        for entry in entries:
            entry.published_revision_id = published[entry.pk]
        return entries

    def updates_submit(self, entries, count) -> list[Revision]:
        """Updates of published entries sent to the council: waiting, in review or approved."""
        rng = self.rng
        chosen = rng.sample(entries, count)
        live = Revision.objects.in_bulk([entry.published_revision_id for entry in chosen])
        revisions = []
        for entry in chosen:
            current = live[entry.published_revision_id]
            state = rng.choices([S.SUBMITTED, S.IN_REVIEW, S.APPROVED], [6, 3, 1])[0]
            content = {field: getattr(current, field) for field in (
                "name", "provision_kind", "age_min_months", "age_max_months", "is_free", "cost_details",
                "in_person", "online", "at_home", "how_to_access", "contact_name", "contact_email",
                "contact_phone", "website", "address", "postcode", "latitude", "longitude", "by_appointment")}
            content["description"] = current.description + " " + rng.choice(SENTENCES)
            submitted = self.now - timedelta(days=rng.uniform(0, 20))
            revisions.append(Revision(
                entry=entry, number=current.number + 1, state=state, submitted_at=submitted,
                submitted_by_id=self.members[entry.provider_id][0],
                reviewer_id=rng.choice(self.moderators).pk if state != S.SUBMITTED else None,
                decided_at=submitted + timedelta(days=1) if state == S.APPROVED else None, **content))
        revisions = _in_batches(Revision, revisions)
        self._opening_times(revisions)
        needs = Revision.needs.through
        _in_batches(needs, [needs(revision_id=r.pk, taxonomyterm_id=t)
                            for r in revisions for t in rng.sample(self.needs, rng.randint(1, 4))], 5000)
        logs = []
        for revision in revisions:
            steps = [("submit", S.DRAFT, S.SUBMITTED)]
            if revision.state in (S.IN_REVIEW, S.APPROVED):
                steps.append(("start_review", S.SUBMITTED, S.IN_REVIEW))
            if revision.state == S.APPROVED:
                steps.append(("approve", S.IN_REVIEW, S.APPROVED))
            self._log(logs, revision, steps, revision.submitted_by_id, revision.reviewer_id, revision.submitted_at)
        _in_batches(TransitionLog, logs, 5000)
        self.transition_count += len(logs)
        return revisions

    def removals_request(self, entries, count):
        chosen = [entry.pk for entry in self.rng.sample(entries, count)]
        Entry.objects.filter(pk__in=chosen).update(
            removal_requested_at=self.now - timedelta(days=2), removal_reason="The service has closed.")

    # --- notifications -------------------------------------------------------------------

    def notifications_fill(self, entries, count):
        """Sent messages of every kind a review writes, to members and moderators; a few failed."""
        rng = self.rng
        kinds = [NotificationKind.SUBMITTED, NotificationKind.APPROVED, NotificationKind.PUBLISHED,
                 NotificationKind.CHANGES_REQUESTED, NotificationKind.REVIEW_REMINDER]
        rows = []
        for n in range(count):
            entry = rng.choice(entries)
            kind = rng.choice(kinds)
            recipient = (rng.choice(self.moderators).pk if kind == NotificationKind.SUBMITTED
                         else rng.choice(self.members[entry.provider_id]))
            status = NotificationStatus.FAILED if n % 1000 == 0 else NotificationStatus.SENT
            rows.append(Notification(
                kind=kind, subject_key=f"revision:{entry.published_revision_id}", cycle=f"transition:seed-{n}",
                recipient_id=recipient, email=f"user{recipient}@example.org",
                subject=f"Your entry is now on the Local Offer: entry {entry.pk}",
                body_text="Hello,\n\nYour entry has been reviewed by the Local Offer team. " * 6,
                body_html="<p>Hello,</p><p>Your entry has been reviewed by the Local Offer team.</p>" * 6,
                link=f"/portal/entries/{entry.pk}/", status=status, attempts=5 if status == "failed" else 1,
                sent_at=None if status == "failed" else self.now - timedelta(days=rng.uniform(0, 365))))
        _in_batches(Notification, rows, 5000)


@transaction.atomic
def county_seed(*, providers: int, entries: int, under_review: int, notifications: int) -> dict:
    county = County()
    all_providers = county.providers_fill(providers)
    published = county.entries_publish(all_providers, entries)
    county.updates_submit(published, under_review)
    county.removals_request(published, 20)
    county.notifications_fill(published, notifications)
    return {"providers": len(all_providers), "entries": len(published), "under_review": under_review,
            "notifications": notifications, "transitions": county.transition_count,
            "users": User.objects.count()}


@transaction.atomic
def entries_grow(*, to: int, seed: int) -> int:
    """More published entries (without transition history, which the reminder sweep never reads)
    until there are ``to`` on the Local Offer. Returns how many were added."""
    missing = to - Entry.objects.published().count()
    if missing <= 0:
        return 0
    county = County(seed=seed)
    for membership in Membership.objects.values_list("provider_id", "user_id"):
        county.members.setdefault(membership[0], []).append(membership[1])
    county.moderators = list(User.objects.filter(groups__name=MODERATORS_GROUP))
    providers = list(Provider.objects.filter(pk__in=county.members))
    for start in range(0, missing, 10_000):
        county.entries_publish(providers, min(10_000, missing - start), history=False)
    return missing
