"""File exchange pages (exports and the browser import); the API itself is in urls.py."""

from django.urls import path

from . import exchange_views as views

app_name = "exchange"
urlpatterns = [
    path("families/<int:pk>/export.json", views.family_json, name="family_json"),
    path("families/<int:pk>/export.pdf", views.family_pdf, name="family_pdf"),
    path("monitoring/export.csv", views.monitoring_csv, name="monitoring_csv"),
    path("monitoring/export.xlsx", views.monitoring_xlsx, name="monitoring_xlsx"),
    path("accounts/organisation/import/", views.import_families, name="import_families"),
]
