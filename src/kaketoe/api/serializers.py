"""What the API reads and writes. Types and the schema live here; the rules stay in the forms
(see bridge.FormBacked) and the services."""

from __future__ import annotations

from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kaketoe.assessments import instruments as assessment_instruments
from kaketoe.assessments.forms import FactorForm
from kaketoe.assessments.models import ChildFactor, PreconditionAnswer
from kaketoe.cases import route_map, rules
from kaketoe.cases.forms import (
    ColleagueForm,
    FamilyForm,
    InformalMemberForm,
    NewFamilyForm,
    PersonForm,
)
from kaketoe.cases.models import Family, Person, Stage, TeamMember, TimelineEvent
from kaketoe.consent.forms import ConsentForm, WithdrawalForm
from kaketoe.consent.models import ConsentEntry, Decision
from kaketoe.plans.models import PlanVersion
from kaketoe.toolkit.models import Answer, ChildSession

from .bridge import FormBacked


def ID(**kwargs) -> serializers.IntegerField:  # noqa: N802 - reads like a field
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **kwargs)


STEPS = serializers.ListField(
    child=serializers.ChoiceField(choices=rules.ROUTE_STEPS), required=False, max_length=10
)
FAMILY_FIELDS = [
    "name",
    "country_of_return",
    "place_of_return",
    "languages",
    "interpreter_language",
    "interpreter_dialect",
    "interpreter_gender",
    "departure_deadline",
    "planned_departure",
]


class FamilySerializer(FormBacked, serializers.ModelSerializer):
    """`route_map` and `completed_steps` come from the evidence in the case (cases/route_map.py).
    Sending `completed_steps` with a step whose evidence is incomplete needs `override_reason`
    (a 400 naming the missing evidence otherwise); a marked step left out loses its mark."""

    form_class = FamilyForm
    reference = serializers.CharField(read_only=True)
    country_of_return = serializers.ChoiceField(choices=list(countries), required=False)
    # Null in the family list: the route map is read per family (cases/route_map.py).
    completed_steps = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.ROUTE_STEPS),
        required=False,
        max_length=10,
        allow_null=True,
    )
    override_reason = serializers.CharField(
        write_only=True, required=False, max_length=1000, help_text="Why steps are marked done."
    )
    readiness_override_reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=1000,
        help_text="Why the actual departure is recorded while the readiness check names blockers.",
    )
    closing_reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=1000,
        help_text="Why the case is closed before 12 months after departure and the 12-month visit.",
    )
    route_map = serializers.SerializerMethodField()
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; required on updates."
    )

    class Meta:
        model = Family
        fields = [
            "id",
            "reference",
            *FAMILY_FIELDS,
            "actual_departure",
            "next_monitoring",
            "stage",
            "completed_steps",
            "override_reason",
            "readiness_override_reason",
            "closing_reason",
            "route_map",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "reference", "created_at", "updated_at"]

    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        marks = attrs.get("completed_steps")
        self.form.route_marks = None if marks is None else (marks, attrs.get("override_reason"))
        return attrs

    def to_representation(self, instance):
        # The route map costs a few queries per family: one family's page, not every list row.
        self._states = route_map.route_map(instance) if self.parent is None else None
        data = super().to_representation(instance)
        data["completed_steps"] = (
            None if self._states is None else [s.step for s in self._states if s.status == "done"]
        )
        return data

    @extend_schema_field(
        {
            "type": "array",
            "nullable": True,
            "items": {
                "type": "object",
                "properties": {
                    "step": {"type": "string", "enum": ["1A", "1B", "2A", "2B", "3"]},
                    "status": {"type": "string", "enum": ["not_started", "in_progress", "done"]},
                    "missing": {"type": "array", "items": {"type": "string"}},
                    "override": {"type": "object", "nullable": True},
                },
            },
        }
    )
    def get_route_map(self, family) -> list[dict] | None:
        return None if self._states is None else route_map.as_data(self._states)


class NewFamilySerializer(FormBacked, serializers.ModelSerializer):
    """A new case starts with the family and the parent or guardian the team talks to."""

    form_class = NewFamilyForm
    country_of_return = serializers.ChoiceField(choices=list(countries))
    parent_given_name = serializers.CharField(max_length=100)
    parent_family_name = serializers.CharField(max_length=100)
    parent_date_of_birth = serializers.DateField(required=False, allow_null=True)

    class Meta:
        model = Family
        fields = [*FAMILY_FIELDS, "parent_given_name", "parent_family_name", "parent_date_of_birth"]


class MemberSerializer(FormBacked, serializers.ModelSerializer):
    """A household member. A child's `id` is the id used in /children/{id}/…"""

    form_class = PersonForm
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, required=False, help_text="Required on updates."
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "relation",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "languages",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class TeamMemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True, default=None)
    organisation = serializers.CharField(source="organisation.name", read_only=True, default=None)

    class Meta:
        model = TeamMember
        fields = [
            "id",
            "user",
            "username",
            "name",
            "organisation",
            "role",
            "description",
            "area",
            "contact",
            "has_family_trust",
            "added_at",
            "removed_at",
        ]
        read_only_fields = fields


class NewTeamMemberSerializer(FormBacked, serializers.Serializer):
    """`kind` colleague (a Kaketoe user: gives access) or informal (recorded only)."""

    kind = serializers.ChoiceField(choices=["colleague", "informal"])
    user = ID(required=False, help_text="The colleague's user id (kind colleague).")
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, max_length=120)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def make_form(self, data: dict):
        if data.pop("kind") == "colleague":
            return ColleagueForm(data=data, **self.context["form_kwargs"])
        return InformalMemberForm(data=data)


class ConsentSerializer(FormBacked, serializers.ModelSerializer):
    form_class = ConsentForm
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    # The form decides which organisations and parents fit; here only the type: an id.
    organisation = ID(source="organisation_id")
    given_by = ID(source="given_by_id")
    decision = serializers.ChoiceField(choices=Decision.choices, help_text="given or refused")
    granted_at = serializers.SerializerMethodField()
    withdrawn_at = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = ConsentEntry
        fields = [
            "id",
            "purpose",
            "organisation",
            "organisation_name",
            "scope",
            "expires_on",
            "decision",
            "given_by",
            "recorded_on",
            "how",
            "interpreter_language",
            "child_assent",
            "granted_at",
            "withdrawn_at",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def get_granted_at(self, entry) -> str | None:
        return entry.recorded_on.isoformat() if entry.decision == "given" else None

    def get_withdrawn_at(self, entry) -> str | None:
        withdrawals = self.context.get("withdrawals", {})
        withdrawn = withdrawals.get(entry.pk)
        return withdrawn.isoformat() if withdrawn else None


class WithdrawalSerializer(FormBacked, serializers.ModelSerializer):
    form_class = WithdrawalForm
    given_by = ID(source="given_by_id")

    class Meta:
        model = ConsentEntry
        fields = ["given_by", "recorded_on", "how", "interpreter_language", "child_assent"]


class TimelineSerializer(serializers.ModelSerializer):
    subject = serializers.CharField(source="display_subject")
    actor = serializers.CharField(source="actor.username", default=None)

    class Meta:
        model = TimelineEvent
        fields = ["id", "kind", "subject", "actor", "at"]


class PreconditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PreconditionAnswer
        fields = [
            "id",
            "catalogue_version",
            "item_code",
            "status",
            "note",
            "assessed_at",
            "version",
        ]


class FactorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildFactor
        fields = [
            "id",
            "catalogue_version",
            "code",
            "level",
            "phase",
            "kind",
            "free_text",
            "note",
            "recorded_at",
            "withdrawn_at",
        ]


class NewFactorSerializer(FormBacked, serializers.Serializer):
    """A factor for the child's grid: a catalogue `code` (its level, phase and kind come from
    the catalogue; if sent they must agree) or `free_text` with level, phase and kind. The API's
    level and phase names are the model's values (assessments.instruments.LEVELS / PHASES)."""

    form_class = FactorForm
    kind = serializers.ChoiceField(choices=ChildFactor.Kind.choices, required=False)
    level = serializers.ChoiceField(choices=assessment_instruments.LEVELS, required=False)
    phase = serializers.ChoiceField(choices=assessment_instruments.PHASES, required=False)
    code = serializers.CharField(max_length=60, required=False, allow_blank=True)
    free_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class FactorGridFactorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.CharField()
    phase = serializers.CharField()
    weighs_most = serializers.BooleanField()
    catalogue_version = serializers.CharField()


class FactorGridCellSerializer(serializers.Serializer):
    level = serializers.CharField()
    phase = serializers.CharField()
    risks = FactorGridFactorSerializer(many=True)
    protective = FactorGridFactorSerializer(
        many=True, help_text="Shown beside the risks; never subtracted from them."
    )
    marked = serializers.BooleanField(help_text="The cell's level or phase has a flag.")


class AccumulationFlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["weighs_most", "combination", "levels", "level", "phase"]
    )
    message = serializers.CharField()
    factors = FactorGridFactorSerializer(many=True)


class FactorGridSerializer(serializers.Serializer):
    catalogue_version = serializers.CharField()
    cells = FactorGridCellSerializer(many=True)
    accumulation = AccumulationFlagSerializer(many=True)
    rule = serializers.CharField(help_text="Kaketoe's operationalisation of accumulation.")


class ReturnPlanSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    needed_days = serializers.IntegerField()
    updated_at = serializers.DateTimeField(allow_null=True)
    attention = serializers.DictField()
    items = serializers.ListField(child=serializers.DictField())
    voices = serializers.ListField(child=serializers.DictField())


class PlanVersionSerializer(serializers.ModelSerializer):
    saved_by = serializers.CharField(source="saved_by.username", default=None)
    # Encrypted at rest as text (kaketoe.crypto), so say they are JSON.
    changes = serializers.JSONField(read_only=True)
    snapshot = serializers.JSONField(read_only=True)

    class Meta:
        model = PlanVersion
        fields = ["number", "subject", "changes", "object_key", "saved_by", "saved_at", "snapshot"]


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = [
            "id",
            "question_code",
            "kind",
            "words",
            "helper",
            "choices",
            "language",
            "shared_with",
        ]


class SessionSerializer(serializers.ModelSerializer):
    """Metadata; `answers`: only what the child shared with the team, and for the professional
    who held the session everything the child made in it (cases.access.visible_answers)."""

    answers = serializers.SerializerMethodField()

    class Meta:
        model = ChildSession
        fields = [
            "id",
            "kit",
            "language",
            "catalogue_version",
            "started_at",
            "ended_at",
            "present",
            "interpreter",
            "recorded_at",
            "answers",
        ]

    def get_answers(self, session) -> list[dict]:
        """Only the answers the caller may read (cases.access.visible_answers, prefetched)."""
        return AnswerSerializer(session.visible_answers, many=True).data


class FamilyFilter(serializers.Serializer):
    """Query parameters of the family list; a bad value is a 400, field by field."""

    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    country = serializers.ChoiceField(choices=list(countries), required=False)
    departure_deadline_before = serializers.DateField(required=False)
    departure_deadline_after = serializers.DateField(required=False)
    planned_departure_before = serializers.DateField(required=False)
    planned_departure_after = serializers.DateField(required=False)
    next_monitoring_before = serializers.DateField(required=False)
    next_monitoring_after = serializers.DateField(required=False)

    def lookups(self) -> dict:
        data = self.validated_data
        found = {"stage": data.get("stage"), "country_of_return": data.get("country")}
        for name, value in data.items():
            if name.endswith("_before"):
                found[f"{name.removesuffix('_before')}__lte"] = value
            elif name.endswith("_after"):
                found[f"{name.removesuffix('_after')}__gte"] = value
        return {key: value for key, value in found.items() if value is not None}


class SignOffSerializer(serializers.Serializer):
    username = serializers.CharField(source="user.username")
    organisation = serializers.CharField(source="organisation.name")
    role = serializers.CharField()
    version = serializers.IntegerField()
    signed_at = serializers.DateTimeField()


class BestInterestsSerializer(serializers.Serializer):
    """A best-interests assessment's state: final only after the sign-offs the rule asks for
    (assessments/rules.sign_off_missing: two people of two organisations, one of them a care or
    child-protection professional, and the partner's contribution when a handover exists)."""

    id = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    catalogue_version = serializers.CharField()
    updated_at = serializers.DateTimeField()
    sign_offs = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()

    def get_sign_offs(self, assessment) -> list[dict]:
        offs = assessment.sign_offs.filter(version=assessment.signed_version)
        return SignOffSerializer(offs.select_related("user", "organisation"), many=True).data

    def get_missing(self, assessment) -> list[str]:
        from kaketoe.assessments import services as assessments

        return [] if assessment.is_final else assessments.sign_off_missing(assessment)


class SignOffRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read and sign off."
    )
