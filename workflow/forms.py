from datetime import datetime

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from portal.forms import GDSForm
from portal.models import ProviderKind
from workflow.machine import RevisionState
from workflow.selectors import QUEUE_STATES


class QueueFilterForm(GDSForm):
    submit_label = "Filter"

    state = forms.ChoiceField(
        label="State", required=False,
        choices=[("", "All waiting")] + [(s, RevisionState(s).label) for s in QUEUE_STATES],
    )
    waiting_days = forms.IntegerField(
        label="Waiting at least (days)", required=False, min_value=1, max_value=3650,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the number of days as a whole number",
                        "min_value": "Enter a number of days of 1 or more",
                        "max_value": "Enter a number of days of 3650 or fewer"},
    )
    provider_kind = forms.ChoiceField(label="Kind of provider", required=False,
                                      choices=[("", "All kinds")] + ProviderKind.choices)
    mine = forms.BooleanField(label="Only revisions I have taken", required=False)

    def layout_fields(self):
        return [Field.select("state"), Field.select("provider_kind"),
                Field.text("waiting_days", field_width=3), Field.checkbox("mine")]


class ReasonForm(GDSForm):
    """Why an entry should come off the Local Offer (or stay on it)."""

    submit_label = "Send"

    reason = forms.CharField(
        label="Reason", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a reason",
                        "max_length": "The reason must be 5,000 characters or fewer",
                        "null_characters_not_allowed": "Remove the unusual characters from the reason"},
    )


class ActionForm(forms.Form):
    """What every review action posts: the state the page showed, and an optional reason."""

    expected_state = forms.ChoiceField(choices=RevisionState.choices)
    # The revision's history as the page showed it: if anything happened since, the person
    # acted on content they have not seen.
    expected_version = forms.IntegerField(min_value=0, required=False)
    comment = forms.CharField(
        required=False, max_length=20_000,
        error_messages={"max_length": "The reason must be 20,000 characters or fewer",
                        "null_characters_not_allowed": "Remove the unusual characters from the reason"},
    )

    def __init__(self, *args, sections=(), **kwargs):
        """``sections``: those a request for changes may add a note to, one box each."""
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[f"note-{section.slug}"] = forms.CharField(
                required=False, max_length=5000,
                error_messages={"max_length": f"The note on ‘{section.title}’ must be 5,000 characters or fewer",
                                "null_characters_not_allowed": f"Remove the unusual characters from the note "
                                                               f"on ‘{section.title}’"})

    def notes(self) -> dict[str, str]:
        return {section.slug: self.cleaned_data.get(f"note-{section.slug}", "") for section in self.sections}

    def notes_typed(self) -> dict[str, str]:
        """What was typed in each note's box, to show again when the request is refused."""
        return {section.slug: self.data.get(f"note-{section.slug}", "").replace("\x00", "")
                for section in self.sections}


class ScheduleForm(GDSForm):
    """When to publish an approved revision, in UK local time."""

    submit_label = "Publish at this time"

    publish_date = forms.DateField(
        label="Date", input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="For example, 27/3/2027",
        error_messages={"required": "Enter the date to publish it",
                        "invalid": "Enter a real date, like 27/3/2027"},
    )
    publish_time = forms.TimeField(
        label="Time", input_formats=["%H:%M"], widget=forms.TimeInput(attrs={"type": "time"},
                                                                     format="%H:%M"),
        help_text="24-hour clock, for example 09:00",
        error_messages={"required": "Enter the time to publish it",
                        "invalid": "Enter a time on the 24-hour clock, like 09:00"},
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("publish_date"), cleaned.get("publish_time")
        if day and time:
            when = timezone.make_aware(datetime.combine(day, time))
            if when <= timezone.now():
                self.add_error("publish_date", "The date and time must be in the future")
            cleaned["publish_at"] = when
        return cleaned
