from django.urls import path

from kaketoe.guidance import views

app_name = "guidance"
CHILD = "families/<int:pk>/children/<int:child_pk>"
urlpatterns = [
    path(f"{CHILD}/guidance/", views.child_guidance, name="child"),
    path(f"{CHILD}/guidance/signals/add/", views.signal_add, name="signal_add"),
    path(f"{CHILD}/guidance/grief/add/", views.grief_add, name="grief_add"),
    path(f"{CHILD}/school-handover/", views.school_handover, name="school_handover"),
    path(f"{CHILD}/school-handover.pdf", views.school_handover_pdf, name="school_handover_pdf"),
    path("families/<int:pk>/parents/", views.parents, name="parents"),
    path("guidance/parent-brochure/", views.brochure, name="brochure"),
    path("guidance/parent-brochure.pdf", views.brochure_pdf, name="brochure_pdf"),
    path("guidance/culture/", views.culture, name="culture"),
]
