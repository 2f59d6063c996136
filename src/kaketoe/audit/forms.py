from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.audit.models import AuditEvent

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    case = forms.CharField(
        label=_("Case number"), required=False, help_text=_("For example KKT-000012 or 12.")
    )
    user = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions"))] + AuditEvent.Action.choices,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def clean_case(self):
        raw = self.cleaned_data["case"].strip().upper().removeprefix("KKT-")
        if not raw:
            return None
        if not raw.isdigit():
            raise forms.ValidationError(_("Enter a case number such as KKT-000012."))
        return int(raw)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period is before its start."))
        return data
