"""The provider's forms: one per section of the task list (submissions.sections). Everything may
be left blank while a revision is a draft; what a submission needs is checked by the
completeness rules. Forms never save: each gives ``content()`` for the service to store."""

import re
import uuid

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify

from portal.formatting import PHONE_EXTENSION
from portal.forms import GDSForm, gov_uk_field
from submissions.models import EntryKind, Postcode, ProvisionKind, TaxonomyTerm, Vocabulary, Weekday
from submissions.postcodes import postcode_normalise
from submissions.rich_text import rich_text_clean
from submissions.sections import report_items_for

MAX_AGE_YEARS = 25
# Long enough for a school's whole SEN information report; a limit keeps pages and emails sane.
MAX_TEXT = 50_000
DELIVERY_CHOICES = [("in_person", "In person"), ("online", "Online or by phone"),
                    ("at_home", "At home")]
# GOV.UK asks for whole numbers in a text input with a numeric keypad, not <input type=number>.
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
RICH_HINT = ("You can use **bold**, lists (start each line with - ) and links like "
             "[our page](https://www.example.org.uk).")
EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"
PHONE_INVALID = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
# A number as people write it, in ASCII digits: a country code (with the (0) some write after
# it), an area code in brackets, digits with spaces or dashes; then an extension.
_PHONE = re.compile(r"(\+[0-9]{1,3} ?(\(0\) ?)?)?(\([0-9]+\) ?)?[0-9]([0-9 -]*[0-9])?", re.ASCII)


def validate_telephone(value):
    number = PHONE_EXTENSION.sub("", value.strip())
    digits = sum(character in "0123456789" for character in number)
    if not _PHONE.fullmatch(number) or not 3 <= digits <= 15:
        raise forms.ValidationError(PHONE_INVALID)


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, term):
        return term.name


def rich_field(label, *, hint="", rows=6):
    return forms.CharField(label=label, required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=f"{hint} {RICH_HINT}".strip(),
                           error_messages={"max_length": f"{label} must be {MAX_TEXT:,} characters or fewer"})


class SectionForm(GDSForm):
    """One section of an entry. ``fields`` of the model are read and written as they are unless a
    subclass says otherwise in ``initial_from`` and ``content``."""

    submit_label = "Save and continue"
    submit_button = False  # the section page draws "Save and continue" and "Save and return"
    rich_fields: tuple = ()

    def __init__(self, *args, revision, **kwargs):
        self.revision = revision
        self.provider = revision.entry.provider
        super().__init__(*args, **kwargs)

    def add_field(self, name, field):
        """A field that depends on the entry, with the same GOV.UK messages as the declared ones."""
        gov_uk_field(field)
        self.fields[name] = field
        return field

    @classmethod
    def initial_from(cls, revision) -> dict:
        return {name: getattr(revision, name) for name in cls.base_fields if hasattr(revision, name)}

    def clean(self):
        cleaned = super().clean()
        for name in self.rich_fields:
            if name in cleaned:
                cleaned[name] = rich_text_clean(cleaned[name])
        return cleaned

    def content(self) -> dict:
        return dict(self.cleaned_data)


def _clean_name(value):
    # One line: a name shows in page titles and email subjects.
    return " ".join(value.replace("\x00", "").split())


def _clean_postcode(value):
    raw = value.strip()
    if not raw:
        return ""
    postcode = postcode_normalise(raw)
    if postcode is None:
        raise forms.ValidationError("Enter a full UK postcode, like DH1 5UQ")
    if not Postcode.objects.filter(pk=postcode).exists():
        raise forms.ValidationError(f"Enter a real postcode. We could not find {postcode}")
    return postcode


def _need_choices(field):
    terms = list(TaxonomyTerm.objects.filter(vocabulary=Vocabulary.NEED).select_related("parent"))
    specific = [t for t in terms if t.parent_id is not None or not any(c.parent_id == t.pk for c in terms)]
    field.queryset = TaxonomyTerm.objects.filter(pk__in=[t.pk for t in specific])
    field.choices = [Choice(t.pk, t.name, hint=t.parent.name if t.parent else "") for t in specific]


# --- Service listing ---------------------------------------------------------------------------

class ServiceAboutForm(SectionForm):
    rich_fields = ("description",)

    name = forms.CharField(label="Name of the service", max_length=200,
                           error_messages={"required": "Enter the name of the service"})
    description = rich_field("Description", hint="What you offer and who it is for, in plain words.", rows=10)
    provision_kind = forms.ChoiceField(label="Kind of provision", required=False, widget=forms.RadioSelect,
                                       choices=ProvisionKind.choices)
    categories = TermChoiceField(label="What kind of service it is", required=False,
                                 queryset=TaxonomyTerm.objects.none(), widget=forms.CheckboxSelectMultiple,
                                 help_text="Select all that apply.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(TaxonomyTerm.objects.filter(vocabulary=Vocabulary.CATEGORY, parent__isnull=False)
                          .select_related("parent").order_by("parent__position", "position"))
        self.fields["categories"].queryset = TaxonomyTerm.objects.filter(pk__in=[t.pk for t in categories])
        self.fields["categories"].choices = [Choice(t.pk, t.name, hint=t.parent.name) for t in categories]

    @classmethod
    def initial_from(cls, revision):
        return {**super().initial_from(revision), "categories": [t.pk for t in revision.categories.all()]}

    def layout_fields(self):
        return [Field.text("name"), Field.textarea("description"), Field.radios("provision_kind", legend_size="s"),
                Field.checkboxes("categories", legend_size="s", small=True)]

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


def _age_field(label, unit, high):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=high, widget=NUMERIC,
        error_messages={"invalid": f"Enter the {unit} as a whole number",
                        "min_value": f"The {unit} must be 0 or more",
                        "max_value": f"The {unit} must be {high} or less"})


class AgesMixin:
    """Ages in years and months, stored in months, so that services for the under-twos are exact.
    "To 2 years" means up to the third birthday; "to 2 years 6 months" up to 2 years 7 months."""

    def add_age_fields(self, noun):
        self.add_field("age_from_years", _age_field("Years", "youngest age in years", MAX_AGE_YEARS))
        self.add_field("age_from_months", _age_field("Months", "youngest age's months", 11))
        self.add_field("age_to_years", _age_field("Years", "oldest age in years", MAX_AGE_YEARS))
        self.add_field("age_to_months", _age_field("Months", "oldest age's months", 11))
        self.age_noun = noun

    @staticmethod
    def age_initial(revision) -> dict:
        low, high = revision.age_min_months, revision.age_max_months
        return {
            "age_from_years": None if low is None else low // 12,
            "age_from_months": None if low is None or low % 12 == 0 else low % 12,
            "age_to_years": None if high is None else high // 12,
            "age_to_months": None if high is None or high % 12 == 11 else high % 12,
        }

    def age_layout(self):
        return [
            Fieldset(Field.text("age_from_years", field_width=3), Field.text("age_from_months", field_width=3),
                     legend=f"Youngest age {self.age_noun}", legend_size="s"),
            Fieldset(Field.text("age_to_years", field_width=3), Field.text("age_to_months", field_width=3),
                     legend=f"Oldest age {self.age_noun}", legend_size="s"),
        ]

    def clean_ages(self, cleaned):
        fy, fm = cleaned.get("age_from_years"), cleaned.get("age_from_months")
        ty, tm = cleaned.get("age_to_years"), cleaned.get("age_to_months")
        low = None if fy is None and fm is None else (fy or 0) * 12 + (fm or 0)
        high = None if ty is None and tm is None else (ty or 0) * 12 + (11 if tm is None else tm)
        if low is not None and high is not None and low > high:
            self.add_error("age_to_years", "The oldest age must be the same as or more than the youngest age")
        cleaned["age_min_months"], cleaned["age_max_months"] = low, high
        for name in ("age_from_years", "age_from_months", "age_to_years", "age_to_months"):
            cleaned.pop(name, None)
        return cleaned


class WhoForm(AgesMixin, SectionForm):
    rich_fields = ("eligibility",)

    needs = TermChoiceField(label="Needs you support", required=False, queryset=TaxonomyTerm.objects.none(),
                            widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.")
    eligibility = rich_field("Who can use it", hint="Any conditions, for example a diagnosis or a referral.",
                             rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _need_choices(self.fields["needs"])
        self.add_age_fields("(leave blank if there is no limit)")

    @classmethod
    def initial_from(cls, revision):
        return {"eligibility": revision.eligibility, "needs": [t.pk for t in revision.needs.all()],
                **cls.age_initial(revision)}

    def layout_fields(self):
        return [*self.age_layout(), Field.checkboxes("needs", legend_size="s", small=True),
                Field.textarea("eligibility")]

    def clean(self):
        return self.clean_ages(super().clean())


class AccessForm(SectionForm):
    rich_fields = ("how_to_access",)

    how_to_access = rich_field("How families can use it or be referred",
                               hint="Whether they can just turn up, how to book, who can refer them.")
    delivery = forms.MultipleChoiceField(label="How it is delivered", required=False,
                                         widget=forms.CheckboxSelectMultiple, choices=DELIVERY_CHOICES,
                                         help_text="Select all that apply.")
    area_served = forms.CharField(label="Area served (optional)", required=False, max_length=500,
                                  help_text="For example, all of County Durham, or Stanley and Consett.")
    languages = forms.CharField(label="Languages other than English (optional)", required=False, max_length=300,
                                help_text="Separate them with commas, for example British Sign Language, Polish.")

    @classmethod
    def initial_from(cls, revision):
        return {**super().initial_from(revision),
                "delivery": [mode for mode, _label in DELIVERY_CHOICES if getattr(revision, mode)]}

    def layout_fields(self):
        return [Field.textarea("how_to_access"), Field.checkboxes("delivery", legend_size="s", small=True),
                Field.text("area_served"), Field.text("languages")]

    def clean_languages(self):
        names = [" ".join(part.split()) for part in self.cleaned_data["languages"].split(",")]
        return ", ".join(name for name in names if name)

    def content(self):
        data = dict(self.cleaned_data)
        delivery = data.pop("delivery")
        return {**data, **{mode: mode in delivery for mode, _label in DELIVERY_CHOICES}}


class CostsForm(SectionForm):
    rich_fields = ("cost_details",)

    is_free = forms.TypedChoiceField(
        label="Is it free of charge?", required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes, it is free"), ("no", "No, there is a cost")],
        coerce=lambda value: value == "yes", empty_value=None)
    cost_details = rich_field("Costs", hint="What it costs and any help with costs. Leave blank if it is free.",
                              rows=3)

    @classmethod
    def initial_from(cls, revision):
        return {"is_free": "yes" if revision.is_free else ("no" if revision.cost_details else None),
                "cost_details": revision.cost_details}

    def layout_fields(self):
        return [Field.radios("is_free", legend_size="s", inline=True), Field.textarea("cost_details")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_free") is False and not cleaned.get("cost_details"):
            self.add_error("cost_details", "Enter what it costs")
        return cleaned

    def content(self):
        return {"is_free": bool(self.cleaned_data["is_free"]), "cost_details": self.cleaned_data["cost_details"]}


class ContactFieldsMixin:
    contact_fields = ("contact_name", "contact_email", "contact_phone", "website")

    def add_contact_fields(self, name_label):
        self.add_field("contact_name", forms.CharField(label=name_label, required=False, max_length=200))
        email = self.add_field("contact_email", forms.EmailField(label="Email address", required=False,
                                                                 error_messages={"invalid": EMAIL_INVALID}))
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        phone = self.add_field("contact_phone", forms.CharField(label="Telephone number", required=False,
                                                                max_length=40, validators=[validate_telephone]))
        # "tel" brings up a phone keypad; the GOV.UK pack sets the input's type from input_type.
        phone.widget.attrs.update({"autocomplete": "tel", "input_type": "tel"})
        self.add_field("website", forms.URLField(
            label="Website", required=False, max_length=500, assume_scheme="https",
            widget=forms.TextInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
            error_messages={"invalid": "Enter a website address in the correct format, like www.example.org.uk"}))

    @staticmethod
    def contact_initial(revision):
        return {name: getattr(revision, name) for name in ContactFieldsMixin.contact_fields}

    def contact_layout(self):
        return [Field.text("contact_name"), Field.text("contact_email"),
                Field.text("contact_phone", field_width=20), Field.text("website")]


class ContactForm(ContactFieldsMixin, SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_contact_fields("Contact name or role (optional)")
        # Unticked (and absent) means public: a form posted without the box publishes as before.
        self.add_field("contact_private", forms.BooleanField(
            label="Keep the name, email address and telephone number for the Local Offer team only",
            required=False,
            help_text="If you tick this, families see the website and your organisation's main telephone "
                      "number instead. The Local Offer team still uses these details to reach you."))

    @classmethod
    def initial_from(cls, revision):
        return {**cls.contact_initial(revision), "contact_private": revision.contact_private}

    def layout_fields(self):
        return [*self.contact_layout(), Field.checkbox("contact_private")]


class WhereWhenForm(SectionForm):
    rich_fields = ("accessibility",)

    address = forms.CharField(label="Address", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=16,
                               error_messages={"max_length": "Enter a full UK postcode, like DH1 5UQ"})
    accessibility = rich_field("Accessibility (optional)",
                               hint="Step-free access, parking, accessible toilets, hearing loops, quiet spaces.",
                               rows=4)
    by_appointment = forms.BooleanField(label="There are no set opening times: it is by appointment or arrangement",
                                        required=False)

    def layout_fields(self):
        return [Field.textarea("address"), Field.text("postcode", field_width=10), Field.textarea("accessibility"),
                Field.checkbox("by_appointment", small=True)]

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data["postcode"])


class DocumentMixin:
    """A PDF, checked on what it contains, not on its name. Editing other things keeps the file
    already there; a required file cannot be removed, only replaced."""

    document_required = False

    def add_document_fields(self, label, hint):
        self.add_field("document", forms.FileField(
            label=label, required=False, help_text=hint,
            widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "govuk-file-upload"}),
            error_messages={"empty": "The selected file is empty", "invalid": "Select a PDF file",
                            "missing": "Select a PDF file"}))
        self.document_label = label
        if self.revision.document:
            self.fields["document"].label = f"Replace the {label[:1].lower()}{label[1:]} (optional)"
            self.add_field("remove_document", forms.BooleanField(label="Remove the current file", required=False))

    def document_layout(self):
        layout = [Field("document")]
        if "remove_document" in self.fields:
            layout.append(Field.checkbox("remove_document", small=True))
        return layout

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is None or upload is False:
            return None
        if not isinstance(upload, UploadedFile):
            raise forms.ValidationError("Select a PDF file")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            megabytes = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The selected file must be smaller than {megabytes}MB")
        upload.seek(0)
        head = upload.read(1024)
        upload.seek(max(upload.size - 2048, 0))
        tail = upload.read()
        upload.seek(0)
        if not head.lstrip().startswith(b"%PDF-") or b"%%EOF" not in tail:
            raise forms.ValidationError("The selected file must be a PDF")
        stem = slugify(upload.name.rsplit(".", 1)[0])[:60] or "document"
        upload.name = f"{stem}-{uuid.uuid4().hex[:8]}.pdf"
        return upload

    def clean_remove_document(self):
        remove = self.cleaned_data.get("remove_document")
        if remove and self.document_required and not self.files.get("document"):
            raise forms.ValidationError(f"The {self.document_label[:1].lower()}{self.document_label[1:]} is needed. "
                                        "Upload a new one to replace it instead of removing it")
        return remove

    def document_content(self) -> dict:
        upload = self.cleaned_data.get("document")
        if upload:
            return {"document": upload}
        if self.cleaned_data.get("remove_document"):
            return {"document": ""}
        return {}


class ServiceDocumentForm(DocumentMixin, SectionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_document_fields("Leaflet or more information (PDF)", "A PDF, up to 10MB. Optional.")

    @classmethod
    def initial_from(cls, revision):
        return {}

    def layout_fields(self):
        return self.document_layout()

    def content(self):
        return self.document_content()


# --- SEN information report --------------------------------------------------------------------

class ReportItemsForm(SectionForm):
    """The statutory items of one section of a school's report, one text each."""

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = report_items_for(self.provider, section.report_items)
        for item in self.items:
            self.add_field(f"report_{item.key}", rich_field(item.title, hint=item.hint, rows=8))
        self.rich_fields = tuple(f"report_{item.key}" for item in self.items)

    @classmethod
    def initial_from(cls, revision):
        return {f"report_{key}": text for key, text in (revision.report or {}).items()}

    def layout_fields(self):
        return [Field.textarea(f"report_{item.key}", label_size="m") for item in self.items]

    def content(self):
        report = {key[len("report_"):]: value for key, value in self.cleaned_data.items()
                  if key.startswith("report_")}
        return {"report": report}


class ReportAboutForm(AgesMixin, ReportItemsForm):
    name = forms.CharField(label="Title of the report", max_length=200,
                           error_messages={"required": "Enter the title of the report"})
    description = rich_field("Summary (optional)", hint="A few lines for families about the school and its SEN "
                             "provision.", rows=4)
    needs = TermChoiceField(label="Needs the school provides for", required=False,
                            queryset=TaxonomyTerm.objects.none(), widget=forms.CheckboxSelectMultiple,
                            help_text="Select all that apply. Families search by these.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _need_choices(self.fields["needs"])
        self.add_age_fields("of pupils")
        self.rich_fields = (*self.rich_fields, "description")

    @classmethod
    def initial_from(cls, revision):
        return {**super().initial_from(revision), "name": revision.name, "description": revision.description,
                "needs": [t.pk for t in revision.needs.all()], **cls.age_initial(revision)}

    def layout_fields(self):
        return [Field.text("name"), Field.textarea("description"), *self.age_layout(),
                Field.checkboxes("needs", legend_size="s", small=True), *super().layout_fields()]

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])

    def clean(self):
        return self.clean_ages(super().clean())

    def content(self):
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("report_")}
        return {**data, **super().content()}


class ReportContactForm(ContactFieldsMixin, SectionForm):
    address = forms.CharField(label="School address", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(label="Postcode", required=False, max_length=16,
                               error_messages={"max_length": "Enter a full UK postcode, like DH1 5UQ"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_contact_fields("Name of the SENCO")

    @classmethod
    def initial_from(cls, revision):
        return {**cls.contact_initial(revision), "address": revision.address, "postcode": revision.postcode}

    def layout_fields(self):
        return [Fieldset(*self.contact_layout(), legend="The special educational needs co-ordinator (SENCO)",
                         legend_size="m"),
                Fieldset(Field.textarea("address"), Field.text("postcode", field_width=10),
                         legend="Where the school is", legend_size="m")]

    def clean_postcode(self):
        return _clean_postcode(self.cleaned_data["postcode"])


class ReportAccessibilityForm(DocumentMixin, ReportItemsForm):
    document_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_document_fields("Accessibility plan (PDF)", "A PDF, up to 10MB.")

    def layout_fields(self):
        return [*super().layout_fields(), *self.document_layout()]

    def content(self):
        return {**super().content(), **self.document_content()}


# --- Starting an entry and opening times -------------------------------------------------------

class EntryStartForm(GDSForm):
    submit_label = "Continue"

    kind = forms.ChoiceField(label="What do you want to add?", widget=forms.RadioSelect,
                             error_messages={"required": "Select what you want to add"})
    name = forms.CharField(label="Name", max_length=200, help_text="The name families will see. You can change it.",
                           error_messages={"required": "Enter a name"})

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            Choice(EntryKind.SERVICE, "A service", hint="Something families can use: a club, a clinic, advice, "
                                                        "short breaks, transport."),
            Choice(EntryKind.SEN_INFORMATION_REPORT, "The school's SEN information report",
                   hint="What every school and college must publish about its support for pupils with SEND."),
        ]

    def layout_fields(self):
        return [Field.radios("kind", legend_size="m"), Field.text("name")]

    def clean_name(self):
        return _clean_name(self.cleaned_data["name"])


class OpeningTimeForm(forms.Form):
    weekday = forms.TypedChoiceField(label="Day", choices=[("", "Choose a day"), *Weekday.choices], coerce=int,
                                     required=False, empty_value=None)
    opens = forms.TimeField(label="Opens", required=False, input_formats=["%H:%M", "%H.%M", "%H%M"],
                            widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric",
                                                                          "spellcheck": "false"}),
                            error_messages={"invalid": "Enter the opening time like 09:30"})
    closes = forms.TimeField(label="Closes", required=False, input_formats=["%H:%M", "%H.%M", "%H%M"],
                             widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric",
                                                                           "spellcheck": "false"}),
                             error_messages={"invalid": "Enter the closing time like 17:00"})
    DELETE = forms.BooleanField(label="Remove this session", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        day, opens, closes = cleaned.get("weekday"), cleaned.get("opens"), cleaned.get("closes")
        if day is None and "weekday" not in self.errors:
            self.add_error("weekday", "Select the day")
        if opens is None and "opens" not in self.errors:
            self.add_error("opens", "Enter the opening time like 09:30")
        if closes is None and "closes" not in self.errors:
            self.add_error("closes", "Enter the closing time like 17:00")
        if opens and closes and closes <= opens:
            self.add_error("closes", "The closing time must be after the opening time")
        return cleaned


class BaseOpeningTimeFormSet(forms.BaseFormSet):
    """Several sessions a day. Rows left empty are ignored; removed rows are dropped."""

    def __init__(self, *args, rows_required=False, **kwargs):
        self.rows_required = rows_required
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"empty_permitted": True}  # a row cleared of everything is simply not there

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            key = (data["weekday"], data["opens"])
            if key in seen:
                raise forms.ValidationError(
                    f"You have entered {Weekday(key[0]).label} at {key[1]:%H:%M} twice. Remove one of them")
            seen.add(key)
        if self.rows_required and not seen:
            raise forms.ValidationError("Add at least one opening time, or say the service is by appointment")

    def sessions(self) -> list[tuple[int, object, object]]:
        return sorted((f.cleaned_data["weekday"], f.cleaned_data["opens"], f.cleaned_data["closes"])
                      for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE"))


OpeningTimeFormSet = forms.formset_factory(OpeningTimeForm, formset=BaseOpeningTimeFormSet, extra=0,
                                           max_num=42, validate_max=True, can_delete=False)


def opening_times_initial(revision) -> list[dict]:
    return [{"weekday": t.weekday, "opens": t.opens, "closes": t.closes} for t in revision.opening_times.all()]
