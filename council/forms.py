"""The filters of the council's lists. Every field is optional; a bad value gets a GOV.UK
message above the list, never an error page."""

from datetime import date

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from council.selectors import ARCHIVED, REVIEW_FILTERS, WAITING_BANDS, waiting_over_flag
from council.sufficiency import AGE_BANDS, ALL_AGES
from portal.forms import GDSForm
from portal.models import ProviderKind
from workflow.machine import RevisionState

FIRST_YEAR = 2020


class EntryFilterForm(GDSForm):
    submit_label = "Filter"

    state = forms.ChoiceField(label="State of the newest version", required=False,
                              choices=[("", "Any state")] + RevisionState.choices
                              + [(ARCHIVED, "Taken off the Local Offer")])
    kind = forms.ChoiceField(label="Kind of provider", required=False,
                             choices=[("", "Any kind")] + ProviderKind.choices)
    review = forms.ChoiceField(label="Annual review", required=False,
                               choices=[("", "Any")] + list(REVIEW_FILTERS.items()))
    live = forms.BooleanField(label="Only entries on the Local Offer", required=False)
    missing = forms.BooleanField(label="Only entries missing information the Local Offer needs",
                                 required=False)

    def layout_fields(self):
        return [Field.select("state"), Field.select("kind"), Field.select("review"),
                Field.checkbox("live"), Field.checkbox("missing")]


class WaitingFilterForm(GDSForm):
    submit_label = "Filter"

    waited = forms.ChoiceField(label="Waited", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waited"].choices = [("", "Any time")] + [
            (band.key, band.label) for band in [*WAITING_BANDS, waiting_over_flag()]]

    def layout_fields(self):
        return [Field.select("waited")]


class MonthForm(GDSForm):
    submit_label = "Show"

    month = forms.DateField(
        label="Month published", required=False, input_formats=["%Y-%m"],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="For example, 2026-03",
        error_messages={"invalid": "Enter a month as year and month, like 2026-03"},
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is None:
            return None
        if not date(FIRST_YEAR, 1, 1) <= month <= timezone.localdate():
            raise forms.ValidationError(f"Enter a month between January {FIRST_YEAR} and this month")
        return month

    def layout_fields(self):
        return [Field.text("month", field_width=10)]


class AgeBandForm(GDSForm):
    submit_label = "Show"

    age = forms.ChoiceField(label="Ages", required=False,
                            choices=[(ALL_AGES.slug, ALL_AGES.label)] + [(b.slug, b.label) for b in AGE_BANDS])

    def layout_fields(self):
        return [Field.select("age")]


class ReportYearForm(GDSForm):
    submit_label = "Show"

    year = forms.IntegerField(
        label="Year", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="The report covers 1 January to 31 December, or to today for this year",
        error_messages={"invalid": "Enter the year as a number, like 2026"},
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"Enter a year between {FIRST_YEAR} and {timezone.localdate().year}")
        return year

    def layout_fields(self):
        return [Field.text("year", field_width=4)]
