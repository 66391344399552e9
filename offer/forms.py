from crispy_forms_gds.layout import HTML, Field
from django import forms
from django.db import models

from offer.models import FeedbackAbout
from portal.forms import GDSForm
from portal.models import ProviderKind
from submissions.models import Postcode, TaxonomyTerm, Vocabulary
from submissions.postcodes import postcode_normalise

MILES = [(1, "1 mile"), (3, "3 miles"), (5, "5 miles"), (10, "10 miles"), (25, "25 miles")]
DEFAULT_MILES = 5
DELIVERY = [("in_person", "In person"), ("online", "Online or by phone"), ("at_home", "At home")]
K = ProviderKind
# What parents look for, not how schools are governed: each choice covers one or more kinds.
PROVIDER_GROUPS = {
    "mainstream_school": ("Mainstream school or academy", [
        K.COMMUNITY_SCHOOL, K.FOUNDATION_SCHOOL, K.VOLUNTARY_AIDED_SCHOOL, K.VOLUNTARY_CONTROLLED_SCHOOL,
        K.ACADEMY, K.FREE_SCHOOL, K.SCHOOL, K.INDEPENDENT_SCHOOL]),
    "special_school": ("Special school", [K.SPECIAL_SCHOOL]),
    "alternative_provision": ("Pupil referral unit or alternative provision", [K.ALTERNATIVE_PROVISION]),
    "early_years": ("Nursery or early years setting", [K.NURSERY_SCHOOL, K.EARLY_YEARS]),
    "college": ("College or post-16 provider", [K.FE_COLLEGE, K.SPECIALIST_POST_16, K.OTHER_EDUCATION]),
    "health": ("NHS, GP or health service", [K.HEALTH_SERVICE, K.GP_PRACTICE]),
    "social_care": ("Social care", [K.SOCIAL_CARE]),
    "council_service": ("Council service", [K.COUNCIL_SERVICE]),
    "voluntary_group": ("Voluntary or community group", [K.VOLUNTARY_GROUP]),
}
AGE_ERRORS = {"invalid": "Enter an age as a whole number of years, like 7",
              "min_value": "Enter an age of 0 or more", "max_value": "Enter an age of 25 or less"}


class SearchForm(GDSForm):
    """The public search. Every field is optional; a bad value gets a message, never an error page."""

    submit_label = "Search"

    q = forms.CharField(label="Search for", required=False, max_length=200)
    postcode = forms.CharField(label="Near postcode", required=False, max_length=16,
                               help_text="A full postcode like DH1 5UQ, or the first half like DH1")
    miles = forms.TypedChoiceField(label="Within", required=False, choices=MILES, coerce=int,
                                   empty_value=DEFAULT_MILES, initial=DEFAULT_MILES,
                                   error_messages={"invalid_choice": "Select a distance from the list"})
    need = forms.ChoiceField(label="Need", required=False)
    category = forms.ChoiceField(label="Kind of service", required=False)
    kind = forms.ChoiceField(label="Kind of provider", required=False,
                             choices=[("", "Any")] + [(code, label) for code, (label, _) in PROVIDER_GROUPS.items()])
    age_from = forms.IntegerField(label="Age from", required=False, min_value=0, max_value=25,
                                  error_messages=AGE_ERRORS,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    age_to = forms.IntegerField(label="Age to", required=False, min_value=0, max_value=25,
                                error_messages=AGE_ERRORS,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    free = forms.BooleanField(label="Free of charge only", required=False)
    delivery = forms.ChoiceField(label="How it is delivered", required=False,
                                 choices=[("", "Any way")] + DELIVERY)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # A NUL byte is never part of a real search (and PostgreSQL refuses it): drop it.
            data = data.copy()
            for key in data:
                data.setlist(key, [value.replace("\x00", "") for value in data.getlist(key)])
            # A link with a postcode but no distance searches the default distance, and the
            # "Within" box must show that distance, not its first choice.
            if not data.get("miles"):
                data["miles"] = str(DEFAULT_MILES)
        super().__init__(data, *args, **kwargs)
        self.fields["need"].choices = [("", "Any need")] + self._term_choices(Vocabulary.NEED)
        self.fields["category"].choices = [("", "Any kind")] + self._term_choices(Vocabulary.CATEGORY)

    @staticmethod
    def _term_choices(vocabulary):
        terms = TaxonomyTerm.objects.filter(vocabulary=vocabulary).select_related("parent")
        return [(t.code, f"{t.parent.name}: {t.name}" if t.parent else t.name) for t in terms]

    # On a phone the filters would push the results a screen down: the words and the place stay
    # in view, the rest fold into "More filters", open when one of them is in use.
    MAIN_FIELDS = ("q", "postcode", "miles")

    def layout_fields(self):
        refined = [name for name in self.fields if name not in self.MAIN_FIELDS]
        in_use = self.is_bound and any(self.data.get(name) for name in refined)
        return [
            *self.MAIN_FIELDS,
            HTML(f'<details class="govuk-details"{" open" if in_use else ""}>'
                 '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
                 'More filters</span></summary><div class="govuk-details__text">'),
            *refined,
            HTML("</div></details>"),
        ]

    def clean_kind(self):
        """The kinds of provider the chosen group covers (empty for any)."""
        group = self.cleaned_data["kind"]
        return list(PROVIDER_GROUPS[group][1]) if group else []

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].replace("\x00", " ").split())

    def clean_postcode(self):
        raw = "".join(self.cleaned_data["postcode"].replace("\x00", "").split()).upper()
        if not raw:
            return None
        full = postcode_normalise(raw)
        if full:
            centre = Postcode.objects.filter(pk=full).values_list("latitude", "longitude").first()
            if centre is None:
                raise forms.ValidationError(f"We could not find the postcode {full}. Check it, or use a postcode "
                                            "in or near County Durham")
            return full, centre
        if 2 <= len(raw) <= 4 and raw[0].isalpha() and any(c.isdigit() for c in raw):
            # An outward code alone, like DH1: the middle of its postcodes.
            centre = Postcode.objects.filter(postcode__startswith=f"{raw} ").aggregate(
                latitude=models.Avg("latitude"), longitude=models.Avg("longitude"))
            if centre["latitude"] is None:
                raise forms.ValidationError(f"We could not find the area {raw}. Check it, or use an area "
                                            "in or near County Durham")
            return raw, (centre["latitude"], centre["longitude"])
        raise forms.ValidationError("Enter a real postcode, like DH1 5UQ, or the first half, like DH1")

    def clean(self):
        cleaned = super().clean()
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", "The second age must be the same as or more than the first")
        return cleaned



FEEDBACK_MAX_CHARACTERS = 3000


class FeedbackForm(GDSForm):
    """Public feedback on the Local Offer. ``website`` is a trap for robots: people never see it."""

    submit_label = "Send feedback"

    about = forms.ChoiceField(
        label="What is your feedback about?", widget=forms.RadioSelect,
        choices=[(FeedbackAbout.LOCAL_OFFER, FeedbackAbout.LOCAL_OFFER.label),
                 (FeedbackAbout.MISSING, "Support or a service that is missing from the Local Offer")],
        error_messages={"required": "Select what your feedback is about",
                        "invalid_choice": "Select what your feedback is about"})
    message = forms.CharField(
        label="Your feedback", widget=forms.Textarea(attrs={"rows": 8}), max_length=FEEDBACK_MAX_CHARACTERS,
        help_text="Do not include personal details such as a child's name or date of birth.",
        error_messages={"required": "Enter your feedback",
                        "max_length": f"Feedback must be {FEEDBACK_MAX_CHARACTERS:,} characters or less"})
    name = forms.CharField(label="Your name (optional)", required=False, max_length=200,
                           error_messages={"max_length": "Your name must be 200 characters or less"})
    email = forms.EmailField(
        label="Your email address (optional)", required=False, max_length=254,
        help_text="Only if you would like a reply. We will not share it.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"})
    website = forms.CharField(required=False)

    def __init__(self, *args, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is not None:
            del self.fields["about"]
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    def layout_fields(self):
        fields = [Field.radios("about")] if "about" in self.fields else []
        return [*fields, Field.textarea("message", max_characters=FEEDBACK_MAX_CHARACTERS), "name", "email"]

    def clean_message(self):
        message = self.cleaned_data["message"].replace("\x00", "").strip()
        if not message:
            raise forms.ValidationError("Enter your feedback")
        return message

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].replace("\x00", "").split())

    @property
    def is_robot(self):
        return bool(self.data.get("website"))


class FeedbackResponseForm(GDSForm):
    submit_label = "Save response"

    you_said = forms.CharField(
        label="You said", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="Sum up the feedback in your own words. Leave out names and anything else that could "
                  "identify a child, a family or a member of staff.",
        error_messages={"max_length": "What they said must be 2,000 characters or less"})
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="The council's response and what it did, or will do, about it.",
        error_messages={"required": "Enter the council's response",
                        "max_length": "The response must be 2,000 characters or less"})
    publish = forms.TypedChoiceField(
        label="Publish this on the You said, we did page?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, publish it"), ("no", "No, keep it private")],
        error_messages={"required": "Select whether to publish the response"})
    version = forms.IntegerField(widget=forms.HiddenInput)

    def layout_fields(self):
        return [Field.textarea("you_said"), Field.textarea("we_did"), Field.radios("publish", inline=True),
                "version"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish") and not cleaned.get("you_said", "").strip():
            self.add_error("you_said", "Enter what they said, to publish the response")
        return cleaned
