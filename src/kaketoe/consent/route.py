"""What the consent ledger adds to the departure readiness check (cases/route_map.py): the
parents' valid consent to hand the case over to the partner organisation abroad."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.cases.route_map import blocker
from kaketoe.consent import rules
from kaketoe.consent.models import Purpose


@blocker
def before_departure(family, children) -> list[str]:
    today = timezone.localdate()
    deciding = rules.decisive_entries(family.consents.all(), today)
    valid = any(
        purpose == Purpose.HANDOVER and rules.is_in_force(entry, today)
        for (purpose, _organisation), entry in deciding.items()
    )
    if valid:
        return []
    return [_("No valid consent of the parents to hand the case over to the partner abroad")]
