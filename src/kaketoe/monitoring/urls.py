from django.urls import path

from kaketoe.monitoring import views

app_name = "monitoring"
F = "families/<int:pk>/monitoring/"
urlpatterns = [
    path("monitoring/", views.families_abroad, name="families"),
    path("monitoring/due/", views.due, name="due"),
    path("monitoring/cohort/", views.cohort, name="cohort"),
    path("monitoring/cohort.csv", views.cohort_csv, name="cohort_csv"),
    path("monitoring/cohort.xlsx", views.cohort_xlsx, name="cohort_xlsx"),
    path(F, views.family, name="family"),
    path(F + "work/<int:work_pk>/done/", views.work_done, name="work_done"),
    path(F + "children/<int:child_pk>/visits/new/", views.visit_add, name="visit_add"),
    path(F + "visits/<int:visit_pk>/", views.visit, name="visit"),
    path(F + "children/<int:child_pk>/trend/", views.trend, name="trend"),
    path(F + "alerts/<int:alert_pk>/", views.alert, name="alert"),
    path(F + "reports/new/", views.report_add, name="report_add"),
    path(F + "reports/<int:report_pk>/", views.report, name="report"),
    path(F + "reports/<int:report_pk>/pdf/", views.report_pdf, name="report_pdf"),
]
