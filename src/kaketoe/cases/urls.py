from django.urls import path

from kaketoe.cases import emergency, views

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("families/new/", views.family_create, name="family_create"),
    path("emergency/", emergency.emergency_access, name="emergency_access"),
    path("families/<int:pk>/", views.family_detail, name="family"),
    path("families/<int:pk>/edit/", views.family_edit, name="family_edit"),
    path("families/<int:pk>/members/new/", views.person_add, name="person_add"),
    path("families/<int:pk>/members/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("families/<int:pk>/team/new/", views.team_add, name="team_add"),
    path("families/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
]
