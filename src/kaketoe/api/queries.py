"""Plain data the API shows that the pages compute differently."""

from __future__ import annotations

from datetime import date

from kaketoe.consent.models import ConsentEntry, Decision


def withdrawal_dates(entries: list[ConsentEntry]) -> dict[int, date]:
    """For each given consent that a later withdrawal ended: the date of that withdrawal.

    The ledger is read per organisation and purpose in date order; a withdrawal ends the
    consent that was the latest decision before it.
    """
    ended: dict[int, date] = {}
    latest: dict[tuple, ConsentEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.recorded_on, e.pk)):
        key = (entry.organisation_id, entry.purpose)
        before = latest.get(key)
        if entry.decision == Decision.WITHDRAWN and before and before.decision == Decision.GIVEN:
            ended[before.pk] = entry.recorded_on
        latest[key] = entry
    return ended
