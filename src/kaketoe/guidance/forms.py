"""Forms of step-2 guidance. Each turns input into domain values and says clearly what is wrong."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.forms import BoundedModelMultipleChoiceField
from kaketoe.guidance.models import TEXT_MAX, GriefNote, ParentConversation, SchoolHandover

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def not_in_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future. Give the date it happened."))
    return day


class SignalForm(forms.Form):
    """A signal from the catalogue, or one in the professional's own words."""

    code = forms.ChoiceField(label=_("Signal from the handbook's list"), required=False)
    free_text = forms.CharField(
        label=_("Or describe the signal in your own words"), required=False, max_length=300
    )
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE_WIDGET)
    observed_by = forms.CharField(
        label=_("Observed by"),
        max_length=150,
        help_text=_("For example 'teacher' or 'mother, told in the parent conversation'."),
    )
    context = forms.CharField(
        label=_("Context"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where and when it happened, what came before. Describe, do not diagnose."),
    )

    def __init__(self, *args, signal_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "—")] + signal_choices

    def clean_observed_on(self):
        return not_in_future(self.cleaned_data["observed_on"])

    def clean(self):
        data = super().clean()
        data["free_text"] = (data.get("free_text") or "").strip()
        if bool(data.get("code")) == bool(data["free_text"]):
            raise forms.ValidationError(
                _(
                    "Choose a signal from the list or describe one in your own words "
                    "(one of the two)."
                )
            )
        return data


class GriefNoteForm(forms.ModelForm):
    class Meta:
        model = GriefNote
        fields = ["noted_on", "phase", "reaction", "note"]
        widgets = {
            "noted_on": DATE_WIDGET,
            "phase": forms.RadioSelect,
            "reaction": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "phase": _("The phases have no fixed order and can run side by side or come back."),
            "reaction": _("Typical reactions while the child is acknowledging the return."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Not noted"))] + GriefNote.Phase.choices
        self.fields["reaction"].choices = [("", _("Not noted"))] + GriefNote.Reaction.choices

    def clean_noted_on(self):
        return not_in_future(self.cleaned_data["noted_on"])

    def clean(self):
        data = super().clean()
        if not data.get("phase") and not data.get("reaction"):
            raise forms.ValidationError(_("Note a grief phase, a stress reaction, or both."))
        return data


HANDOVER_FIELDS = [
    "school_nl",
    "teacher",
    "learning_development",
    "support_needs",
    "birth_certificate_present",
    "birth_certificate_translated",
    "diplomas_present",
    "diplomas_translated",
    "school_reports_present",
    "school_reports_translated",
    "school_abroad",
    "farewell_on",
    "farewell_done",
]


class SchoolHandoverForm(forms.ModelForm):
    """The handover record; `version` is the version the user saw (optimistic lock)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form is incomplete. Reload the page and try again.")},
    )

    class Meta:
        model = SchoolHandover
        fields = HANDOVER_FIELDS
        widgets = {
            "learning_development": forms.Textarea(attrs={"rows": 3}),
            "support_needs": forms.Textarea(attrs={"rows": 3}),
            "farewell_on": DATE_WIDGET,
        }
        help_texts = {
            "school_abroad": _("Name and place, if already known."),
            "support_needs": _("What (extra) support the child needs at the new school."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in HANDOVER_FIELDS}


class ParentConversationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics discussed"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ParentConversation
        fields = ["held_on", "parents_present", "interpreter", "topics", "notes"]
        widgets = {
            "held_on": DATE_WIDGET,
            "parents_present": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"parents_present": BoundedModelMultipleChoiceField}

    def __init__(self, *args, parents, topic_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parents_present"].queryset = parents
        self.fields["parents_present"].label_from_instance = lambda p: p.full_name
        self.fields["parents_present"].error_messages["required"] = _(
            "Tick at least one parent who was present."
        )
        self.fields["topics"].choices = topic_choices
        if not parents.exists():
            self.fields["parents_present"].help_text = _(
                "No parents are recorded for this family: add them as household members first."
            )

    def clean_held_on(self):
        return not_in_future(self.cleaned_data["held_on"])

    def clean(self):
        data = super().clean()
        if not data.get("topics") and not (data.get("notes") or "").strip():
            raise forms.ValidationError(_("Tick the topics discussed or write a note."))
        return data
