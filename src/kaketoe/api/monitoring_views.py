"""Monitoring after return for partner organisations' own systems: a child's checklist visits
(scored by the same service as the page), a family's progress reports, and the alerts."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from kaketoe.cases import access
from kaketoe.monitoring import services as monitoring
from kaketoe.monitoring.models import Alert

from .base import ApiViewSet
from .monitoring_serializers import (
    AlertFilter,
    AlertSerializer,
    MonitoringVisitSerializer,
    NewMonitoringVisitSerializer,
    ProgressReportSerializer,
)


@extend_schema(tags=["monitoring"])
class MonitoringVisitViewSet(ApiViewSet):
    """The 6/12/18-month checklist of a child: every visit scored, with the alerts it raised."""

    serializer_class = MonitoringVisitSerializer

    def list(self, request, child_pk: int):
        visits = self.child().monitoring_visits.prefetch_related("alerts").order_by("month")
        return self.page_of(visits, MonitoringVisitSerializer)

    @extend_schema(request=NewMonitoringVisitSerializer, responses={201: MonitoringVisitSerializer})
    def create(self, request, child_pk: int):
        child = self.child(monitor=True)
        serializer = NewMonitoringVisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reason = data.get("window_reason", "").strip()
        problem = monitoring.window_problem(child.family, data["month"], data["visit_date"])
        if problem and not reason:
            raise drf.ValidationError({"window_reason": [problem]})
        try:
            visit = monitoring.record_visit(
                request,
                request.user,
                child,
                data["month"],
                data["visit_date"],
                data["ratings"],
                window_reason=reason,
            )
        except monitoring.MonitoringError as refused:
            raise drf.ValidationError({"non_field_errors": [str(refused)]}) from None
        return Response(MonitoringVisitSerializer(visit).data, status=201)


@extend_schema(tags=["monitoring"])
class ProgressReportViewSet(ApiViewSet):
    serializer_class = ProgressReportSerializer

    def list(self, request, family_pk: int):
        reports = self.family().progress_reports.prefetch_related("lines")
        return self.page_of(reports, ProgressReportSerializer)


@extend_schema(tags=["monitoring"])
class AlertViewSet(ApiViewSet):
    """Alerts of every family the caller may see; `?open=true` for the open ones only."""

    serializer_class = AlertSerializer

    @extend_schema(parameters=[AlertFilter])
    def list(self, request):
        filters = AlertFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        alerts = Alert.objects.filter(
            family__in=access.visible_families(request.user)
        ).select_related("owner", "visit")
        if "open" in filters.validated_data:
            alerts = alerts.filter(closed_at__isnull=filters.validated_data["open"] == "true")
        if "family" in filters.validated_data:
            alerts = alerts.filter(family_id=filters.validated_data["family"])
        return self.page_of(alerts.order_by("-raised_at", "-pk"), AlertSerializer)
