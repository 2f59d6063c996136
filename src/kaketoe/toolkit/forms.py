from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.toolkit import rules
from kaketoe.toolkit.models import ChildLanguage, ChildSession, FarewellMessage, Kit


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
        return cleaned


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
