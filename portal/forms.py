from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm


def _gov_uk_messages(field):
    """Django's stock messages ("Ensure this value has at most 200 characters") in GOV.UK words,
    unless the form already gave its own."""
    name = (field.label or "This").lower()
    defaults = {
        "max_length": f"{field.label or 'This'} must be {getattr(field, 'max_length', 0) or 0:,} "
                      "characters or fewer",
        "invalid_choice": f"Select {name} from the list",
        "invalid_pk_value": f"Select {name} from the list",
        "null_characters_not_allowed": f"Remove the unusual characters from {name}",
    }
    stock = {**forms.Field.default_error_messages, **type(field).default_error_messages}
    for code, message in defaults.items():
        if field.error_messages.get(code) in (None, stock.get(code)):
            field.error_messages[code] = message


class GDSFormMixin:
    """Owns the FormHelper and the one submit button of every form in the portal.

    Subclasses give ``submit_label`` and ``layout_fields()``; errors show in the GOV.UK error
    summary at the top of the page, so the form itself does not repeat them.
    """

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _gov_uk_messages(field)

    def layout_fields(self):
        return list(self.fields)

    def build_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # each page's <form> carries its own token
        helper.label_size = "s"
        helper.legend_size = "s"
        helper.layout = Layout(*self.layout_fields(),
                               Button("submit", self.submit_label, **{"data-prevent-double-click": "true"}))
        return helper

    @property
    def helper(self):
        if not hasattr(self, "_helper"):
            self._helper = self.build_helper()
        return self._helper


class GDSForm(GDSFormMixin, forms.Form):
    pass


class SignInForm(GDSFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Ask your Local Offer team for help.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        # Addresses are stored in lower case; people type them any way.
        return self.cleaned_data["username"].strip().lower()
