"""What the monitoring API reads and writes (issue 6, API section). The scoring rules stay in
kaketoe.monitoring.scoring; here only the types, unknown fields, and clear messages per field."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring import scoring
from kaketoe.monitoring.models import Alert, ProgressLine, ProgressReport


def _refuse_unknown(serializer: serializers.Serializer, data) -> None:
    if not isinstance(data, dict):
        raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    unknown = sorted(set(data) - set(serializer.fields))
    if unknown:
        raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})


class RatingSerializer(serializers.Serializer):
    """One domain: the indicators that apply, and/or a level chosen directly."""

    domain = serializers.CharField(max_length=40, help_text="A domain code, e.g. housing.")
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=100,
        help_text="Indicator codes <domain>.<level>.<n> of this domain.",
    )
    level = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="A level code of this domain."
    )

    def to_internal_value(self, data):
        _refuse_unknown(self, data)
        return super().to_internal_value(data)


class NewMonitoringVisitSerializer(serializers.Serializer):
    month = serializers.ChoiceField(
        choices=list(checklists.MONTHS),
        error_messages={
            "invalid_choice": gettext_lazy("A monitoring visit is at 6, 12 or 18 months.")
        },
    )
    visit_date = serializers.DateField()
    ratings = serializers.ListField(child=RatingSerializer(), min_length=1, max_length=20)
    window_reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Needed when the visit is dated more than 30 days before its month after the "
        "actual departure (a 400 names it otherwise).",
    )

    def to_internal_value(self, data):
        _refuse_unknown(self, data)
        return super().to_internal_value(data)

    def validate_ratings(self, ratings: list[dict]) -> list[dict]:
        """Scored once here for a message on the field; the service scores (and checks) again."""
        try:
            scoring.score_visit(checklists.load(), [dict(r) for r in ratings], month=None)
        except scoring.RatingError as error:
            raise serializers.ValidationError(str(error)) from None
        return [dict(r) for r in ratings]


class DomainScoreSerializer(serializers.Serializer):
    level = serializers.CharField()
    points = serializers.IntegerField()
    max_points = serializers.IntegerField()


class VisitAlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    domain = serializers.CharField()
    level = serializers.CharField()
    indicator = serializers.CharField()
    severity = serializers.ChoiceField(choices=["critical", "watch"])
    open = serializers.BooleanField()


class MonitoringVisitSerializer(serializers.Serializer):
    """A visit as the pages show it (MonitoringVisit.as_data). The per-domain profile is the
    result: `lowest_level_domains` lists the domains at their lowest level (each is critical),
    `domains_rated` counts the rated domains out of eight. `total_points`/`max_points` sum
    points over domains on different scales: kept for old clients, not a handbook measure."""

    id = serializers.IntegerField()
    child = serializers.IntegerField()
    month = serializers.IntegerField()
    visit_date = serializers.DateField()
    domains = serializers.DictField(child=DomainScoreSerializer())
    domains_rated = serializers.IntegerField()
    lowest_level_domains = serializers.ListField(child=serializers.CharField())
    total_points = serializers.IntegerField(help_text="Not a handbook measure.")
    max_points = serializers.IntegerField(help_text="Not a handbook measure.")
    complete = serializers.BooleanField()
    window_reason = serializers.CharField()
    alerts = VisitAlertSerializer(many=True)

    def to_representation(self, visit):
        return visit.as_data()


class ProgressLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressLine
        fields = ["item", "what", "status", "notes"]


class ProgressReportSerializer(serializers.ModelSerializer):
    lines = ProgressLineSerializer(many=True)
    recorded_by = serializers.CharField(source="recorded_by.username", default=None)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "reported_on",
            "month",
            "family_view",
            "new_needs",
            "plan_version",
            "lines",
            "recorded_by",
            "recorded_at",
        ]


class AlertSerializer(serializers.ModelSerializer):
    month = serializers.IntegerField(source="visit.month")
    open = serializers.BooleanField(source="is_open")
    owner = serializers.CharField(source="owner.username", default=None)

    class Meta:
        model = Alert
        fields = [
            "id",
            "family",
            "child",
            "visit",
            "month",
            "domain",
            "level",
            "indicator",
            "severity",
            "open",
            "owner",
            "follow_up",
            "closing_note",
            "raised_at",
            "closed_at",
        ]


class AlertFilter(serializers.Serializer):
    open = serializers.ChoiceField(
        choices=["true", "false"], required=False, help_text="Only open (or closed) alerts."
    )
    family = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="Only this family's alerts."
    )
