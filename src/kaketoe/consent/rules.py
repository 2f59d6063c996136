"""Consent rules, as plain functions of entries and a day (tested without a database).

An entry is anything with `purpose`, `organisation_id`, `decision`, `recorded_on`,
`expires_on` and `pk`. For one purpose and one recipient organisation, the latest decision
counts: latest by the day it was taken, and among decisions of the same day the one recorded
last. A consent is valid while that decision is "given" and its expiry day (the last day it
holds) has not passed. Decisions dated after `today` do not count yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

GIVEN = "given"
REFUSED = "refused"
WITHDRAWN = "withdrawn"


def _order(entry) -> tuple:
    return (entry.recorded_on, entry.pk or 0)


def decisive_entry(entries: Iterable, purpose: str, organisation_id: int, today: date):
    """The entry that decides consent for this purpose and organisation on `today`, or None."""
    relevant = [
        entry
        for entry in entries
        if entry.purpose == purpose
        and entry.organisation_id == organisation_id
        and entry.recorded_on <= today
    ]
    return max(relevant, key=_order, default=None)


def is_in_force(entry, today: date) -> bool:
    """A given consent whose expiry day has not passed."""
    return (
        entry is not None
        and entry.decision == GIVEN
        and (entry.expires_on is None or today <= entry.expires_on)
    )


def valid_consent(entries: Iterable, purpose: str, organisation_id: int, today: date) -> bool:
    return is_in_force(decisive_entry(entries, purpose, organisation_id, today), today)


def decisive_entries(entries: Iterable, today: date) -> dict[tuple[str, int], object]:
    """The deciding entry per (purpose, organisation)."""
    entries = list(entries)
    keys = {(entry.purpose, entry.organisation_id) for entry in entries}
    return {key: decisive_entry(entries, *key, today) for key in keys}


def can_withdraw(entry, entries: Iterable, today: date) -> bool:
    """Only the consent that currently decides, and was given, can be withdrawn."""
    return entry.decision == GIVEN and entry == decisive_entry(
        entries, entry.purpose, entry.organisation_id, today
    )
