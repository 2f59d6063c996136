"""What step 3 asks for on the route map (cases/route_map.py, docs/route-map.md): the
departure, the 6-, 12- and 18-month visits of each child (or a note per missing visit) and at
least twelve months of monitoring since the departure (the handbook: at least a year)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.cases.route_map import Need, evidence
from kaketoe.monitoring import rules
from kaketoe.monitoring.models import MonitoringVisit

MINIMUM_MONTHS = 12


@evidence("3")
def step_3(family, children) -> list:
    url = reverse("monitoring:family", args=[family.pk])
    departed = family.actual_departure
    if departed is None:
        return [Need("3:departure", _("The actual departure recorded"), url, met=False)]
    visits = set(MonitoringVisit.objects.filter(family=family).values_list("child_id", "month"))
    needs = [
        Need(
            f"3:visit:{child.pk}:{month}",
            _("The %(month)s-month visit of %(name)s") % {"month": month, "name": child.given_name},
            url,
            met=(child.pk, month) in visits,
            notable=True,  # e.g. the family could not be reached: a note says why
        )
        for child in children
        for month, _label in MonitoringVisit.Month.choices
    ]
    a_year_on = rules.add_months(departed, MINIMUM_MONTHS)
    needs.append(
        Need(
            "3:a_year",
            _("At least %(months)s months of monitoring (from %(day)s)")
            % {"months": MINIMUM_MONTHS, "day": a_year_on.isoformat()},
            url,
            met=timezone.localdate() >= a_year_on,
        )
    )
    return needs
