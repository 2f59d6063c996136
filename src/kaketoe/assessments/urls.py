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
    path(
        "families/<int:pk>/children/<int:child_pk>/best-interests/",
        views.best_interests,
        name="best_interests",
    ),
    path(
        "families/<int:pk>/children/<int:child_pk>/best-interests/final/",
        views.best_interests_finalise,
        name="best_interests_finalise",
    ),
    path(
        "families/<int:pk>/children/<int:child_pk>/best-interests/reopen/",
        views.best_interests_reopen,
        name="best_interests_reopen",
    ),
    path("families/<int:pk>/safety/", views.safety, name="safety"),
]
