from django import forms

from portal.forms import GDSForm
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
        error_messages={"invalid": "Enter the number of days as a whole number",
                        "min_value": "Enter a number of days of 1 or more",
                        "max_value": "Enter a number of days of 3650 or fewer"},
    )
    mine = forms.BooleanField(label="Only revisions I have taken", required=False)


class ActionForm(forms.Form):
    """What every review action posts: the state the page showed, and an optional reason."""

    expected_state = forms.ChoiceField(choices=RevisionState.choices)
    comment = forms.CharField(required=False, max_length=5000)
