from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from kaketoe.audit import rules
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.forms import case_number

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The log holds nothing before Kaketoe existed; the bounds also keep "a day later" computable.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)
IN_RANGE = [
    MinValueValidator(FIRST_DAY, _("Enter a date from 1 January 2000 on.")),
    MaxValueValidator(LAST_DAY, _("Enter a date before the year 3000.")),
]


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
    since = forms.DateField(label=_("From"), required=False, widget=DATE, validators=IN_RANGE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE, validators=IN_RANGE)

    def clean_case(self):
        text = self.cleaned_data["case"]
        return case_number(text) if text.strip() else None

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period is before its start."))
        return data


class ErasureRequestForm(forms.Form):
    """Erasure on request: the case by its number, and who asked on what ground."""

    case = forms.CharField(
        label=_("Case number"), max_length=20, help_text=_("For example KKT-000012 or 12.")
    )
    reason = forms.CharField(
        label=_("Who asked for the erasure, when, how, and on what ground?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: the mother, by letter of 3 March, withdraws her consent (GDPR art. "
            "17(1)(b)). Name the person by their role in the family, not by name: this record "
            "stays after the erasure."
        ),
    )

    def clean_case(self):
        return case_number(self.cleaned_data["case"])

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        refusal = rules.reason_refusal(reason)
        if refusal:
            raise forms.ValidationError(refusal)
        return reason.strip()


class ErasureDecisionForm(forms.Form):
    """The second privacy officer's decision: approve (and erase now) or reject, with a note."""

    APPROVE, REJECT = "approve", "reject"

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))]
    )
    note = forms.CharField(
        label=_("Note on the decision"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject: the requester answers the data subject with it."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I checked the case number, the ground and what will be erased. The erasure cannot "
            "be undone."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.APPROVE and not data.get("confirm"):
            self.add_error("confirm", _("Confirm that you checked what will be erased."))
        if data.get("decision") == self.REJECT:
            refusal = rules.rejection_note_refusal(data.get("note", ""))
            if refusal:
                self.add_error("note", refusal)
        return data
