"""The rules of monitoring after return, as plain functions (no database).

- The schedule (handbook §15.8–15.9, appendix 9): a first contact soon after arrival, a progress
  report every two months for at least twelve months, checklist visits at 6, 12 and 18 months.
- A domain is falling when its points at a visit are lower than at the visit before.
- Cohort figures hide every group of fewer than five children.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_CONTACT = "first_contact"
PROGRESS_REPORT = "progress_report"
VISIT = "visit"

FIRST_CONTACT_DAYS = 14
REPORT_EVERY_MONTHS = 2
REPORT_UNTIL_MONTHS = 12
REPORT_WINDOW_DAYS = 14
VISIT_MONTHS = (6, 12, 18)
VISIT_WINDOW_DAYS = 30
REMIND_DAYS_BEFORE = 7
SMALLEST_GROUP = 5


@dataclass(frozen=True)
class Planned:
    kind: str
    number: int  # the report's month after arrival, the visit's month; 0 for the first contact
    opens_on: date
    due_on: date


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule(departure: date) -> list[Planned]:
    """Everything the partner organisation and the team plan from the actual departure on."""
    planned = [Planned(FIRST_CONTACT, 0, departure, departure + timedelta(days=FIRST_CONTACT_DAYS))]
    for month in range(REPORT_EVERY_MONTHS, REPORT_UNTIL_MONTHS + 1, REPORT_EVERY_MONTHS):
        target = add_months(departure, month)
        window = timedelta(days=REPORT_WINDOW_DAYS)
        planned.append(Planned(PROGRESS_REPORT, month, target - window, target + window))
    for month in VISIT_MONTHS:
        target = add_months(departure, month)
        window = timedelta(days=VISIT_WINDOW_DAYS)
        planned.append(Planned(VISIT, month, target - window, target + window))
    return sorted(planned, key=lambda p: (p.due_on, p.kind))


def work_state(opens_on: date, due_on: date, done_on: date | None, today: date) -> str:
    """done, overdue, due (window open), soon (opens within a week) or later."""
    if done_on is not None:
        return "done"
    if today > due_on:
        return "overdue"
    if today >= opens_on:
        return "due"
    if (opens_on - today).days <= REMIND_DAYS_BEFORE:
        return "soon"
    return "later"


def falling_domains(levels_by_month: dict[int, dict[str, int]]) -> set[tuple[int, str]]:
    """(month, domain) where the domain scored fewer points than at the visit before it."""
    falling, previous = set(), {}
    for month in sorted(levels_by_month):
        for domain, points in levels_by_month[month].items():
            if domain in previous and points < previous[domain]:
                falling.add((month, domain))
            previous[domain] = points
    return falling


def suppressed(count: int) -> bool:
    """A group smaller than five children is never shown (zero is not a group)."""
    return 0 < count < SMALLEST_GROUP
