from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.toolkit import rules
from kaketoe.toolkit.models import ChildLanguage, ChildSession, FarewellMessage, Kit, Preference

FACT_LABELS = {
    rules.FACT_COUNTRY: _("Country of return"),
    rules.FACT_CITY: _("City or town of return"),
    rules.FACT_MONTH: _("Month of departure"),
    rules.FACT_MET_BY: _("Who will meet the family (write it below)"),
    rules.FACT_PARTNER: _("The partner organisation's name"),
    rules.FACT_SCHOOL: _("The new school"),
}
PREFERENCE_CHOICES = [(rules.NOT_ASKED, _("Not asked")), *Preference.choices]


class StartForm(forms.Form):
    kit = forms.ChoiceField(label=_("Kit"), choices=Kit.choices)
    language = forms.ChoiceField(
        label=_("The child's language"),
        choices=ChildLanguage.choices,
        help_text=_("The child can change it on the tablet."),
    )
    pin = forms.CharField(
        label=_("PIN to leave child mode"),
        help_text=_(
            "Four to eight digits, not easy to guess (not 0000, 1234 or 2580). You need it to "
            "get back to Kaketoe; the child must not see it."
        ),
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 8}
        ),
    )
    pin_again = forms.CharField(
        label=_("PIN again"),
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 8}
        ),
    )

    shown_facts = forms.MultipleChoiceField(
        label=_("The information pages may show the child"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what is certain and what the parents agree the child may hear. Nothing else "
            "from the case appears in child mode."
        ),
    )
    met_by = forms.CharField(
        label=_("Who will meet the family"),
        max_length=200,
        required=False,
        help_text=_("As the child may hear it, for example 'your uncle Aram'."),
    )
    talk_with = forms.ChoiceField(
        label=_("The child would rather talk with"), choices=PREFERENCE_CHOICES, required=False
    )
    interpreter_preference = forms.ChoiceField(
        label=_("The child would rather have as interpreter"),
        choices=PREFERENCE_CHOICES,
        required=False,
    )
    parents_informed_on = forms.DateField(
        label=_("Parents informed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date the parents were told how and when their child takes part."),
    )
    start_anyway = forms.BooleanField(
        label=_("Start anyway, although the parents have not been informed"), required=False
    )
    start_anyway_reason = forms.CharField(
        label=_("Why start now"),
        max_length=500,
        required=False,
        help_text=_("Recorded with the session and in the audit log."),
    )

    def __init__(self, *args, known: dict | None = None, first_session: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        known = known or {}
        self.first_session = first_session
        self.fields["shown_facts"].choices = [
            (
                fact,
                f"{FACT_LABELS[fact]}: {known[fact]}"
                if known.get(fact)
                else f"{FACT_LABELS[fact]} ({_('not recorded in the case')})"
                if fact != rules.FACT_MET_BY
                else FACT_LABELS[fact],
            )
            for fact in rules.CASE_FACTS
        ]
        if not first_session:
            del self.fields["start_anyway"], self.fields["start_anyway_reason"]

    PIN_PROBLEMS = {
        "digits": _("The PIN must be four to eight digits (0-9)."),
        "same": _("Choose a PIN that is not one digit repeated, such as 0000."),
        "run": _("Choose a PIN that is not a run of digits, such as 1234 or 9876."),
        "common": _("That PIN is one of the most common ones. Choose one that is hard to guess."),
    }

    def clean_pin(self):
        pin = self.cleaned_data["pin"]
        problem = rules.pin_problem(pin)
        if problem:
            raise forms.ValidationError(self.PIN_PROBLEMS[problem], code=f"pin_{problem}")
        return pin

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pin") and cleaned.get("pin") != cleaned.get("pin_again"):
            self.add_error("pin_again", _("The two PINs are not the same."))
        cleaned["started_without_parents_informed"] = ""
        if rules.needs_parents_confirmation(self.first_session, cleaned.get("parents_informed_on")):
            reason = (cleaned.get("start_anyway_reason") or "").strip()
            if not cleaned.get("start_anyway"):
                self.add_error(
                    "parents_informed_on",
                    forms.ValidationError(
                        _(
                            "This is the first session with this child. Record the date the "
                            "parents were informed, or confirm below that you start anyway."
                        ),
                        code="parents_not_informed",
                    ),
                )
            elif len(reason) < rules.MIN_START_ANYWAY_REASON:
                self.add_error(
                    "start_anyway_reason",
                    forms.ValidationError(
                        _("Say in a few words why the session starts now."), code="no_reason"
                    ),
                )
            else:
                cleaned["started_without_parents_informed"] = reason
        return cleaned

    def session_fields(self) -> dict:
        """What services.start_session takes from this form."""
        data = self.cleaned_data
        fields = {key: data[key] for key in ("kit", "language", "pin")}
        fields.update({key: data.get(key) for key in ChildSession.BEFORE_FIELDS})
        fields["met_by"] = fields["met_by"] or ""
        fields["talk_with"] = fields["talk_with"] or ""
        fields["interpreter_preference"] = fields["interpreter_preference"] or ""
        return fields


class AfterForm(forms.ModelForm):
    class Meta:
        model = ChildSession
        fields = ["present", "language", "interpreter", "how_it_went"]
        labels = {"language": _("Language of the session")}
        widgets = {"how_it_went": forms.Textarea(attrs={"rows": 5})}


class PinForm(forms.Form):
    pin = forms.CharField(
        max_length=rules.MAX_PIN_LENGTH,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class WordsForm(forms.Form):
    words = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)


class WishForm(forms.Form):
    what = forms.CharField(max_length=2000)
    helper = forms.CharField(max_length=300, required=False)


class FarewellForm(forms.Form):
    """A farewell page. The contact field exists only when the parents agreed
    (`contact_allowed`); contact details posted without it are refused with `no_contact`."""

    writer = forms.ChoiceField(label=_("Who writes"), choices=FarewellMessage.Writer.choices)
    name = forms.CharField(label=_("Name of the writer"), max_length=120)
    memory = forms.CharField(
        label=_("A good memory"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wish = forms.CharField(
        label=_("A wish"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, contact_allowed: bool, no_contact: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_allowed = contact_allowed
        self.no_contact = no_contact or _(
            "The parents have not agreed to contact details on this child's farewell pages, "
            "so they cannot be saved. Record the parents' agreement first, or leave them out."
        )
        if contact_allowed:
            self.fields["contact"] = forms.CharField(
                label=_("Contact details"),
                max_length=300,
                required=False,
                help_text=_("Only because the parents agreed."),
            )

    def clean(self):
        cleaned = super().clean()
        if not self.contact_allowed and (self.data.get("contact") or "").strip():
            raise forms.ValidationError(self.no_contact, code="contact_not_agreed")
        if not (cleaned.get("memory") or cleaned.get("wish")):
            raise forms.ValidationError(_("Write a memory, a wish or both."), code="empty")
        return cleaned


class FarewellConsentForm(forms.Form):
    agreed_on = forms.DateField(
        label=_("Date the parents agreed"), widget=forms.DateInput(attrs={"type": "date"})
    )
    agreed_by = forms.ModelChoiceField(label=_("Agreed by"), queryset=None)

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = parents
