from django.urls import path

from kaketoe.plans import views

app_name = "plans"
FAMILY = "families/<int:pk>/plan/"
CHILD = "families/<int:pk>/children/<int:child_pk>/voice/"
urlpatterns = [
    path(FAMILY, views.plan, name="plan"),
    path(f"{FAMILY}items/add/", views.item_add, name="item_add"),
    path(f"{FAMILY}items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path(
        f"{FAMILY}from-precondition/", views.item_from_precondition, name="item_from_precondition"
    ),
    path(f"{FAMILY}attention-points/", views.attention, name="attention"),
    path(f"{FAMILY}history/", views.history, name="history"),
    path("families/<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
    path(f"{FAMILY}family-version/", views.family_plan, name="family_plan"),
    path("families/<int:pk>/family-plan.pdf", views.family_plan_pdf, name="family_plan_pdf"),
    path(f"{FAMILY}who-does-what/", views.who_does_what, name="who_does_what"),
    path(f"{FAMILY}network/", views.network, name="network"),
    path(f"{FAMILY}network/<int:member_pk>/trust/", views.network_trust, name="network_trust"),
    path(f"{FAMILY}meetings/", views.meetings, name="meetings"),
    path(f"{FAMILY}meetings/add/", views.meeting_add, name="meeting_add"),
    path(f"{FAMILY}meetings/<int:meeting_pk>/", views.meeting, name="meeting"),
    path(f"{FAMILY}meetings/<int:meeting_pk>/decisions/", views.decision_add, name="decision_add"),
    path(CHILD, views.voices, name="voices"),
    path(f"{CHILD}<int:voice_pk>/", views.voice_edit, name="voice_edit"),
    path(f"{CHILD}toolkit/<int:answer_pk>/", views.voice_from_answer, name="voice_from_answer"),
]
