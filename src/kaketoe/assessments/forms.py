"""Checklist and factor forms. Field names encode the slot: `status__<child id or f>__<code>`."""

from __future__ import annotations

import hashlib

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.assessments.models import NOTE_MAX, ChildFactor, PreconditionAnswer
from kaketoe.cases.forms import BoundedModelMultipleChoiceField
from kaketoe.widgets import FastSelect

FAMILY = "f"


def slot_key(child_id: int | None, code: str) -> str:
    return f"{child_id or FAMILY}__{code}"


class ChecklistForm(forms.Form):
    """One area of the preconditions checklist: a status, a note and the version seen per slot."""

    def __init__(self, *args, slots: list[tuple[int | None, str]], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        for child_id, code in slots:
            key, answer = slot_key(child_id, code), current.get((child_id, code))
            self.fields[f"status__{key}"] = forms.ChoiceField(
                label=code,
                choices=PreconditionAnswer.Status.choices,
                initial=answer.status if answer else PreconditionAnswer.Status.UNKNOWN,
                widget=forms.RadioSelect,
            )
            self.fields[f"note__{key}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=NOTE_MAX,
                initial=answer.note if answer else "",
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Note")}),
            )
            self.fields[f"seen__{key}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=seen_token(answer)
            )

    def clean(self):
        data = super().clean()
        unknown = sorted(
            name
            for name in self.data
            if name.split("__", 1)[0] in {"status", "note", "seen"} and name not in self.fields
        )
        if unknown:
            raise forms.ValidationError(
                _(
                    "This form contains items that are not in this checklist: %(codes)s. "
                    "Nothing was saved; reload the page."
                ),
                params={"codes": ", ".join(unknown)},
            )
        return data

    def entries(self):
        """(child id, code, status, note, what the user saw) for every slot."""
        for child_id, code in self.slots:
            key = slot_key(child_id, code)
            yield (
                child_id,
                code,
                self.cleaned_data[f"status__{key}"],
                self.cleaned_data[f"note__{key}"],
                self.cleaned_data[f"seen__{key}"],
            )


def seen_token(answer) -> str:
    """What the form showed for one slot: 'version:status:note digest'. Lets the save tell
    an item the user changed from one they left as it was."""
    if answer is None:
        return "0:unknown:" + note_digest("")
    return f"{answer.version}:{answer.status}:{note_digest(answer.note)}"


def note_digest(note: str) -> str:
    return hashlib.sha256(note.encode()).hexdigest()[:12]


class FactorForm(forms.Form):
    """Pick a factor from the catalogue, or describe one in your own words."""

    code = forms.ChoiceField(
        label=_("Factor from the handbook's overview"), required=False, widget=FastSelect
    )
    free_text = forms.CharField(
        label=_("Or describe a factor in your own words"), required=False, max_length=300
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=ChildFactor.Kind.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, factor_choices, levels, phases, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries or {}  # catalogue code -> entry (its level, phase and kind)
        self.fields["code"].choices = [("", "—")] + factor_choices
        self.fields["level"].choices = [("", "—")] + levels
        self.fields["phase"].choices = [("", "—")] + phases

    def clean(self):
        data = super().clean()
        code, text = data.get("code"), (data.get("free_text") or "").strip()
        if bool(code) == bool(text):
            raise forms.ValidationError(
                _(
                    "Choose a factor from the list or describe one in your own words (one of the "
                    "two)."
                )
            )
        if text and not (data.get("level") and data.get("phase") and data.get("kind")):
            raise forms.ValidationError(
                _("For a factor in your own words, choose its level, phase and type.")
            )
        entry = self.entries.get(code) if code else None
        if entry and any(data.get(k) and data[k] != entry[k] for k in ("level", "phase", "kind")):
            raise forms.ValidationError(
                _(
                    "This factor from the handbook's overview has its own level, phase and type: "
                    "leave them empty or give the same."
                )
            )
        data["free_text"] = text
        return data


class MeasureForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    description = forms.CharField(
        label=_("Measure"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Describe the measure."))
        return text


class BestInterestsForm(forms.Form):
    """Findings per aspect and element, the team, the child's view, the conclusion."""

    participants = BoundedModelMultipleChoiceField(
        label=_("Participants in the multidisciplinary assessment"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    child_view = forms.CharField(
        label=_("The child's view, in the child's words"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    child_heard_how = forms.CharField(
        label=_("How the child was heard"), required=False, max_length=300
    )
    child_heard_by = forms.CharField(label=_("Heard by"), required=False, max_length=150)
    conclusion = forms.CharField(
        label=_("Conclusion"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    partner_contribution = forms.CharField(
        label=_("Contribution of the partner organisation in the country of return"),
        help_text=_(
            "Who at the partner organisation helped determine the child's interests, and what "
            "they contributed. Needed before the assessment can be final when a handover exists "
            "or is planned."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form is incomplete. Reload the page and try again.")},
    )

    def __init__(self, *args, items: list[tuple[str, str]], team, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding_codes = [code for code, _label in items]
        for code, label in items:
            self.fields[f"finding__{code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["participants"].queryset = team
        self.fields["participants"].label_from_instance = lambda m: (
            f"{m.display_name} ({m.get_role_display() or m.description})"
        )

    def findings(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"finding__{code}"].strip()
            for code in self.finding_codes
            if self.cleaned_data[f"finding__{code}"].strip()
        }


class SafetyAssessmentForm(forms.Form):
    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    place = forms.CharField(label=_("Country and place assessed"), max_length=200)
    child_risks = forms.CharField(
        label=_("Child-specific risks found"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    measures = forms.CharField(
        label=_("Measures"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An assessment cannot be dated in the future."))
        return day


class SourceForm(forms.Form):
    title = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_(
            "For example a UNICEF Child Notice, a UNHCR or EUAA "
            "country report, or the partner organisation."
        ),
    )
    published = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if (data.get("published") or data.get("link")) and not data.get("title"):
            self.add_error("title", _("Name the source."))
        return data


SourceFormSet = forms.formset_factory(SourceForm, extra=3, max_num=10, validate_max=True)
