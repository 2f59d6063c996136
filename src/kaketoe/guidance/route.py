"""What the guidance of children and parents adds to the route map (cases/route_map.py,
docs/route-map.md): step 2A a school handover for each child of school age; step 2B a
conversation with the parents and the parent brochure handed over."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kaketoe.cases.route_map import Need, evidence
from kaketoe.cases.rules import is_school_age
from kaketoe.guidance.models import ParentConversation, SchoolHandover


@evidence("2A")
def step_2a_school(family, children) -> list:
    handed = set(
        SchoolHandover.objects.filter(child__in=children).values_list("child_id", flat=True)
    )
    return [
        Need(
            f"2A:school:{child.pk}",
            _("A school handover for %(name)s") % {"name": child.given_name},
            reverse("guidance:school_handover", args=[family.pk, child.pk]),
            met=child.pk in handed,
            notable=True,  # e.g. a child who does not go to school: a note says so
        )
        for child in children
        if is_school_age(child.age())
    ]


@evidence("2B")
def step_2b(family, children) -> list:
    url = reverse("guidance:parents", args=[family.pk])
    return [
        Need(
            "2B:conversation",
            _("A conversation with the parents, recorded"),
            url,
            met=ParentConversation.objects.filter(family=family).exists(),
        ),
        Need(
            "2B:brochure",
            _("The parent brochure handed over (note when, and in which language)"),
            url,
            met=False,  # handing over a printed brochure leaves no other trace: the note is it
            notable=True,
        ),
    ]
