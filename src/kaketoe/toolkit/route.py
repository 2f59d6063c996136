"""What step 2A asks for of the toolkit on the route map (cases/route_map.py,
docs/route-map.md): a recorded session with each child of toolkit age, and a farewell for each
child of school age (farewell pages, or the farewell at school in guidance/route.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kaketoe.cases.route_map import Need, evidence
from kaketoe.cases.rules import is_school_age
from kaketoe.toolkit import rules
from kaketoe.toolkit.models import ChildSession, FarewellMessage


@evidence("2A")
def step_2a_toolkit(family, children) -> list:
    ids = [child.pk for child in children]
    recorded = set(
        ChildSession.objects.filter(child_id__in=ids, recorded_at__isnull=False).values_list(
            "child_id", flat=True
        )
    )
    farewells = set(
        FarewellMessage.objects.filter(child_id__in=ids).values_list("child_id", flat=True)
    )
    farewells |= _farewell_at_school(ids)
    needs = []
    for child in children:
        url = reverse("toolkit:child", args=[family.pk, child.pk])
        if rules.kit_for(child.age_band()):
            needs.append(
                Need(
                    f"2A:toolkit:{child.pk}",
                    _("A toolkit session with %(name)s, recorded afterwards")
                    % {"name": child.given_name},
                    url,
                    met=child.pk in recorded,
                    notable=True,
                )
            )
        if is_school_age(child.age()):
            needs.append(
                Need(
                    f"2A:farewell:{child.pk}",
                    _("A farewell for %(name)s (farewell pages or at school)")
                    % {"name": child.given_name},
                    reverse("toolkit:farewell", args=[family.pk, child.pk]),
                    met=child.pk in farewells,
                    notable=True,
                )
            )
    return needs


def _farewell_at_school(ids: list[int]) -> set[int]:
    from kaketoe.guidance.models import SchoolHandover

    return set(
        SchoolHandover.objects.filter(child_id__in=ids, farewell_done=True).values_list(
            "child_id", flat=True
        )
    )
