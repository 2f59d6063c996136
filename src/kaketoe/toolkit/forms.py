from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.toolkit import rules
from kaketoe.toolkit.models import ChildLanguage, ChildSession, Kit


class StartForm(forms.Form):
    kit = forms.ChoiceField(label=_("Kit"), choices=Kit.choices)
    language = forms.ChoiceField(
        label=_("The child's language"),
        choices=ChildLanguage.choices,
        help_text=_("The child can change it on the tablet."),
    )
    pin = forms.CharField(
        label=_("PIN to leave child mode"),
        help_text=_("Four digits. You need it to get back to Kaketoe; the child must not see it."),
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4}
        ),
    )
    pin_again = forms.CharField(
        label=_("PIN again"),
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4}
        ),
    )

    def clean_pin(self):
        pin = self.cleaned_data["pin"]
        if not rules.is_valid_pin(pin):
            raise forms.ValidationError(_("The PIN must be exactly four digits."))
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
        max_length=4,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class WordsForm(forms.Form):
    words = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)


class WishForm(forms.Form):
    what = forms.CharField(max_length=2000)
    helper = forms.CharField(max_length=300, required=False)
