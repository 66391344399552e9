from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset
from django import forms

from portal.forms import GDSForm
from submissions.models import Postcode, ProvisionKind, TaxonomyTerm, Vocabulary
from submissions.postcodes import postcode_normalise

MAX_AGE_YEARS = 25
# Long enough for a school's whole SEN information report; a limit keeps pages and emails sane.
MAX_TEXT = 50_000
DELIVERY_CHOICES = [("in_person", "In person"), ("online", "Online or by phone"),
                    ("at_home", "At home")]
# GOV.UK asks for whole numbers in a text input with a numeric keypad, not <input type=number>.
NUMERIC = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, term):
        return term.name


class RevisionForm(GDSForm):
    """The content of an entry. Everything may be left blank while it is a draft; what a
    submission needs is checked by the completeness rules."""

    submit_label = "Save and continue"

    name = forms.CharField(label="Name of the service", max_length=200,
                           error_messages={"required": "Enter the name of the service"})
    description = forms.CharField(
        label="Description", required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What you offer and who it is for, in plain words.",
    )
    provision_kind = forms.ChoiceField(
        label="Kind of provision", required=False, widget=forms.RadioSelect,
        choices=ProvisionKind.choices,
    )
    age_from = forms.IntegerField(
        label="From age", required=False, min_value=0, max_value=MAX_AGE_YEARS, widget=NUMERIC,
        help_text="In years. Leave blank if there is no lower age limit.",
        error_messages={"invalid": "Enter the youngest age as a whole number of years",
                        "min_value": "The youngest age must be 0 or more",
                        "max_value": f"The youngest age must be {MAX_AGE_YEARS} or less"},
    )
    age_to = forms.IntegerField(
        label="To age", required=False, min_value=0, max_value=MAX_AGE_YEARS, widget=NUMERIC,
        help_text="In years. Leave blank if there is no upper age limit up to 25.",
        error_messages={"invalid": "Enter the oldest age as a whole number of years",
                        "min_value": "The oldest age must be 0 or more",
                        "max_value": f"The oldest age must be {MAX_AGE_YEARS} or less"},
    )
    needs = NeedChoiceField(
        label="Needs you support", required=False, queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )
    categories = NeedChoiceField(
        label="What kind of service it is", required=False, queryset=TaxonomyTerm.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply.",
    )
    delivery = forms.MultipleChoiceField(
        label="How it is delivered", required=False, widget=forms.CheckboxSelectMultiple,
        choices=DELIVERY_CHOICES, help_text="Select all that apply.",
    )
    is_free = forms.TypedChoiceField(
        label="Is it free of charge?", required=False, widget=forms.RadioSelect,
        choices=[("yes", "Yes, it is free"), ("no", "No, there is a cost")],
        coerce=lambda value: value == "yes", empty_value=False,
    )
    cost_details = forms.CharField(
        label="Costs", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What it costs and any help with costs. Leave blank if it is free.",
    )
    how_to_access = forms.CharField(
        label="How families can use it or be referred", required=False, max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_name = forms.CharField(label="Contact name or role", required=False, max_length=200)
    contact_email = forms.EmailField(
        label="Email address", required=False,
        error_messages={"invalid": "Enter an email address in the correct format, "
                                   "like name@example.com"},
    )
    contact_phone = forms.CharField(label="Telephone number", required=False, max_length=40)
    website = forms.URLField(
        label="Website", required=False, max_length=500, assume_scheme="https",
        widget=forms.TextInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
        error_messages={"invalid": "Enter a website address in the correct format, "
                                   "like www.example.org.uk"},
    )
    address = forms.CharField(label="Address", required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    postcode = forms.CharField(
        label="Postcode", required=False, max_length=16,
        error_messages={"max_length": "Enter a full UK postcode, like DH1 5UQ"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = TaxonomyTerm.objects.filter(vocabulary=Vocabulary.NEED).select_related("parent")
        specific = [t for t in terms if t.parent_id is not None or not any(
            c.parent_id == t.pk for c in terms)]
        self.fields["needs"].queryset = TaxonomyTerm.objects.filter(pk__in=[t.pk for t in specific])
        self.fields["needs"].choices = [
            Choice(t.pk, t.name, hint=t.parent.name if t.parent else "") for t in specific
        ]
        # Service categories: the subcategories, each with its group as a hint.
        categories = list(TaxonomyTerm.objects.filter(vocabulary=Vocabulary.CATEGORY, parent__isnull=False)
                          .select_related("parent").order_by("parent__position", "position"))
        self.fields["categories"].queryset = TaxonomyTerm.objects.filter(pk__in=[t.pk for t in categories])
        self.fields["categories"].choices = [Choice(t.pk, t.name, hint=t.parent.name) for t in categories]

    def layout_fields(self):
        return [
            Field.text("name"),
            Field.textarea("description"),
            Field.radios("provision_kind", legend_size="s"),
            Fieldset(Field.text("age_from", field_width=3), Field.text("age_to", field_width=3),
                     legend="Ages", legend_size="s"),
            Field.checkboxes("needs", legend_size="s", small=True),
            Field.checkboxes("categories", legend_size="s", small=True),
            Field.checkboxes("delivery", legend_size="s", small=True),
            Field.radios("is_free", legend_size="s", inline=True),
            Field.textarea("cost_details"),
            Field.textarea("how_to_access"),
            Fieldset(Field.text("contact_name"), Field.text("contact_email"),
                     Field.text("contact_phone", field_width=20), Field.text("website"),
                     legend="Contact details", legend_size="m"),
            Fieldset(Field.textarea("address"), Field.text("postcode", field_width=10),
                     legend="Where it is", legend_size="m"),
        ]

    def clean_name(self):
        # One line: a name shows in page titles and email subjects.
        return " ".join(self.cleaned_data["name"].split())

    def clean_postcode(self):
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return ""
        postcode = postcode_normalise(raw)
        if postcode is None:
            raise forms.ValidationError("Enter a full UK postcode, like DH1 5UQ")
        if not Postcode.objects.filter(pk=postcode).exists():
            raise forms.ValidationError("Enter a real postcode. We could not find "
                                        f"{postcode}")
        return postcode

    def clean(self):
        cleaned = super().clean()
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", "The oldest age must be the same as or more than the "
                                     "youngest age")
        return cleaned

    def content(self) -> dict:
        """The cleaned data in the shape the revision stores (ages in months)."""
        data = dict(self.cleaned_data)
        delivery = data.pop("delivery")
        for mode, _label in DELIVERY_CHOICES:
            data[mode] = mode in delivery
        age_from, age_to = data.pop("age_from"), data.pop("age_to")
        data["age_min_months"] = None if age_from is None else age_from * 12
        # "To age 18" means up to the 19th birthday.
        data["age_max_months"] = None if age_to is None else age_to * 12 + 11
        return data

    @classmethod
    def initial_from(cls, revision) -> dict:
        initial = {field: getattr(revision, field) for field in (
            "name", "description", "provision_kind", "how_to_access", "contact_name",
            "contact_email", "contact_phone", "website", "address", "postcode", "cost_details")}
        initial["is_free"] = "yes" if revision.is_free else "no"
        initial["delivery"] = [mode for mode, _label in DELIVERY_CHOICES if getattr(revision, mode)]
        initial["categories"] = [t.pk for t in revision.categories.all()]
        initial["age_from"] = (None if revision.age_min_months is None
                               else revision.age_min_months // 12)
        initial["age_to"] = (None if revision.age_max_months is None
                             else revision.age_max_months // 12)
        initial["needs"] = [t.pk for t in revision.needs.all()]
        return initial
