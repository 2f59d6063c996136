"""What step 1B asks for on the route map (cases/route_map.py, docs/route-map.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kaketoe.assessments import instruments
from kaketoe.assessments.models import PreconditionAnswer
from kaketoe.assessments.rules import NOT_MET
from kaketoe.cases.route_map import Need, blocker, evidence
from kaketoe.catalogues import loader
from kaketoe.plans.models import ChildVoice, Source

VOICE_FROM_AGE = 6


@evidence("1B")
def step_1b(family, children) -> list:
    items = list(family.plan_items.values_list("child_id", "source", "source_ref"))
    plan_url = reverse("plans:plan", args=[family.pk])
    needs = [
        Need(
            f"1B:plan:{child.pk}",
            _("Plan items for %(name)s") % {"name": child.given_name},
            plan_url,
            met=any(child_id == child.pk for child_id, _s, _r in items),
        )
        for child in children
    ]
    return needs + _open_points(family, children, items) + _voices(family, children)


def _open_points(family, children, items) -> list[Need]:
    """Every unmet precondition has a plan item made from it, or a note why not."""
    catalogue = loader.load(instruments.PRECONDITIONS)
    answered = {(i, c) for i, s, c in items if s == Source.PRECONDITION}
    names = {child.pk: child.given_name for child in children}
    unmet = PreconditionAnswer.objects.filter(
        family=family, catalogue_version=catalogue.version, status=NOT_MET
    ).values_list("child_id", "item_code")
    needs = []
    for child_id, code in sorted(unmet, key=lambda slot: (slot[0] or 0, slot[1])):
        label = Truncator(catalogue.item(code).label(get_language() or "en")).chars(80)
        who = f" ({names[child_id]})" if child_id in names else ""
        needs.append(
            Need(
                f"1B:open:{child_id or 'family'}:{code}",
                _("Unmet precondition%(who)s: %(label)s — a plan item or a note why not")
                % {"who": who, "label": label},
                reverse("assessments:preconditions", args=[family.pk]),
                met=(child_id, code) in answered,
                notable=True,
            )
        )
    return needs


def _voices(family, children) -> list[Need]:
    """The child's voice in the plan for each child of 6 or older, or a note why not."""
    heard = set(ChildVoice.objects.filter(child__family=family).values_list("child_id", flat=True))
    return [
        Need(
            f"1B:voice:{child.pk}",
            _("The voice of %(name)s in the return plan") % {"name": child.given_name},
            reverse("plans:voices", args=[family.pk, child.pk]),
            met=child.pk in heard,
            notable=True,
        )
        for child in children
        if (child.age() or 0) >= VOICE_FROM_AGE
    ]


@blocker
def before_departure(family, children) -> list[str]:
    """Step 1B's blocker: a return plan with items for each child."""
    with_items = set(family.plan_items.values_list("child_id", flat=True))
    return [
        _("No return plan items for %(name)s") % {"name": child.given_name}
        for child in children
        if child.pk not in with_items
    ]
