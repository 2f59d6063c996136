from django.urls import path

from kaketoe.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_log, name="log"),
    path("break-glass/", views.break_glass_uses, name="break_glass"),
    path("processing/", views.records_of_processing, name="processing"),
    path("erasure/", views.erasure_requests, name="erasures"),
    path("erasure/new/", views.erasure_new, name="erasure_new"),
    path("erasure/<int:erasure_pk>/", views.erasure_detail, name="erasure"),
]
