from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from portal.models import MembershipRole, User


def gov_uk_messages(field):
    """Django's stock messages ("Ensure this value has at most 200 characters") in GOV.UK words,
    unless the form already gave its own."""
    name = (field.label or "This").replace(" (optional)", "").lower()
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


# The GOV.UK pack styles errors only on its own widget classes: other HTML input types are drawn
# as a TextInput told its type, so that a wrong email address is outlined in red like the rest.
_INPUT_TYPES = {forms.EmailInput: "email", forms.URLInput: "url", forms.NumberInput: "number"}


def gov_uk_field(field):
    """A field as every portal form shows it: GOV.UK messages, and a widget the pack styles."""
    gov_uk_messages(field)
    input_type = _INPUT_TYPES.get(type(field.widget))
    if input_type:
        field.widget = forms.TextInput(attrs={**field.widget.attrs, "input_type": input_type})


class GDSFormMixin:
    """Owns the FormHelper and the one submit button of every form in the portal.

    Subclasses give ``submit_label`` and ``layout_fields()``; errors show in the GOV.UK error
    summary at the top of the page, so the form itself does not repeat them.
    """

    submit_label = "Continue"
    # False where the page draws its own buttons (more than one, or after other form parts).
    submit_button = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            gov_uk_field(field)

    def layout_fields(self):
        return list(self.fields)

    def build_helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # each page's <form> carries its own token
        helper.label_size = "s"
        helper.legend_size = "s"
        buttons = [Button("submit", self.submit_label, **{"data-prevent-double-click": "true"})]
        helper.layout = Layout(*self.layout_fields(), *(buttons if self.submit_button else []))
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


class InviteForm(GDSForm):
    submit_label = "Send invitation"

    email = forms.EmailField(
        label="Email address", help_text="They will get a link that works once, for 7 days.",
        error_messages={"required": "Enter the email address of the person to invite",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    role = forms.ChoiceField(
        label="Role", widget=forms.RadioSelect, initial=MembershipRole.EDITOR,
        choices=[(MembershipRole.EDITOR, "Editor: can update and submit entries"),
                 (MembershipRole.OWNER, "Owner: can also invite and remove colleagues")],
        error_messages={"required": "Select a role"},
    )


class AcceptInvitationForm(GDSForm):
    """A new person accepting an invitation chooses their password."""

    submit_label = "Create account"

    first_name = forms.CharField(label="First name", max_length=150,
                                 error_messages={"required": "Enter your first name"})
    last_name = forms.CharField(label="Last name", max_length=150,
                                error_messages={"required": "Enter your last name"})
    password1 = forms.CharField(label="Create a password", widget=forms.PasswordInput,
                                help_text="At least 8 characters. Not a common password.",
                                error_messages={"required": "Create a password"})
    password2 = forms.CharField(label="Confirm your password", widget=forms.PasswordInput,
                                error_messages={"required": "Confirm your password"})

    def __init__(self, *args, email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, first_name=cleaned.get("first_name", ""),
                                last_name=cleaned.get("last_name", "")))
            except forms.ValidationError as problems:
                self.add_error("password1", problems)
        return cleaned


class GDSPasswordResetForm(GDSFormMixin, PasswordResetForm):
    submit_label = "Send me a link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update({
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com"})


class GDSSetPasswordForm(GDSFormMixin, SetPasswordForm):
    submit_label = "Save password"


class TwoFactorForm(GDSForm):
    submit_label = "Continue"

    code = forms.CharField(
        label="Code from your authenticator app", max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "spellcheck": "false"}),
        help_text="The 6-digit code it shows now.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits the app shows, like 123456")
        return code
