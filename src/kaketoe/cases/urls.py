from django.urls import path, re_path

from kaketoe.cases import emergency, route_views, views

STEP = r"^families/(?P<pk>[0-9]+)/route/(?P<step>1A|1B|2A|2B|3)/"

app_name = "cases"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("team/", views.team_overview, name="team_overview"),
    path("families/new/", views.family_create, name="family_create"),
    path("emergency/", emergency.emergency_access, name="emergency_access"),
    path("families/<int:pk>/", views.family_detail, name="family"),
    path("families/<int:pk>/route/", route_views.route, name="route"),
    path("families/<int:pk>/route/note/", route_views.note, name="route_note"),
    re_path(STEP + "mark/$", route_views.mark, name="route_mark"),
    re_path(STEP + "unmark/$", route_views.unmark, name="route_unmark"),
    path("families/<int:pk>/edit/", views.family_edit, name="family_edit"),
    path("families/<int:pk>/members/new/", views.person_add, name="person_add"),
    path("families/<int:pk>/members/<int:person_pk>/edit/", views.person_edit, name="person_edit"),
    path("families/<int:pk>/team/new/", views.team_add, name="team_add"),
    path("families/<int:pk>/team/<int:member_pk>/remove/", views.team_remove, name="team_remove"),
    path(
        "families/<int:pk>/team/<int:member_pk>/restore/", views.team_restore, name="team_restore"
    ),
]
