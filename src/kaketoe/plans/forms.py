"""Plan forms turn input into domain values; the invariants live in the models' clean()."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kaketoe.assessments.models import ChildFactor, ProtectiveMeasure
from kaketoe.cases.forms import (
    DATE,
    BoundedModelMultipleChoiceField,
    GroupedFieldsMixin,
    VersionedForm,
)
from kaketoe.cases.models import Family, Person
from kaketoe.catalogues import loader
from kaketoe.plans import rules
from kaketoe.plans.models import ChildVoice, Meeting, PlanItem, Source

ITEM_FIELDS = [
    "child",
    "domain",
    "what",
    "owner_member",
    "owner_organisation",
    "timing",
    "months",
    "weeks_needed",
    "status",
    "drop_reason",
    "source",
    "source_ref",
    "share_with_family",
    "text_language",
]


def _children(family: Family):
    return family.members.filter(relation=Person.Relation.CHILD)


def _team(family: Family):
    return family.team.filter(removed_at__isnull=True).select_related("user", "organisation")


class FamilyChoicesMixin:
    """Limit the child and owner choices to this family, with readable labels."""

    def limit_to(self, family: Family) -> None:
        if "child" in self.fields:
            self.fields["child"].queryset = _children(family)
            self.fields["child"].empty_label = _("The whole family")
            self.fields["child"].label_from_instance = lambda person: person.given_name
        if "owner_member" in self.fields:
            self.fields["owner_member"].queryset = _team(family)
            self.fields["owner_member"].label_from_instance = _member_label


def _member_label(member) -> str:
    parts = [member.display_name, str(member.organisation or member.description or "")]
    return " · ".join(part for part in parts if part)


class PlanItemForm(FamilyChoicesMixin, VersionedForm):
    fieldsets = [
        (_("What"), ["child", "domain", "what"]),
        (_("Who"), ["owner_member", "owner_organisation"]),
        (_("When"), ["timing", "months", "weeks_needed"]),
        (_("Status"), ["status", "drop_reason"]),
        (_("Where it comes from"), ["source", "source_ref"]),
        (_("Family version"), ["share_with_family", "text_language"]),
    ]

    class Meta:
        model = PlanItem
        fields = ITEM_FIELDS
        widgets = {
            "what": forms.Textarea(attrs={"rows": 3}),
            "drop_reason": forms.TextInput(),
        }
        help_texts = {
            "months": _("Only for 'within some months after arrival'."),
            "weeks_needed": _("How long arranging this takes; used to check preparation time."),
            "source_ref": _(
                "The precondition code, the number of the factor, measure, meeting or "
                "child's-voice entry."
            ),
            "text_language": _(
                "The language you wrote 'what' in. The family version shows your text as "
                "written, marked with this language; everything around it is in the family's "
                "language."
            ),
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        self.limit_to(family)
        # Left out (an older client, a script): keep the language the item had.
        self.fields["text_language"].required = False

    def clean_text_language(self):
        return self.cleaned_data["text_language"] or self.instance.text_language

    def clean(self):
        data = super().clean()
        source, ref = data.get("source"), (data.get("source_ref") or "").strip()
        if source and not source_reference_exists(self.family, source, ref):
            self.add_error(
                "source_ref",
                _("No %(source)s with this reference in this case.")
                % {"source": Source(source).label.lower()},
            )
        return data


def source_reference_exists(family: Family, source: str, ref: str) -> bool:
    """Does the reference point at something of this family for that kind of source?"""
    if source == Source.OTHER:
        return True
    if source == Source.PRECONDITION:
        return ref in loader.load("preconditions").codes()
    if not ref.isdigit():
        return False
    pk = int(ref)
    return {
        Source.FACTOR: lambda: ChildFactor.objects.filter(pk=pk, child__family=family),
        Source.MEASURE: lambda: ProtectiveMeasure.objects.filter(pk=pk, child__family=family),
        Source.MEETING: lambda: Meeting.objects.filter(pk=pk, family=family),
        Source.CHILD_VOICE: lambda: ChildVoice.objects.filter(pk=pk, child__family=family),
    }[source]().exists()


class FromPreconditionForm(forms.Form):
    """The one-click button on the preconditions overview: an item code and maybe a child."""

    code = forms.CharField(max_length=40)
    child = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = _children(family)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code not in loader.load("preconditions").codes():
            raise forms.ValidationError(_("This is not an item of the preconditions checklist."))
        return code


class AttentionForm(forms.Form):
    """The attention points of the plan, each ticked with its evidence."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form is incomplete. Reload the page and try again.")},
    )

    def __init__(self, *args, points: list[tuple[str, str, str]], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        for code, label, hint in points:
            answer = answers.get(code, {})
            self.fields[f"ticked__{code}"] = forms.BooleanField(
                label=label, required=False, initial=answer.get("ticked", False)
            )
            self.fields[f"evidence__{code}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=1000,
                initial=answer.get("evidence", ""),
                help_text=hint,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        data = super().clean()
        for code, label, _hint in self.points:
            if data.get(f"ticked__{code}") and not data.get(f"evidence__{code}", "").strip():
                self.add_error(
                    f"evidence__{code}",
                    _("Write down what shows that '%(point)s' is met.") % {"point": label},
                )
        return data

    def answers(self) -> dict:
        return {
            code: {
                "ticked": self.cleaned_data[f"ticked__{code}"],
                "evidence": self.cleaned_data[f"evidence__{code}"].strip(),
            }
            for code, _label, _hint in self.points
        }

    def rows(self):
        return [
            (code, self[f"ticked__{code}"], self[f"evidence__{code}"])
            for code, _l, _h in self.points
        ]


class ChildVoiceForm(VersionedForm):
    fieldsets = [
        (_("What the child said"), ["said", "heard_how"]),
        (_("How the plan answers it"), ["answered_by", "taken_into_account", "because"]),
    ]

    class Meta:
        model = ChildVoice
        fields = ["said", "heard_how", "answered_by", "taken_into_account", "because"]
        widgets = {
            "said": forms.Textarea(attrs={"rows": 3}),
            "because": forms.Textarea(attrs={"rows": 2}),
            "answered_by": forms.CheckboxSelectMultiple,
        }
        field_classes = {"answered_by": BoundedModelMultipleChoiceField}

    def __init__(self, *args, child: Person, ask_sharing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_sharing:  # linking a toolkit answer the child has not yet shared with the team
            self.fields["child_shares"] = forms.BooleanField(
                label=_("The child agreed that the team may see this answer"),
                help_text=_(
                    "The child's voice in the return plan is read by the whole team. Link it "
                    "only if the child said yes; this is recorded as the child's choice."
                ),
                error_messages={
                    "required": _("Link it only when the child agreed to share it with the team.")
                },
            )
            self.fieldsets = [(_("The child's agreement"), ["child_shares"]), *self.fieldsets]
        items = child.family.plan_items.filter(child__in=[child.pk]) | (
            child.family.plan_items.filter(child__isnull=True)
        )
        self.fields["answered_by"].queryset = items.order_by("child_id", "domain", "pk")
        self.fields["answered_by"].required = False
        self.fields["answered_by"].label_from_instance = lambda item: item.what
        if self.instance.toolkit_answer_id:  # the child's words stay in the toolkit answer
            del self.fields["said"], self.fields["heard_how"]
        else:
            self.fields["said"].required = True

    def voice_fields(self) -> dict:
        names = ["said", "heard_how", "answered_by", "taken_into_account", "because"]
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


class MeetingForm(VersionedForm):
    fieldsets = [
        (_("Meeting"), ["kind", "held_on", "participants"]),
        (_("Agenda: open plan items"), ["agenda"]),
        (_("Minutes"), ["minutes"]),
    ]

    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "participants", "agenda", "minutes"]
        widgets = {
            "held_on": DATE,
            "participants": forms.CheckboxSelectMultiple,
            "agenda": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }
        field_classes = {
            "participants": BoundedModelMultipleChoiceField,
            "agenda": BoundedModelMultipleChoiceField,
        }

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _team(family)
        self.fields["participants"].label_from_instance = _member_label
        on_agenda = self.instance.agenda.all() if self.instance.pk else []
        agenda = family.plan_items.filter(status__in=rules.UNFINISHED) | family.plan_items.filter(
            pk__in=[item.pk for item in on_agenda]
        )
        self.fields["agenda"].queryset = agenda.distinct().select_related("child")
        self.fields["agenda"].label_from_instance = _agenda_label


def _agenda_label(item: PlanItem) -> str:
    who = item.child.given_name if item.child_id else _("family")
    return f"{item.what} ({who})"


class DecisionForm(FamilyChoicesMixin, GroupedFieldsMixin, forms.ModelForm):
    """A decision of a meeting becomes a plan item with an owner."""

    fieldsets = [
        (_("Decision"), ["child", "domain", "what"]),
        (_("Who"), ["owner_member", "owner_organisation"]),
        (_("When"), ["timing", "months"]),
    ]

    class Meta:
        model = PlanItem
        fields = [
            "child",
            "domain",
            "what",
            "owner_member",
            "owner_organisation",
            "timing",
            "months",
        ]
        widgets = {"what": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, family: Family, **kwargs):
        kwargs.setdefault("instance", PlanItem(family=family))
        super().__init__(*args, prefix="decision", **kwargs)
        self.limit_to(family)

    def clean(self):
        data = super().clean()
        if not data.get("owner_member") and not (data.get("owner_organisation") or "").strip():
            raise forms.ValidationError(
                _("A decision needs an owner: a team member or an organisation.")
            )
        return data
