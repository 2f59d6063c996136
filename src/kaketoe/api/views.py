"""Case resources: families, their members, team, consents and timeline. Each action: fetch
through cases.access → validate with the page's form → call the same service as the page."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers as drf
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kaketoe.audit.services import Action, record
from kaketoe.cases import access, route_map, services
from kaketoe.consent import services as consent
from kaketoe.consent.services import ConsentError

from . import queries
from .base import ApiViewSet
from .bridge import Conflict
from .serializers import (
    ConsentSerializer,
    FamilyFilter,
    FamilySerializer,
    MemberSerializer,
    NewFamilySerializer,
    NewTeamMemberSerializer,
    TeamMemberSerializer,
    TimelineSerializer,
    WithdrawalSerializer,
)

CONFLICT = OpenApiResponse(description="Changed meanwhile: read again, send the new version.")


@extend_schema(tags=["families"])
class FamilyViewSet(ApiViewSet):
    serializer_class = FamilySerializer
    lookup_url_kwarg = "family_pk"

    @extend_schema(parameters=[FamilyFilter])
    def list(self, request):
        filters = FamilyFilter(data=request.query_params)
        filters.is_valid(raise_exception=True)
        families = access.visible_families(request.user).filter(**filters.lookups())
        return self.page_of(families.order_by("name", "pk"), FamilySerializer)

    def retrieve(self, request, family_pk: int):
        return Response(FamilySerializer(self.family()).data)

    @extend_schema(request=NewFamilySerializer, responses={201: FamilySerializer})
    def create(self, request):
        if not access.can_create_family(request.user):
            record(request, Action.DENIED, detail="new family")
            raise Http404
        form = self.validated_form(NewFamilySerializer)
        family = services.open_case(
            request, request.user, form.save(commit=False), form.first_parent()
        )
        return Response(FamilySerializer(family).data, status=201)

    @extend_schema(responses={200: FamilySerializer, 409: CONFLICT})
    def partial_update(self, request, family_pk: int):
        family = self.family(edit=True)
        form = self.validated_form(FamilySerializer, family)
        try:
            with transaction.atomic():
                if form.route_marks is not None:
                    steps, reason = form.route_marks
                    route_map.set_completed_steps(request, request.user, family, steps, reason)
                services.change_case(
                    request,
                    request.user,
                    form.save(commit=False),
                    form.expected_version(),
                    form.changed_data,
                    form.departure_acknowledged,
                    closing_reason=form.closing_reason,
                )
        except DjangoValidationError as error:
            raise ValidationError({"completed_steps": error.messages}) from None
        except services.StaleEdit:
            raise Conflict() from None
        return Response(FamilySerializer(family).data)


@extend_schema(tags=["families"])
class MemberViewSet(ApiViewSet):
    """Household members; `relation` is parent, guardian, child or other."""

    serializer_class = MemberSerializer

    def list(self, request, family_pk: int):
        return self.page_of(self.family().members.all(), MemberSerializer)

    def retrieve(self, request, family_pk: int, member_pk: int):
        member = get_object_or_404(self.family().members, pk=member_pk)
        return Response(MemberSerializer(member).data)

    @extend_schema(responses={201: MemberSerializer})
    def create(self, request, family_pk: int):
        family = self.family(edit=True)
        form = self.validated_form(MemberSerializer)
        person = services.add_member(request, request.user, family, form.save(commit=False))
        return Response(MemberSerializer(person).data, status=201)

    @extend_schema(responses={200: MemberSerializer, 409: CONFLICT})
    def partial_update(self, request, family_pk: int, member_pk: int):
        person = get_object_or_404(self.family(edit=True).members, pk=member_pk)
        form = self.validated_form(MemberSerializer, person)
        try:
            services.change_member(
                request,
                request.user,
                form.save(commit=False),
                form.expected_version(),
                form.changed_data,
            )
        except services.StaleEdit:
            raise Conflict() from None
        return Response(MemberSerializer(person).data)


@extend_schema(tags=["families"])
class TeamViewSet(ApiViewSet):
    """The family's team. Adding a colleague gives them access; removing one ends it."""

    serializer_class = TeamMemberSerializer

    def list(self, request, family_pk: int):
        team = self.family().team.select_related("user", "organisation")
        return self.page_of(team, TeamMemberSerializer)

    @extend_schema(request=NewTeamMemberSerializer, responses={201: TeamMemberSerializer})
    def create(self, request, family_pk: int):
        family = self.family(edit=True)
        form = self.validated_form(NewTeamMemberSerializer, family=family)
        member = services.join_team(request, request.user, family, **form.cleaned_data)
        return Response(TeamMemberSerializer(member).data, status=201)

    def destroy(self, request, family_pk: int, member_pk: int):
        family = self.family(edit=True)
        member = get_object_or_404(family.team, pk=member_pk, removed_at__isnull=True)
        try:
            reason = request.query_params.get("reason", "")
            services.leave_team(request, request.user, member, reason)
        except services.PlaceKept as kept:  # the last regievoerder or of the owning organisation
            raise ValidationError({"non_field_errors": [kept.code]}) from None
        return Response(status=204)


@extend_schema(tags=["consent"])
class ConsentViewSet(ApiViewSet):
    """The consent ledger: record a decision or withdraw one; entries are never edited."""

    serializer_class = ConsentSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["withdrawals"] = queries.withdrawal_dates(getattr(self, "ledger", []))
        return context

    def list(self, request, family_pk: int):
        self.ledger = consent.ledger(self.family())
        return self.page_of(self.ledger, ConsentSerializer)

    def retrieve(self, request, family_pk: int, consent_pk: int):
        self.ledger = consent.ledger(self.family())
        entry = next((e for e in self.ledger if e.pk == consent_pk), None)
        if entry is None:
            raise Http404
        return Response(ConsentSerializer(entry, context=self.get_serializer_context()).data)

    @extend_schema(responses={201: ConsentSerializer})
    def create(self, request, family_pk: int):
        family = self.family(edit=True)
        form = self.validated_form(ConsentSerializer, family=family)
        entry = _refused_as_400(consent.record_consent, request, request.user, form.save(False))
        return self._shown(entry, 201)

    @extend_schema(request=WithdrawalSerializer, responses={201: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, family_pk: int, consent_pk: int):
        entry = get_object_or_404(self.family(edit=True).consents, pk=consent_pk)
        form = self.validated_form(WithdrawalSerializer, consent=entry)
        withdrawal = _refused_as_400(
            consent.withdraw, request, request.user, entry, form.save(False)
        )
        return self._shown(withdrawal, 201)

    def _shown(self, entry, status: int) -> Response:
        self.ledger = consent.ledger(entry.family)
        return Response(
            ConsentSerializer(entry, context=self.get_serializer_context()).data, status
        )


def _refused_as_400(operation, *args):
    try:
        return operation(*args)
    except ConsentError as refused:
        raise drf.ValidationError({"non_field_errors": [str(refused)]}) from None


@extend_schema(tags=["families"])
class TimelineViewSet(ApiViewSet):
    serializer_class = TimelineSerializer

    def list(self, request, family_pk: int):
        return self.page_of(self.family().timeline.select_related("actor"), TimelineSerializer)
