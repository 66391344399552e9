"""Demo accounts and entries for a first run on a developer's machine. The entries go through
the real services and the real review workflow; the text is ours, written for the demo."""

from dataclasses import dataclass
from datetime import time, timedelta

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from offer.models import Feedback, FeedbackAbout
from portal.models import MembershipRole, Provider, User
from portal.roles import ADMINS_GROUP, MODERATORS_GROUP
from portal.services import membership_create, user_add_to_council_group, user_create
from submissions.models import Entry, EntryKind, ProvisionKind, TaxonomyTerm, Vocabulary
from submissions.sections import report_items_for
from submissions.services import entry_create
from workflow.services import revision_transition

DEMO_PASSWORD = "local-offer-demo"


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    providers: tuple[str, ...] = ()  # URN or ODS code
    group: str = ""


DEMO_USERS = [
    DemoUser("senco@example.org", "Sam", "Senco", "School SENCO for Villa Real School and "
             "Durham Trinity School", providers=("114345", "114349")),
    DemoUser("nhs.manager@example.org", "Nia", "Manager", "NHS service manager for School Nursing",
             providers=("Y04267",)),
    DemoUser("moderator@example.org", "Morgan", "Moderator", "Council Local Offer moderator",
             group=MODERATORS_GROUP),
    DemoUser("admin@example.org", "Alex", "Admin", "Council Local Offer admin (providers, taxonomies, "
             "the review policy in /admin/)", group=ADMINS_GROUP),
]

_DEMO_NOTE = ("This is a demonstration entry, written for trying out the portal. The provider's "
              "own information is on its website.")

DEMO_ENTRIES = [
    {
        "provider": "114345", "by": "senco@example.org", "publish": True,
        "kind": EntryKind.SEN_INFORMATION_REPORT,
        "content": {
            "name": "Villa Real School: SEN information report",
            "description": "Villa Real School is a special school in Consett.\n\n" + _DEMO_NOTE,
            "provision_kind": ProvisionKind.EDUCATION, "age_min_months": 2 * 12,
            "age_max_months": 19 * 12 + 11,
            "needs": ("SLD", "PMLD", "ASD"),
            "categories": ("learning-difficulties-and-disabilities",), "is_free": True, "in_person": True,
            "how_to_access": "Places are agreed through an education, health and care plan. "
                             "Contact the school to arrange a visit.",
            "contact_name": "SENCO",
        },
    },
    {
        "provider": "114349", "by": "senco@example.org", "publish": True,
        "kind": EntryKind.SEN_INFORMATION_REPORT,
        "content": {
            "name": "Durham Trinity School: SEN information report",
            "description": "Durham Trinity School is a special school in Durham.\n\n" + _DEMO_NOTE,
            "provision_kind": ProvisionKind.EDUCATION, "age_min_months": 2 * 12,
            "age_max_months": 19 * 12 + 11,
            "needs": ("MLD", "SLD", "ASD", "SLCN"),
            "categories": ("learning-difficulties-and-disabilities", "autistic-spectrum-disorder-asd"),
            "is_free": True, "in_person": True,
            "how_to_access": "Places are agreed through an education, health and care plan. "
                             "Contact the school to arrange a visit.",
            "contact_name": "SENCO",
        },
    },
    {
        "provider": "Y04267", "by": "nhs.manager@example.org", "publish": True,
        "kind": EntryKind.SERVICE,
        "content": {
            "name": "School nursing for children with additional health needs",
            "description": "School nurses support children and young people with long-term "
                           "health conditions and disabilities at school, working with families "
                           "and school staff on health care plans.\n\n" + _DEMO_NOTE,
            "provision_kind": ProvisionKind.HEALTH, "age_min_months": 5 * 12,
            "age_max_months": 19 * 12 + 11,
            "needs": ("PD", "MSI", "OTH"),
            "categories": ("public-health-services", "physical-disabilities"), "is_free": True,
            "in_person": True, "at_home": True,
            "how_to_access": "Families, schools and professionals can refer. Ask your child's "
                             "school to contact the school nursing team.",
            "contact_name": "School nursing team",
            "opening_times": [(day, time(8, 30), time(16, 30)) for day in range(5)],
        },
    },
    {
        "provider": "114345", "by": "senco@example.org", "publish": False,
        "kind": EntryKind.SERVICE,
        "content": {
            "name": "Villa Real School: transition visits for new pupils",
            "description": "Visits for children and families before a child starts at the "
                           "school.\n\n" + _DEMO_NOTE,
            "provision_kind": ProvisionKind.EDUCATION, "age_min_months": 2 * 12,
            "age_max_months": 19 * 12 + 11,
            "needs": ("SLD", "PMLD"),
            "categories": ("learning-difficulties-and-disabilities",), "is_free": True, "in_person": True,
            "how_to_access": "Contact the school office to arrange a visit.",
            "contact_name": "School office", "by_appointment": True,
        },
    },
]


def _demo_report_text(provider, item):
    return (f"This demonstration entry does not hold {provider.name}'s own words on this item. "
            f"{item.hint or item.title + '.'} The school's full SEN information report is on its website, "
            "and the school office can answer questions about it.")


def demo_pdf_bytes(title: str) -> bytes:
    """A small, valid one-page PDF saying ``title``: the demo's stand-in for a real document."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _provider(reference):
    return Provider.objects.get(urn=reference) if reference.isdigit() else Provider.objects.get(
        ods_code=reference)


def demo_users_ensure() -> list[tuple[DemoUser, bool]]:
    results = []
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        created = user is None
        if created:
            user = user_create(email=demo.email, password=DEMO_PASSWORD,
                               first_name=demo.first_name, last_name=demo.last_name)
        if demo.group and not user.groups.filter(name=demo.group).exists():
            user_add_to_council_group(user=user, group_name=demo.group)
        for reference in demo.providers:
            membership_create(user=user, provider=_provider(reference), role=MembershipRole.OWNER)
        results.append((demo, created))
    return results


def demo_entries_ensure() -> int:
    """Create and, where asked, publish the demo entries. Providers that have entries already
    are left alone, so a second run changes nothing."""
    moderator = User.objects.filter(groups__in=Group.objects.filter(name=MODERATORS_GROUP)).first()
    needs = {t.code: t for t in TaxonomyTerm.objects.filter(vocabulary=Vocabulary.NEED)}
    categories = {t.code: t for t in TaxonomyTerm.objects.filter(vocabulary=Vocabulary.CATEGORY)}
    created = 0
    for spec in DEMO_ENTRIES:
        provider = _provider(spec["provider"])
        content = dict(spec["content"])
        if provider.entries.filter(revisions__name=content["name"]).exists():
            continue
        author = User.objects.get(email=spec["by"])
        content["needs"] = [needs[code] for code in content["needs"]]
        content["categories"] = [categories[code] for code in content.get("categories", ())]
        content.setdefault("contact_email", author.email)
        content.setdefault("contact_phone", provider.telephone)  # from the register, where it has one
        content["postcode"] = provider.postcode
        content["address"] = provider.address or provider.town
        if spec["kind"] == EntryKind.SEN_INFORMATION_REPORT:
            content["report"] = {item.key: _demo_report_text(provider, item) for item in report_items_for(provider)}
            content["document"] = ContentFile(demo_pdf_bytes(f"{provider.name}: accessibility plan"),
                                              name="accessibility-plan.pdf")
        entry = entry_create(provider=provider, user=author, content=content, kind=spec["kind"])
        revision = entry.revisions.get()
        revision_transition(revision_id=revision.pk, action="submit", user=author)
        if spec["publish"]:
            for action in ("start_review", "approve", "publish"):
                revision_transition(revision_id=revision.pk, action=action, user=moderator)
        created += 1
    if created:
        _bring_a_review_near()
    return created


def _bring_a_review_near():
    """So that the reminders page has something to show on a first run: the demo pretends the
    school nursing entry was last confirmed 340 days ago (its review falls due in 25 days)."""
    from notifications.policy import review_due_from

    entry = Entry.objects.filter(provider__ods_code="Y04267").exclude(published_revision=None).first()
    if entry is not None:
        confirmed = timezone.now() - timedelta(days=340)
        Entry.objects.filter(pk=entry.pk).update(last_confirmed_at=confirmed,
                                                 review_due=review_due_from(confirmed))


DEMO_FEEDBACK = {
    "message": "I could not find any holiday activities for my son, who uses a wheelchair.",
    "you_said": "It was hard to find holiday activities for children who use a wheelchair.",
    "we_did": "We asked the holiday activities providers in the county to say on their entries how "
              "they support children with physical disabilities, and added a kind of service you can "
              "search for.",
}


def demo_feedback_ensure() -> bool:
    """One piece of feedback with a published response, so that "You said, we did" is not empty
    on a first run. It goes through the same services as real feedback."""
    from offer.services import feedback_create, feedback_respond

    if Feedback.objects.exists():
        return False
    moderator = User.objects.filter(groups__in=Group.objects.filter(name=MODERATORS_GROUP)).first()
    feedback = feedback_create(about=FeedbackAbout.MISSING, message=DEMO_FEEDBACK["message"],
                               sender_address="demo")
    feedback_respond(feedback_id=feedback.pk, user=moderator, you_said=DEMO_FEEDBACK["you_said"],
                     we_did=DEMO_FEEDBACK["we_did"], publish=True, expected_version=feedback.version)
    return True
