"""Forms turn input into domain objects; every message is translatable."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases import access, route_map, rules
from kaketoe.cases.models import Family, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LARGEST_ID = 2**63 - 1  # a 64-bit key: the widest any of our databases holds


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that an id too large for the database is refused like any other
    unknown id. (Django looks the ids up with `pk__in`, and SQLite raises OverflowError on
    10**25: a server error from one tampered checkbox.)"""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            if _too_large(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


def _too_large(pk) -> bool:
    digits = str(pk).strip().lstrip("+-").lstrip("0")
    return digits.isdecimal() and (len(digits) > 19 or int(digits) > LARGEST_ID)


def case_number(text: str) -> int:
    """A form's typed case number as a family id, or the one message for a wrong one."""
    pk = rules.case_pk(text)
    if pk is None:
        raise forms.ValidationError(_("Enter a case number such as KKT-000012."))
    return pk


class GroupedFieldsMixin:
    """Forms list `fieldsets` as (legend, field names); templates render one fieldset each."""

    fieldsets: list = []

    def grouped_fields(self):
        groups = [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.fieldsets
        ]
        return [(legend, fields) for legend, fields in groups if fields]


class VersionedForm(GroupedFieldsMixin, forms.ModelForm):
    """Carries the version the user started from, so a concurrent save is detected."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("This form is incomplete. Reload the page and try again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def expected_version(self) -> int:
        return self.cleaned_data["version"]


FAMILY = _("Family")
INTERPRETER = _("Interpreter")
DATES = _("Procedure dates")


class FamilyForm(VersionedForm):
    fieldsets = [
        (FAMILY, ["name", "country_of_return", "place_of_return", "languages"]),
        (INTERPRETER, ["interpreter_language", "interpreter_dialect", "interpreter_gender"]),
        (
            DATES,
            [
                "departure_deadline",
                "planned_departure",
                "actual_departure",
                "readiness_override_reason",
                "next_monitoring",
            ],
        ),
        (_("Route map"), ["stage", "closing_reason"]),
    ]
    closing_reason = forms.CharField(
        label=_("Closing before the year of monitoring is over: why"),
        help_text=_(
            "Only needed when the case is closed before 12 months after the actual departure "
            "and the 12-month visit (kept and audited)."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    readiness_override_reason = forms.CharField(
        label=_("Departure despite open points: why"),
        help_text=_(
            "Only needed when the actual departure is recorded while the readiness check still "
            "names open points (at least 20 characters; shown on the case)."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Family
        fields = [
            "name",
            "country_of_return",
            "place_of_return",
            "languages",
            "interpreter_language",
            "interpreter_dialect",
            "interpreter_gender",
            "departure_deadline",
            "planned_departure",
            "actual_departure",
            "next_monitoring",
            "stage",
        ]
        widgets = {
            f: DATE
            for f in [
                "departure_deadline",
                "planned_departure",
                "actual_departure",
                "next_monitoring",
            ]
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the family name."))
        return name

    def clean(self):
        data = super().clean()
        actual = data.get("actual_departure")
        if actual and actual > timezone.localdate():
            self.add_error("actual_departure", _("The actual departure cannot be in the future."))
        self.departure_acknowledged = self._readiness(actual, data)
        self.closing_reason = self._closing(data)
        return data

    def _closing(self, data) -> str:
        """Closing before the year of monitoring is over needs a reason (issue 16 §4): the
        reason to keep, or "" when none is needed. The rule is monitoring's."""
        from kaketoe.monitoring.services import closing_check  # monitoring builds on cases

        problem, reason = closing_check(
            self.instance, data.get("stage"), data.get("closing_reason")
        )
        if problem:
            self.add_error("closing_reason", problem)
        return reason

    def _readiness(self, actual, data) -> tuple[list[str], str] | None:
        """Recording the actual departure while the readiness check names blockers needs a
        reason (issue 16 §2): (blockers, reason) to keep, or None when nothing needs it."""
        newly = actual and getattr(self.instance, "actual_departure", None) is None
        if not newly or self.instance.pk is None or self.has_error("actual_departure"):
            return None
        blockers = route_map.departure_blockers(self.instance)
        if not blockers:
            return None
        reason = (data.get("readiness_override_reason") or "").strip()
        if len(reason) < rules.OVERRIDE_MIN_REASON:
            self.add_error(
                "actual_departure",
                _(
                    "Not ready for departure: %(blockers)s. To record the departure anyway, "
                    "say why (at least %(min)s characters)."
                )
                % {"blockers": "; ".join(blockers), "min": rules.OVERRIDE_MIN_REASON},
            )
            return None
        return blockers, reason


class NewFamilyForm(FamilyForm):
    """A new case starts with the family and the parent or guardian the team talks to."""

    readiness_override_reason = None
    closing_reason = None
    fieldsets = [
        FamilyForm.fieldsets[0],
        (
            _("Parent or guardian"),
            ["parent_given_name", "parent_family_name", "parent_date_of_birth"],
        ),
        *FamilyForm.fieldsets[1:3],
    ]
    parent_given_name = forms.CharField(
        label=_("Given name of a parent or guardian"), max_length=100
    )
    parent_family_name = forms.CharField(label=_("Family name of that parent"), max_length=100)
    parent_date_of_birth = forms.DateField(
        label=_("Date of birth of that parent"), required=False, widget=DATE
    )
    save_despite_duplicates = forms.BooleanField(
        label=_("This is a different family: save anyway"), required=False
    )

    class Meta(FamilyForm.Meta):
        fields = [
            f
            for f in FamilyForm.Meta.fields
            if f not in {"actual_departure", "next_monitoring", "stage"}
        ]

    def clean_planned_departure(self):
        planned = self.cleaned_data.get("planned_departure")
        if planned and planned < timezone.localdate():
            raise forms.ValidationError(
                _("A new case cannot have a planned departure before today.")
            )
        return planned

    def clean_parent_date_of_birth(self):
        return _not_in_future(self.cleaned_data.get("parent_date_of_birth"))

    def first_parent(self) -> Person:
        data = self.cleaned_data
        return Person(
            relation=Person.Relation.PARENT,
            given_name=data["parent_given_name"],
            family_name=data["parent_family_name"],
            date_of_birth=data.get("parent_date_of_birth"),
        )


def _not_in_future(born):
    if born and born > timezone.localdate():
        raise forms.ValidationError(_("A date of birth cannot be in the future."))
    return born


class PersonForm(VersionedForm):
    fieldsets = [
        (
            _("Person"),
            ["relation", "given_name", "family_name", "date_of_birth", "sex", "languages"],
        )
    ]
    save_despite_duplicates = forms.BooleanField(
        label=_("This is a different person: save anyway"), required=False
    )

    class Meta:
        model = Person
        fields = ["relation", "given_name", "family_name", "date_of_birth", "sex", "languages"]
        widgets = {"date_of_birth": DATE}
        help_texts = {"date_of_birth": _("Required for a child.")}

    def clean_given_name(self):
        return _required_text(self.cleaned_data["given_name"], _("Enter the given name."))

    def clean_family_name(self):
        return _required_text(self.cleaned_data["family_name"], _("Enter the family name."))

    def clean_date_of_birth(self):
        return _not_in_future(self.cleaned_data.get("date_of_birth"))

    def clean(self):
        data = super().clean()
        child = data.get("relation") == Person.Relation.CHILD
        if child and not data.get("date_of_birth") and "date_of_birth" not in self.errors:
            self.add_error(
                "date_of_birth",
                _(
                    "Enter the child's date of birth: the age "
                    "decides which guidance and toolkit fit."
                ),
            )
        return data


def _required_text(value: str, message: str) -> str:
    value = value.strip()
    if not value:
        raise forms.ValidationError(message)
    return value


class ColleagueForm(forms.Form):
    """Add a Kaketoe user to the team: this gives them access to the case."""

    user = forms.ModelChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none())
    description = forms.CharField(label=_("Role on this team"), max_length=120, required=False)

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = family.team.filter(removed_at__isnull=True, user__isnull=False)
        self.fields["user"].queryset = (
            access.team_candidates()
            .exclude(pk__in=on_team.values("user_id"))
            .select_related("membership__organisation")
            .order_by("membership__organisation__name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} — {u.membership.get_role_display()}, "
            f"{u.membership.organisation}"
        )


class InformalMemberForm(forms.Form):
    """Someone from the informal network: recorded on the team, without access to Kaketoe."""

    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Relation to the family"),
        max_length=120,
        help_text=_("For example 'grandmother' or 'volunteer'."),
    )
    contact = forms.CharField(label=_("Contact details"), max_length=200, required=False)

    def clean_name(self):
        return _required_text(self.cleaned_data["name"], _("Enter a name."))


class EmergencyAccessForm(forms.Form):
    """Break-glass: the case number and why it must be opened now (cases/access.py)."""

    case = forms.CharField(
        label=_("Case number"), max_length=20, help_text=_("For example KKT-000012 or 12.")
    )
    reason = forms.CharField(
        label=_("Why must you open this case now?"),
        min_length=access.BREAK_GLASS_MIN_REASON,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your reason is recorded and shown to the privacy officer. Access is read-only and "
            "ends after four hours."
        ),
    )

    def clean_case(self):
        return case_number(self.cleaned_data["case"])


class TeamRemovalForm(forms.Form):
    """Why a place is taken off the team (issue 17 §1): shown on the team card until restored."""

    reason = forms.CharField(
        label=_("Why is this person leaving the team?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "At least %(min)s characters. Shown on the team card to the team, who can restore "
            "the place within %(days)s days."
        ) % {"min": rules.REMOVAL_MIN_REASON, "days": rules.RESTORE_DAYS}

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < rules.REMOVAL_MIN_REASON:
            raise forms.ValidationError(
                _("Say why in at least %(min)s characters."),
                params={"min": rules.REMOVAL_MIN_REASON},
            )
        return reason
