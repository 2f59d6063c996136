"""Forms turn input into the plain data the services take; every label is translatable."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases import access
from kaketoe.cases.models import Person
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring.models import TEXT_MAX
from kaketoe.plans.models import Domain, PlanItem

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitForm(forms.Form):
    """The appendix-9 checklist: per domain, tick the indicators and/or choose a level."""

    month = forms.TypedChoiceField(
        label=_("Monitoring round"),
        coerce=int,
        choices=[(6, _("6 months")), (12, _("12 months")), (18, _("18 months"))],
    )
    visit_date = forms.DateField(label=_("Visit date"), widget=DATE)
    window_reason = forms.CharField(
        label=_("Visit far before its planned date: why"),
        help_text=_(
            "Only needed when the visit is more than 30 days before its month after the actual "
            "departure (e.g. a 6-month visit 20 days after departure)."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, checklist, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.domains = []
        for domain in checklist.domains:
            indicators = [
                (code, f"{checklists.label(i.text, language)}")
                for code, i in checklist.indicators.items()
                if i.domain == domain.code
            ]
            levels = [("", _("— from the indicators —"))] + [
                (lv.code, f"{checklists.label(lv.title, language)} ({lv.points})")
                for lv in domain.levels
            ]
            self.fields[f"{domain.code}-indicators"] = forms.MultipleChoiceField(
                label=_("Indicators that apply"),
                choices=indicators,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{domain.code}-level"] = forms.ChoiceField(
                label=_("Or choose the level"), choices=levels, required=False
            )
            self.domains.append(
                {
                    "code": domain.code,
                    "title": checklists.label(domain.title, language),
                    "note": checklists.label(domain.note, language) if domain.note else "",
                    "watch_note": (
                        checklists.label(domain.watch_note, language) if domain.watch_note else ""
                    ),
                    "levels": [
                        {
                            "title": checklists.label(lv.title, language),
                            "points": lv.points,
                            "codes": [
                                c
                                for c, i in checklist.indicators.items()
                                if i.domain == domain.code and i.level == lv.code
                            ],
                        }
                        for lv in domain.levels
                    ],
                    "indicators": self[f"{domain.code}-indicators"],
                    "level": self[f"{domain.code}-level"],
                }
            )

        for domain, following in zip(self.domains, self.domains[1:] + [None], strict=True):
            domain["next"] = following

    def ratings(self) -> list[dict]:
        ratings = []
        for domain in self.checklist.domains:
            ticked = self.cleaned_data.get(f"{domain.code}-indicators") or []
            level = self.cleaned_data.get(f"{domain.code}-level") or ""
            if ticked or level:
                ratings.append({"domain": domain.code, "indicators": ticked, "level": level})
        return ratings


class WorkDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AlertForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    follow_up = forms.CharField(
        label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    closing_note = forms.CharField(
        label=_("Closing note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Needed to close the alert."),
    )
    close = forms.BooleanField(label=_("Close this alert"), required=False)

    def __init__(self, *args, alert, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = get_user_model().objects.filter(is_active=True, membership__isnull=False)
        allowed = [u.pk for u in candidates if access.can_monitor(u, alert.family)]
        self.fields["owner"].queryset = candidates.filter(pk__in=allowed).order_by("first_name")
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class ProgressReportForm(forms.Form):
    reported_on = forms.DateField(
        label=_("Date of the evaluation conversation"), widget=DATE, initial=timezone.localdate
    )
    family_view = forms.CharField(
        label=_("The family's own view of how it goes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
    )
    new_needs = forms.CharField(
        label=_("New needs"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_MAX,
    )
    new_item_what = forms.CharField(
        label=_("Add a new need to the return plan"), max_length=2000, required=False
    )
    new_item_domain = forms.ChoiceField(
        label=_("Domain of the new plan item"),
        choices=[("", "—"), *Domain.choices],
        required=False,
    )
    new_item_child = forms.ModelChoiceField(
        label=_("For which child"), queryset=None, required=False, empty_label=_("The whole family")
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(family.plan_items.select_related("child"))
        self.fields["new_item_child"].queryset = family.members.filter(
            relation=Person.Relation.CHILD
        )
        self.rows = []
        for item in self.items:
            self.fields[f"item-{item.pk}-status"] = forms.ChoiceField(
                label=_("Status"), choices=PlanItem.Status.choices, initial=item.status
            )
            self.fields[f"item-{item.pk}-notes"] = forms.CharField(
                label=_("Notes"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((item, self[f"item-{item.pk}-status"], self[f"item-{item.pk}-notes"]))

    def clean(self):
        data = super().clean()
        if data.get("new_item_what") and not data.get("new_item_domain"):
            self.add_error("new_item_domain", _("Choose the domain of the new plan item."))
        return data

    def lines(self) -> list[dict]:
        return [
            {
                "item": item,
                "status": self.cleaned_data[f"item-{item.pk}-status"],
                "notes": self.cleaned_data[f"item-{item.pk}-notes"],
            }
            for item in self.items
        ]

    def new_item(self) -> dict | None:
        if not self.cleaned_data.get("new_item_what"):
            return None
        return {
            "what": self.cleaned_data["new_item_what"],
            "domain": self.cleaned_data["new_item_domain"],
            "child": self.cleaned_data.get("new_item_child"),
        }
