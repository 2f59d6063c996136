from django.urls import path

from kaketoe.assessments import views

app_name = "assessments"
urlpatterns = [
    path("families/<int:pk>/preconditions/", views.preconditions, name="preconditions"),
    path(
        "families/<int:pk>/preconditions/<str:area>/",
        views.preconditions_area,
        name="preconditions_area",
    ),
    path("families/<int:pk>/children/<int:child_pk>/factors/", views.factors, name="factors"),
    path(
        "families/<int:pk>/children/<int:child_pk>/factors/add/",
        views.factor_add,
        name="factor_add",
    ),
    path(
        "families/<int:pk>/children/<int:child_pk>/factors/<int:factor_pk>/withdraw/",
        views.factor_withdraw,
        name="factor_withdraw",
    ),
    path(
        "families/<int:pk>/children/<int:child_pk>/measures/add/",
        views.measure_add,
        name="measure_add",
    ),
    path(
        "families/<int:pk>/children/<int:child_pk>/factors.pdf",
        views.factors_pdf,
        name="factors_pdf",
    ),
]
