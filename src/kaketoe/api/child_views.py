"""A child's records (/children/{id}/…, the id from the family's members) and the return plan."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kaketoe.assessments import factor_queries, instruments
from kaketoe.assessments import services as assessments
from kaketoe.cases import access
from kaketoe.catalogues import loader
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanVersion
from kaketoe.toolkit.models import Answer

from .base import ApiViewSet
from .bridge import Conflict
from .serializers import (
    BestInterestsSerializer,
    FactorGridSerializer,
    FactorSerializer,
    NewFactorSerializer,
    PlanVersionSerializer,
    PreconditionSerializer,
    ReturnPlanSerializer,
    SessionSerializer,
    SignOffRequestSerializer,
)


@extend_schema(tags=["children"])
class PreconditionViewSet(ApiViewSet):
    serializer_class = PreconditionSerializer

    def list(self, request, child_pk: int):
        answers = self.child().preconditions.order_by("catalogue_version", "item_code", "pk")
        return self.page_of(answers, PreconditionSerializer)


@extend_schema(tags=["children"])
class FactorViewSet(ApiViewSet):
    serializer_class = FactorSerializer

    def list(self, request, child_pk: int):
        return self.page_of(self.child().factors.order_by("recorded_at", "pk"), FactorSerializer)

    @extend_schema(request=NewFactorSerializer, responses={201: FactorSerializer})
    def create(self, request, child_pk: int):
        """Record a factor with the page's form, rules and audit (team editors)."""
        child = self.child(edit=True)
        catalogue = loader.load(instruments.FACTORS)
        kwargs = factor_queries.form_kwargs(catalogue, get_language())
        form = self.validated_form(NewFactorSerializer, **kwargs)
        factor = assessments.record_factor(
            request, request.user, child, catalogue, form.cleaned_data
        )
        return Response(FactorSerializer(factor).data, status=201)


@extend_schema(tags=["children"])
class FactorGridViewSet(ApiViewSet):
    """The child's factor grid: risks and, beside them, protective factors per level and phase,
    and where risks accumulate (risk factors only; no balance)."""

    serializer_class = FactorGridSerializer

    def retrieve(self, request, child_pk: int):
        child, language = self.child(), get_language()
        recorded = factor_queries.recorded_factors(child, language)
        grid = factor_queries.grid_data(loader.load(instruments.FACTORS), recorded, language)
        return Response(FactorGridSerializer(grid).data)


@extend_schema(tags=["children"])
class SessionViewSet(ApiViewSet):
    """Toolkit sessions: metadata, and of the child's answers only those the caller may read:
    what the child shared with the team, and everything for the professional who held the
    session (cases.access.visible_answers, as on the pages)."""

    serializer_class = SessionSerializer

    def list(self, request, child_pk: int):
        visible = access.visible_answers(request.user, Answer.objects.order_by("created_at", "pk"))
        sessions = self.child().toolkit_sessions.prefetch_related(
            Prefetch("answers", queryset=visible, to_attr="visible_answers")
        )
        return self.page_of(sessions, SessionSerializer)


@extend_schema(tags=["return plan"])
class ReturnPlanViewSet(ApiViewSet):
    serializer_class = ReturnPlanSerializer

    def retrieve(self, request, family_pk: int):
        plan = plans.plan_of(self.family())
        current = {
            "version": plan.version,
            "needed_days": plan.needed_days,
            "updated_at": plan.updated_at if plan.pk else None,
            **plans.snapshot(plan),
        }
        return Response(ReturnPlanSerializer(current).data)

    @extend_schema(responses=PlanVersionSerializer(many=True))
    def versions(self, request, family_pk: int):
        versions = PlanVersion.objects.filter(plan__family=self.family()).select_related("saved_by")
        return self.page_of(versions.order_by("-number"), PlanVersionSerializer)


CONFLICT = OpenApiResponse(description="Changed meanwhile: read again, sign the new version.")


@extend_schema(tags=["children"])
class BestInterestsViewSet(ApiViewSet):
    """The child's best-interests assessments with their sign-offs and what is still missing
    before the draft can become final; signing off the draft (return officer, guardian, care
    worker on the case), with the same rule, service and audit as the page."""

    serializer_class = BestInterestsSerializer

    def list(self, request, child_pk: int):
        assessments = self.child().best_interests.order_by("-updated_at", "-pk")
        return self.page_of(assessments, BestInterestsSerializer)

    @extend_schema(
        request=SignOffRequestSerializer, responses={200: BestInterestsSerializer, 409: CONFLICT}
    )
    def sign_off(self, request, child_pk: int):
        child = access.require_signer(request, self.child())
        draft = child.best_interests.filter(status="draft").first()
        if draft is None:
            raise ValidationError({"version": [_("There is no draft assessment to sign off.")]})
        body = SignOffRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            assessments.sign_off_best_interests(
                request, request.user, draft, body.validated_data["version"]
            )
        except (assessments.StaleAssessment, assessments.NotAllowed):
            raise Conflict() from None
        draft.refresh_from_db()
        return Response(BestInterestsSerializer(draft).data)
