"""Forms for the consent ledger and the handover; the model's clean() holds the invariants."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kaketoe import uploads
from kaketoe.accounts.models import Organisation
from kaketoe.cases.forms import DATE, GroupedFieldsMixin
from kaketoe.cases.models import Family
from kaketoe.consent.models import DECIDERS, ConsentEntry, Decision

TEXT = forms.Textarea(attrs={"rows": 3})


def partner_organisations():
    return Organisation.objects.filter(kind=Organisation.Kind.PARTNER_ABROAD).order_by("name")


class _EntryForm(GroupedFieldsMixin, forms.ModelForm):
    """An entry of `family`'s ledger, decided by one of its parents or guardians."""

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.family = family
        self.fields["given_by"].queryset = family.members.filter(relation__in=DECIDERS)
        self.fields["given_by"].empty_label = None
        self.fields["recorded_on"].widget = DATE
        for name in ("scope", "child_assent"):
            if name in self.fields:
                self.fields[name].widget = TEXT


class ConsentForm(_EntryForm):
    fieldsets = [
        (_("What"), ["purpose", "organisation", "scope", "expires_on"]),
        (_("Decision"), ["decision", "given_by", "recorded_on", "how", "interpreter_language"]),
        (_("The children"), ["child_assent"]),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.GIVEN, Decision.GIVEN.label),
            (Decision.REFUSED, Decision.REFUSED.label),
        ],
    )

    class Meta:
        model = ConsentEntry
        fields = [
            "purpose",
            "organisation",
            "scope",
            "expires_on",
            "decision",
            "given_by",
            "recorded_on",
            "how",
            "interpreter_language",
            "child_assent",
        ]
        widgets = {"expires_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()


class WithdrawalForm(_EntryForm):
    fieldsets = [
        (_("Withdrawal"), ["given_by", "recorded_on", "how", "interpreter_language"]),
        (_("The children"), ["child_assent"]),
    ]

    class Meta:
        model = ConsentEntry
        fields = ["given_by", "recorded_on", "how", "interpreter_language", "child_assent"]
        labels = {"recorded_on": _("Date of the withdrawal")}

    def __init__(self, *args, consent: ConsentEntry, **kwargs):
        super().__init__(*args, family=consent.family, **kwargs)
        self.instance.purpose, self.instance.organisation = consent.purpose, consent.organisation
        self.instance.decision = Decision.WITHDRAWN


class HandoverForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partner_organisations()


class ScanForm(forms.Form):
    """A scan of the signed paper form; `cleaned_data["scan"]` is an uploads.CheckedFile."""

    scan = forms.FileField(
        label=_("Scan of the signed form"),
        allow_empty_file=True,  # uploads.check says so, in the same words as the other refusals
        widget=forms.FileInput(attrs={"accept": ",".join(uploads.CONTENT_TYPES)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = _("A PDF, JPEG or PNG file of at most %(size)s.") % {
            "size": filesizeformat(uploads.max_bytes())
        }

    def clean_scan(self) -> uploads.CheckedFile:
        return uploads.check_upload(self.cleaned_data["scan"])
