"""The rules of monitoring after return, as plain functions (no database).

- The schedule (handbook §15.8–15.9, appendix 9): a first contact soon after arrival, a progress
  report every two months for at least twelve months, checklist visits at 6, 12 and 18 months.
- A domain is falling when its points at a visit are lower than at the visit before.
- Cohort figures hide every group of fewer than five children.
- Visit windows (Kaketoe's operationalisation, issue 16 §4): a visit for month M dated more than
  30 days before M months after the actual departure needs a reason; it completes only its own
  planned visit, never other planned work.
- Closing a case (Kaketoe's operationalisation of "at least a year of monitoring", H7): before
  12 months after the actual departure, or before the 12-month visit, closing needs a reason.
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
MONITOR_AT_LEAST_MONTHS = 12
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


def visit_target(departure: date, month: int) -> date:
    """The day the month-M visit is aimed at: M months after the actual departure."""
    return add_months(departure, month)


def visit_is_early(departure: date, month: int, visit_date: date) -> bool:
    """A month-M visit dated more than 30 days before M months after the departure: too early
    to count as that visit without a reason (a "6 months" visit 20 days after departure)."""
    return visit_date < visit_target(departure, month) - timedelta(days=VISIT_WINDOW_DAYS)


def work_completed_by_visit(month: int) -> tuple[str, int]:
    """The one planned item a month-M visit (of every child) completes; nothing else."""
    return (VISIT, month)


def closing_needs_reason(
    departure: date | None, today: date, twelve_month_visit_done: bool
) -> bool:
    """Closing a case needs a recorded reason while the year of monitoring is not over: before
    12 months after the actual departure, or while the 12-month visit is not done. A case closed
    without a departure (the family did not return) is not monitoring's concern."""
    if departure is None:
        return False
    year_over = today >= add_months(departure, MONITOR_AT_LEAST_MONTHS)
    return not (year_over and twelve_month_visit_done)
