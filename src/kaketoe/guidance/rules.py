"""Rules of step-2 guidance as pure functions over plain data (tested without HTTP).

The handbook (appendix 7) asks professionals to recognise and place signals and, when needed,
engage extra psychosocial help. Kaketoe turns that into one prompt: "involve a care
professional", shown when signals pile up or when a signal marked serious is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PILE_UP_COUNT = 3  # this many signals ...
PILE_UP_DAYS = 30  # ... observed within this many days pile up
SERIOUS_DAYS = 90  # a serious signal keeps the prompt up this long


@dataclass(frozen=True)
class Observed:
    """One signal as the rule sees it."""

    label: str
    observed_on: date
    serious: bool = False


@dataclass(frozen=True)
class CarePrompt:
    """Why the team should involve a care professional now."""

    piled_up: int  # signals in the busiest window of PILE_UP_DAYS (0 if they do not pile up)
    serious: tuple[str, ...]  # labels of the recent serious signals

    @property
    def reasons(self) -> list[str]:
        return (["piled_up"] if self.piled_up else []) + (["serious"] if self.serious else [])


def recent(observations: Iterable[Observed], today: date, days: int) -> list[Observed]:
    """Signals observed in the `days` days up to and including today."""
    first = today - timedelta(days=days - 1)
    return [o for o in observations if first <= o.observed_on <= today]


def busiest_window(observations: Iterable[Observed], days: int = PILE_UP_DAYS) -> int:
    """The most signals observed within any `days` consecutive days."""
    dates = sorted(o.observed_on for o in observations)
    best, start = 0, 0
    for end, day in enumerate(dates):
        while (day - dates[start]).days >= days:
            start += 1
        best = max(best, end - start + 1)
    return best


def care_prompt(observations: Iterable[Observed], today: date) -> CarePrompt | None:
    """Prompt when PILE_UP_COUNT signals fall within PILE_UP_DAYS days of each other (looking
    back SERIOUS_DAYS days), or when a serious signal was observed in the last SERIOUS_DAYS."""
    window = recent(observations, today, SERIOUS_DAYS)
    busiest = busiest_window(window)
    piled_up = busiest if busiest >= PILE_UP_COUNT else 0
    serious = tuple(o.label for o in window if o.serious)
    if not piled_up and not serious:
        return None
    return CarePrompt(piled_up=piled_up, serious=serious)


def changed_fields(before: dict, after: dict) -> list[str]:
    """Names of the fields whose values differ between two snapshots."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))


def documents_to_arrange(documents: Iterable[tuple[str, bool, bool]]) -> list[tuple[str, str]]:
    """(document, what is missing: "present" or "translated") for each document not ready."""
    todo = []
    for label, present, translated in documents:
        if not present:
            todo.append((label, "present"))
        elif not translated:
            todo.append((label, "translated"))
    return todo
