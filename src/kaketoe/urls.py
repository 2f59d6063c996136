from django.urls import include, path

from kaketoe import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("", include("kaketoe.cases.urls")),
    path("accounts/", include("kaketoe.accounts.urls")),
    path("audit/", include("kaketoe.audit.urls")),
    path("", include("kaketoe.assessments.urls")),
    path("", include("kaketoe.plans.urls")),
    path("", include("kaketoe.consent.urls")),
    path("", include("kaketoe.toolkit.urls")),
    path("", include("kaketoe.guidance.urls")),
    path("api/", include("kaketoe.api.urls")),
    path("", include("kaketoe.api.exchange_urls")),
    path("", include("kaketoe.monitoring.urls")),
]

handler404 = "kaketoe.views.not_found"
handler500 = "kaketoe.views.server_error"
