from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from kaketoe.accounts import services
from kaketoe.accounts.models import Organisation, Role
from kaketoe.audit.services import Action, client_ip, record


class PasswordStepForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeStepForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        # Six digits from the app, or one of the user's recovery codes (eight letters and digits).
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",
        help_text=_("Lost your phone? Enter one of your recovery codes instead."),
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().lower()


class NewColleagueForm(forms.Form):
    username = forms.SlugField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    sees_all_organisation_cases = forms.BooleanField(
        label=_("Team lead: sees every case a colleague of this organisation is on"), required=False
    )

    def clean_username(self):
        username = self.cleaned_data["username"].lower()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is already taken."))
        return username


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    sees_all_organisation_cases = forms.BooleanField(
        label=_("Team lead: sees every case a colleague of this organisation is on"), required=False
    )


class OrganisationSettingsForm(forms.ModelForm):
    """The organisation's own settings; the country only for a partner organisation abroad."""

    class Meta:
        model = Organisation
        fields = ["name", "country", "contact_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_abroad_partner:
            del self.fields["country"]


class ResetRequestForm(PasswordResetForm):
    """Asks for the e-mail address; the answer is the same whether an account has it or not."""

    email = forms.EmailField(
        label=_("Your work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, *, request, **kwargs):
        email = self.cleaned_data["email"]
        if not services.reset_allowed(email, client_ip(request)):
            record(request, Action.LOGIN_FAILED, detail="password reset: too many requests")
            return
        for user in self.get_users(email):
            record(request, Action.CHANGE, user=user, detail="password reset link sent")
        super().save(request=request, **kwargs)
