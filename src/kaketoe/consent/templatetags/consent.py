"""The "Consent and sharing" section of the family page: `{% consent_section family can_edit %}`."""

from __future__ import annotations

from django import template
from django.utils import timezone

from kaketoe.consent import rules, services
from kaketoe.consent.models import Purpose

register = template.Library()


@register.inclusion_tag("consent/_section.html")
def consent_section(family, can_edit: bool = False) -> dict:
    today = timezone.localdate()
    entries = services.ledger(family)
    scans = services.scans_by_entry(family)
    handovers = family.handovers.select_related("organisation", "handed_over_by")
    return {
        "family": family,
        "can_edit": can_edit,
        "entries": [
            (entry, rules.can_withdraw(entry, entries, today), scans.get(entry.pk, []))
            for entry in entries
        ],
        "handovers": [(handover, _in_force(handover, entries, today)) for handover in handovers],
        "today": today,
    }


def _in_force(handover, entries, today) -> bool:
    return handover.ended_at is None and rules.valid_consent(
        entries, Purpose.HANDOVER, handover.organisation_id, today
    )
