from django.urls import path

from kaketoe.consent import views

app_name = "consent"
urlpatterns = [
    path("families/<int:pk>/consent/new/", views.consent_new, name="consent_new"),
    path(
        "families/<int:pk>/consent/<int:entry_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("families/<int:pk>/consent/<int:entry_pk>/scan/", views.scan_new, name="scan_new"),
    path(
        "families/<int:pk>/consent/scans/<int:scan_pk>/download/",
        views.scan_download,
        name="scan_download",
    ),
    path("families/<int:pk>/handover/", views.handover, name="handover"),
]
