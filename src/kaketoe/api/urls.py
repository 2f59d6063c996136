"""/api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI for logged-in users), /api/v1/ resources."""

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from kaketoe.accounts.middleware import public

from . import child_views as child
from . import monitoring_views as monitoring
from . import views

LIST = {"get": "list", "post": "create"}
ONE = {"get": "retrieve", "patch": "partial_update"}

v1 = [
    path("families/", views.FamilyViewSet.as_view(LIST), name="families"),
    path("families/<int:family_pk>/", views.FamilyViewSet.as_view(ONE), name="family"),
    path("families/<int:family_pk>/members/", views.MemberViewSet.as_view(LIST), name="members"),
    path(
        "families/<int:family_pk>/members/<int:member_pk>/",
        views.MemberViewSet.as_view(ONE),
        name="member",
    ),
    path("families/<int:family_pk>/team/", views.TeamViewSet.as_view(LIST), name="team"),
    path(
        "families/<int:family_pk>/team/<int:member_pk>/",
        views.TeamViewSet.as_view({"delete": "destroy"}),
        name="team_member",
    ),
    path("families/<int:family_pk>/consents/", views.ConsentViewSet.as_view(LIST), name="consents"),
    path(
        "families/<int:family_pk>/consents/<int:consent_pk>/",
        views.ConsentViewSet.as_view({"get": "retrieve"}),
        name="consent",
    ),
    path(
        "families/<int:family_pk>/consents/<int:consent_pk>/withdraw/",
        views.ConsentViewSet.as_view({"post": "withdraw"}),
        name="consent_withdraw",
    ),
    path(
        "families/<int:family_pk>/timeline/",
        views.TimelineViewSet.as_view({"get": "list"}),
        name="timeline",
    ),
    path(
        "families/<int:family_pk>/return-plan/",
        child.ReturnPlanViewSet.as_view({"get": "retrieve"}),
        name="return_plan",
    ),
    path(
        "families/<int:family_pk>/return-plan/versions/",
        child.ReturnPlanViewSet.as_view({"get": "versions"}),
        name="return_plan_versions",
    ),
    path(
        "children/<int:child_pk>/preconditions/",
        child.PreconditionViewSet.as_view({"get": "list"}),
        name="preconditions",
    ),
    path(
        "children/<int:child_pk>/factors/",
        child.FactorViewSet.as_view(LIST),
        name="factors",
    ),
    path(
        "children/<int:child_pk>/factor-grid/",
        child.FactorGridViewSet.as_view({"get": "retrieve"}),
        name="factor_grid",
    ),
    path(
        "children/<int:child_pk>/best-interests/",
        child.BestInterestsViewSet.as_view({"get": "list"}),
        name="best_interests",
    ),
    path(
        "children/<int:child_pk>/best-interests/sign-off/",
        child.BestInterestsViewSet.as_view({"post": "sign_off"}),
        name="best_interests_sign_off",
    ),
    path(
        "children/<int:child_pk>/sessions/",
        child.SessionViewSet.as_view({"get": "list"}),
        name="sessions",
    ),
    path(
        "children/<int:child_pk>/monitoring-visits/",
        monitoring.MonitoringVisitViewSet.as_view(LIST),
        name="monitoring_visits",
    ),
    path(
        "families/<int:family_pk>/progress-reports/",
        monitoring.ProgressReportViewSet.as_view({"get": "list"}),
        name="progress_reports",
    ),
    path("alerts/", monitoring.AlertViewSet.as_view({"get": "list"}), name="alerts"),
]

app_name = "api"
urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include((v1, "v1"))),
]
