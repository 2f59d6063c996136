from django.urls import include, path

urlpatterns = [
    path("", include("kaketoe.cases.urls")),
    path("accounts/", include("kaketoe.accounts.urls")),
    path("audit/", include("kaketoe.audit.urls")),
    path("", include("kaketoe.assessments.urls")),
]

handler404 = "kaketoe.views.not_found"
handler500 = "kaketoe.views.server_error"
