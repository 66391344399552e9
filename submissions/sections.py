"""What each kind of entry asks for, section by section: the task list, the completeness rules and
the rows that show an entry's content, declared once.

A school's SEN information report follows the SEND Regulations 2014, Schedule 1 (items 1 to 13,
checked against legislation.gov.uk, uksi/2014/1530/schedule/1), and section 69(3)(b) of the
Children and Families Act 2014 (the accessibility information every school report must also give).
A service listing follows the service fields of Open Referral UK (HSDS UK profile v3).
"""

from dataclasses import dataclass, field

from django.urls import reverse

from portal.formatting import age_range_text
from portal.models import ProviderKind
from submissions.models import EntryKind

# A report item with fewer words than this is flagged to moderators as thin.
THIN_WORDS = 30


@dataclass(frozen=True)
class ReportItem:
    key: str
    title: str
    hint: str
    source: str
    mainstream_only: bool = False


REPORT_ITEMS = (
    ReportItem("kinds_of_sen", "The kinds of special educational needs the school provides for",
               "For example communication and interaction, cognition and learning, social, emotional and "
               "mental health, sensory or physical needs.", "Schedule 1, paragraph 1"),
    ReportItem("identifying_needs", "How the school identifies and assesses pupils' needs",
               "How you find out that a pupil may have special educational needs, and how you assess them.",
               "Schedule 1, paragraph 2", mainstream_only=True),
    ReportItem("evaluating_provision", "How the school checks its provision works",
               "How you evaluate the effectiveness of what you provide.", "Schedule 1, paragraph 3(a)"),
    ReportItem("assessing_progress", "Assessing and reviewing pupils' progress",
               "How and how often you assess and review the progress of pupils with SEN.",
               "Schedule 1, paragraph 3(b)"),
    ReportItem("approach_to_teaching", "The school's approach to teaching pupils with SEN", "",
               "Schedule 1, paragraph 3(c)"),
    ReportItem("adapting_curriculum", "Adapting the curriculum and learning environment", "",
               "Schedule 1, paragraph 3(d)"),
    ReportItem("additional_support", "Additional support for learning",
               "For example small-group work, one-to-one support or specialist teaching.",
               "Schedule 1, paragraph 3(e)"),
    ReportItem("activities_with_peers", "Joining in school activities with other pupils",
               "How pupils with SEN take part in all the school's activities, including physical activities "
               "and trips, together with other pupils.", "Schedule 1, paragraph 3(f)"),
    ReportItem("wellbeing", "Emotional, mental and social development",
               "The support available for pupils' emotional, mental and social development.",
               "Schedule 1, paragraph 3(g)"),
    ReportItem("staff_expertise", "Staff expertise and training",
               "The training and expertise of your staff, and how you get specialist expertise when needed.",
               "Schedule 1, paragraph 5"),
    ReportItem("equipment", "Equipment and facilities",
               "How you secure equipment and facilities to support pupils with SEN.", "Schedule 1, paragraph 6"),
    ReportItem("involving_parents", "Consulting and involving parents",
               "How you consult parents and carers and involve them in their child's education.",
               "Schedule 1, paragraph 7"),
    ReportItem("involving_young_people", "Consulting and involving pupils",
               "How you consult pupils with SEN and involve them in their education.", "Schedule 1, paragraph 8"),
    ReportItem("complaints", "Complaints",
               "How parents can complain about the SEN provision, and what happens next.",
               "Schedule 1, paragraph 9"),
    ReportItem("other_bodies", "Working with health, social care and other services",
               "How the governing body involves health and social care services, local authority support "
               "services and voluntary organisations in meeting pupils' needs and supporting their families.",
               "Schedule 1, paragraph 10"),
    ReportItem("parent_support_services", "Support services for parents",
               "Contact details of support services for parents, including the SEND information, advice and "
               "support service.", "Schedule 1, paragraph 11"),
    ReportItem("transitions", "Moving on and preparing for adulthood",
               "How you support pupils moving between phases of education, and preparing for adulthood and "
               "independent living.", "Schedule 1, paragraph 12"),
    ReportItem("local_offer", "Where the Local Offer is published",
               "Where families can find the local authority's Local Offer.", "Schedule 1, paragraph 13"),
    ReportItem("admission_of_disabled_pupils", "Admitting disabled pupils",
               "Your arrangements for the admission of disabled pupils.",
               "Children and Families Act 2014, section 69(3)(b)(i)"),
    ReportItem("equal_treatment", "Preventing less favourable treatment",
               "The steps you take to prevent disabled pupils being treated less favourably than other pupils.",
               "Children and Families Act 2014, section 69(3)(b)(ii)"),
    ReportItem("access_facilities", "Facilities for disabled pupils",
               "The facilities that help disabled pupils get into and around the school.",
               "Children and Families Act 2014, section 69(3)(b)(iii)"),
    ReportItem("accessibility_plan", "The accessibility plan",
               "A summary of your accessibility plan (Equality Act 2010, Schedule 10). Upload the plan itself "
               "below.", "Children and Families Act 2014, section 69(3)(b)(iv)"),
)
REPORT_ITEMS_BY_KEY = {item.key: item for item in REPORT_ITEMS}
# Schedule 1's paragraphs 2 and 4 are for mainstream schools and maintained nursery schools.
NOT_MAINSTREAM = {ProviderKind.SPECIAL_SCHOOL, ProviderKind.SPECIALIST_POST_16}


def is_mainstream(provider) -> bool:
    return provider.kind not in NOT_MAINSTREAM


@dataclass(frozen=True)
class Missing:
    """A required item that is not there: the form field that supplies it, in GOV.UK wording."""

    section: str
    field: str
    message: str
    revision_id: int | None = None

    @property
    def url(self):
        return reverse("submissions:revision_section", args=[self.revision_id, self.section]) + f"#id_{self.field}"


@dataclass(frozen=True)
class Row:
    """One line of an entry's content as people read it. ``kind`` says how to show ``value``."""

    label: str
    value: object
    field: str
    kind: str = "text"  # text, rich, list, email, link, document, times

    @property
    def compared(self) -> str:
        """The value as text, for telling what changed between two revisions."""
        if self.kind in ("list", "times"):
            return "\n".join(str(v) for v in self.value)
        if self.kind == "document":
            return self.value.name.rsplit("/", 1)[-1] if self.value else ""
        return str(self.value or "")


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    form: str  # the name of its form class in submissions.forms
    report_items: tuple = ()
    optional: bool = False
    fields: tuple = field(default=())

    def form_class(self):
        from submissions import forms

        return getattr(forms, self.form)


SERVICE_SECTIONS = (
    Section("about", "About the service", "ServiceAboutForm",
            fields=("name", "description", "provision_kind", "categories")),
    Section("who", "Who it is for", "WhoForm", fields=("ages", "needs", "eligibility")),
    Section("access", "How to use it", "AccessForm", fields=("how_to_access", "delivery", "area_served", "languages")),
    Section("costs", "Costs", "CostsForm", fields=("is_free", "cost_details")),
    Section("contact", "Contact details", "ContactForm",
            fields=("contact_name", "contact_email", "contact_phone", "website", "contact_private")),
    Section("where", "Where and when", "WhereWhenForm",
            fields=("address", "postcode", "accessibility", "opening_times")),
    Section("document", "Leaflet or more information", "ServiceDocumentForm", optional=True, fields=("document",)),
)

REPORT_SECTIONS = (
    Section("about", "About the report", "ReportAboutForm",
            report_items=("kinds_of_sen",), fields=("name", "description", "ages", "needs")),
    Section("identifying", "Identifying and assessing needs", "ReportItemsForm", report_items=("identifying_needs",)),
    Section("provision", "The school's provision", "ReportItemsForm", report_items=(
        "evaluating_provision", "assessing_progress", "approach_to_teaching", "adapting_curriculum",
        "additional_support", "activities_with_peers", "wellbeing")),
    Section("contact", "The SENCO and the school", "ReportContactForm",
            fields=("contact_name", "contact_email", "contact_phone", "website", "address", "postcode")),
    Section("staff", "Staff, equipment and facilities", "ReportItemsForm",
            report_items=("staff_expertise", "equipment")),
    Section("families", "Parents, pupils and complaints", "ReportItemsForm",
            report_items=("involving_parents", "involving_young_people", "complaints")),
    Section("partners", "Other services and support for parents", "ReportItemsForm",
            report_items=("other_bodies", "parent_support_services")),
    Section("transitions", "Moving on and the Local Offer", "ReportItemsForm",
            report_items=("transitions", "local_offer")),
    Section("accessibility", "Accessibility", "ReportAccessibilityForm", report_items=(
        "admission_of_disabled_pupils", "equal_treatment", "access_facilities", "accessibility_plan"),
        fields=("document",)),
)


def sections_for(kind) -> tuple[Section, ...]:
    return REPORT_SECTIONS if kind == EntryKind.SEN_INFORMATION_REPORT else SERVICE_SECTIONS


def sections_for_entry(entry) -> tuple[Section, ...]:
    """The entry's sections, less any whose every item its provider is not asked for (a special
    school has no "Identifying and assessing needs" section: that item is for mainstream schools)."""
    return tuple(section for section in sections_for(entry.kind)
                 if section.fields or report_items_for(entry.provider, section.report_items))


def section_get(entry, slug) -> Section | None:
    return next((s for s in sections_for_entry(entry) if s.slug == slug), None)


def report_items_for(provider, keys=None):
    items = [REPORT_ITEMS_BY_KEY[k] for k in keys] if keys is not None else list(REPORT_ITEMS)
    return [item for item in items if is_mainstream(provider) or not item.mainstream_only]


# --- What must be there ------------------------------------------------------------------------

def _has_needs(revision) -> bool:
    return revision.pk is not None and revision.needs.exists()


def _service_missing(revision) -> list[tuple[str, str, str]]:
    missing = []
    if not revision.name.strip():
        missing.append(("about", "name", "Enter the name of the service"))
    if not revision.description.strip():
        missing.append(("about", "description", "Enter a description of what you offer"))
    if not revision.provision_kind:
        missing.append(("about", "provision_kind", "Select the kind of provision"))
    if not _has_needs(revision):
        missing.append(("who", "needs", "Select at least one need that you support"))
    if not revision.how_to_access.strip():
        missing.append(("access", "how_to_access", "Enter how families can use or be referred to it"))
    if not revision.delivery_modes:
        missing.append(("access", "delivery", "Select how the service is delivered"))
    if not (revision.is_free or revision.cost_details.strip()):
        missing.append(("costs", "is_free", "Say whether it is free, or enter what it costs"))
    if not (revision.contact_email or revision.contact_phone):
        missing.append(("contact", "contact_email", "Enter an email address or a telephone number"))
    elif revision.contact_private and not (revision.website or revision.entry.provider.telephone):
        missing.append(("contact", "website", "Enter a website, or let families see the email address or "
                                              "telephone number: otherwise they cannot contact you"))
    if not revision.postcode:
        missing.append(("where", "postcode", "Enter the postcode"))
    if revision.in_person and not revision.by_appointment and not _has_opening_times(revision):
        missing.append(("where", "opening_times",
                        "Add the opening times, or say the service is by appointment"))
    return missing


def _has_opening_times(revision) -> bool:
    return revision.pk is not None and revision.opening_times.exists()


def _report_missing(revision) -> list[tuple[str, str, str]]:
    provider = revision.entry.provider
    missing = []
    if not revision.name.strip():
        missing.append(("about", "name", "Enter the name of the report"))
    if not _has_needs(revision):
        missing.append(("about", "needs", "Select at least one kind of need the school provides for"))
    item_sections = {key: s.slug for s in REPORT_SECTIONS for key in s.report_items}
    for item in report_items_for(provider):
        if not (revision.report or {}).get(item.key, "").strip():
            missing.append((item_sections[item.key], f"report_{item.key}", f"Enter {_lower_first(item.title)}"))
    if is_mainstream(provider):
        if not revision.contact_name.strip():
            missing.append(("contact", "contact_name", "Enter the name of the SENCO"))
        if not (revision.contact_email or revision.contact_phone):
            missing.append(("contact", "contact_email", "Enter the SENCO's email address or telephone number"))
    if not revision.postcode:
        missing.append(("contact", "postcode", "Enter the school's postcode"))
    if not revision.document:
        missing.append(("accessibility", "document", "Upload the accessibility plan as a PDF"))
    return missing


def _lower_first(text: str) -> str:
    keep = text.startswith(("SEN", "The Local Offer"))
    return text if keep else text[:1].lower() + text[1:]


def revision_missing(revision) -> list[Missing]:
    """Everything the entry must still say before it can be submitted, in task-list order."""
    found = (_report_missing(revision) if revision.entry.kind == EntryKind.SEN_INFORMATION_REPORT
             else _service_missing(revision))
    order = {s.slug: n for n, s in enumerate(sections_for(revision.entry.kind))}
    found.sort(key=lambda item: order[item[0]])
    return [Missing(section, field_name, message, revision.pk) for section, field_name, message in found]


def report_item_states(revision) -> list[tuple[ReportItem, str, int]]:
    """For moderators: each statutory item of a school's report as given, thin or missing."""
    states = []
    for item in report_items_for(revision.entry.provider):
        words = len((revision.report or {}).get(item.key, "").split())
        states.append((item, "missing" if not words else "thin" if words < THIN_WORDS else "given", words))
    return states


# --- The task list -----------------------------------------------------------------------------

NOT_STARTED, IN_PROGRESS, COMPLETED, OPTIONAL = "Not started", "In progress", "Completed", "Optional"
# Fields that always read as something (a choice with a default): they do not start a section.
SETTINGS_NOT_ANSWERS = {"contact_private"}


def section_statuses(revision) -> list[tuple[Section, str, list[Missing]]]:
    missing = revision_missing(revision)
    rows_by_field = {row.field: row for row in revision_rows(revision)}
    statuses = []
    for section in sections_for_entry(revision.entry):
        own = [m for m in missing if m.section == section.slug]
        fields = [f for f in section.fields if f not in SETTINGS_NOT_ANSWERS]
        fields += [f"report_{key}" for key in section.report_items]
        started = any(rows_by_field[f].compared for f in fields if f in rows_by_field)
        if own:
            status = IN_PROGRESS if started else NOT_STARTED
        elif section.optional and not started:
            status = OPTIONAL
        else:
            status = COMPLETED
        statuses.append((section, status, own))
    return statuses


# --- How the content reads ---------------------------------------------------------------------

def _names(terms) -> list[str]:
    return [t.name for t in terms]


def revision_content_snapshot(revision) -> dict[str, str]:
    """The revision's content as text, row by row, to compare with later."""
    return {row.field: row.compared for row in revision_rows(revision)}


def revision_rows(revision) -> list[Row]:
    """The content of a revision, row by row, in the order of its sections."""
    return [row for _section, rows in revision_rows_by_section(revision) for row in rows]


def revision_rows_by_section(revision) -> list[tuple[Section, list[Row]]]:
    r = revision
    times = [str(t) for t in r.opening_times.all()] if r.pk else []
    if r.by_appointment:
        times = ["By appointment", *times]
    common = {
        "name": Row("Name", r.name, "name"),
        "description": Row("Description" if r.entry.kind == EntryKind.SERVICE else "Summary", r.description,
                           "description", "rich"),
        "provision_kind": Row("Kind of provision", r.get_provision_kind_display(), "provision_kind"),
        "categories": Row("Kind of service", _names(r.categories.all()) if r.pk else [], "categories", "list"),
        "ages": Row("Ages", age_range_text(r.age_min_months, r.age_max_months), "ages"),
        "needs": Row("Needs supported", _names(r.needs.all()) if r.pk else [], "needs", "list"),
        "eligibility": Row("Who can use it", r.eligibility, "eligibility", "rich"),
        "how_to_access": Row("How to use it or be referred", r.how_to_access, "how_to_access", "rich"),
        "delivery": Row("How it is delivered", r.delivery_modes, "delivery", "list"),
        "area_served": Row("Area served", r.area_served, "area_served"),
        "languages": Row("Languages", r.languages, "languages"),
        "is_free": Row("Cost", "Free" if r.is_free else ("" if not r.cost_details else "There is a cost"),
                       "is_free"),
        "cost_details": Row("What it costs", r.cost_details, "cost_details", "rich"),
        "contact_name": Row("Contact name or role" if r.entry.kind == EntryKind.SERVICE else "SENCO",
                            r.contact_name, "contact_name"),
        "contact_email": Row("Email address", r.contact_email, "contact_email", "email"),
        "contact_phone": Row("Telephone number", r.contact_phone, "contact_phone"),
        "website": Row("Website", r.website, "website", "link"),
        "contact_private": Row("Who sees the name, email and telephone",
                               "The Local Offer team only" if r.contact_private
                               else "Families and the Local Offer team", "contact_private"),
        "address": Row("Address", r.address, "address"),
        "postcode": Row("Postcode", r.postcode, "postcode"),
        "accessibility": Row("Accessibility", r.accessibility, "accessibility", "rich"),
        "opening_times": Row("Opening times", times, "opening_times", "times"),
        "document": Row("Accessibility plan (PDF)" if r.entry.kind == EntryKind.SEN_INFORMATION_REPORT
                        else "Leaflet (PDF)", r.document, "document", "document"),
    }
    provider = r.entry.provider
    result = []
    for section in sections_for_entry(r.entry):
        rows = [common[f] for f in section.fields if f != "document"]
        rows += [Row(item.title, (r.report or {}).get(item.key, ""), f"report_{item.key}", "rich")
                 for item in report_items_for(provider, section.report_items)]
        if "document" in section.fields:
            rows.append(common["document"])
        result.append((section, rows))
    return result
