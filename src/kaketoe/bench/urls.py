from django.urls import include, path

from kaketoe.bench import views

urlpatterns = [
    path("bench/trivial/", views.trivial, name="bench_trivial"),
    path("", include("kaketoe.urls")),
]
