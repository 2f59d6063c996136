"""Checklist and factor forms. Field names encode the slot: `status__<child id or f>__<code>`."""

from __future__ import annotations

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.assessments.models import NOTE_MAX, ChildFactor, PreconditionAnswer

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
                widget=forms.Textarea(attrs={"rows": 1, "placeholder": _("Note")}),
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

    code = forms.ChoiceField(label=_("Factor from the handbook's overview"), required=False)
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

    def __init__(self, *args, factor_choices, levels, phases, **kwargs):
        super().__init__(*args, **kwargs)
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
