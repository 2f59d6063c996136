"""The return plan's rules in the handbook's words (§15.1–15.3). Pure functions: no database.

Preparation time (§15.3): every open item that must be arranged before departure (items due
'before departure' or 'on arrival') needs some weeks. One owner does their items one after
another; different owners work side by side. A family is short of time when the busiest owner
cannot finish before the departure date.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

BEFORE_DEPARTURE, ON_ARRIVAL, AFTER_ARRIVAL = "before_departure", "on_arrival", "after_arrival"
PREPARED_BEFORE_DEPARTURE = {BEFORE_DEPARTURE, ON_ARRIVAL}
OPEN, ARRANGED, DONE, DROPPED = "open", "arranged", "done", "dropped"
UNFINISHED = {OPEN, ARRANGED}

# The state of one item against the departure date.
LATE, DUE, PLANNED, UNDATED, FINISHED = "late", "due", "planned", "undated", "finished"
ACTIVE_STAGES = {"preparing", "guiding"}


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day when needed."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def departure_date(
    *, actual: date | None, planned: date | None, deadline: date | None
) -> date | None:
    """The day the plan counts from: the real departure once known, else the earliest of the
    planned departure and the departure deadline."""
    if actual:
        return actual
    known = [day for day in (planned, deadline) if day]
    return min(known) if known else None


def due_date(timing: str, months: int | None, departure: date | None) -> date | None:
    """The absolute due date of an item, when the family has a departure date."""
    if departure is None:
        return None
    if timing == AFTER_ARRIVAL:
        return add_months(departure, months or 0)
    return departure


@dataclass(frozen=True)
class Work:
    """What the preparation rule needs of one item."""

    status: str
    timing: str
    months: int | None
    weeks_needed: int
    owner: str  # a key: "member:12", "org:IOM" or "" when nobody owns it yet


def item_state(work: Work, departure: date | None, today: date) -> str:
    """late: still open after its due date; due: it is time to start (fewer days left than
    it needs); planned: later; undated: no departure date yet; finished: arranged/done/dropped."""
    if work.status != OPEN:
        return FINISHED
    due = due_date(work.timing, work.months, departure)
    if due is None:
        return UNDATED
    if due < today:
        return LATE
    if due - today <= timedelta(weeks=work.weeks_needed):
        return DUE
    return PLANNED


def needed_days(items: Iterable[Work]) -> int:
    """Days the busiest owner still needs for the open items that must be ready by departure."""
    per_owner: dict[str, int] = defaultdict(int)
    for work in items:
        if work.status == OPEN and work.timing in PREPARED_BEFORE_DEPARTURE:
            per_owner[work.owner] += work.weeks_needed * 7
    return max(per_owner.values(), default=0)


def short_of_time(needed: int | None, departure: date | None, today: date, stage: str) -> bool:
    """Flag a family whose open preparation cannot fit in the days left before departure."""
    if not needed or departure is None or stage not in ACTIVE_STAGES:
        return False
    return today + timedelta(days=needed) > departure


def drop_needs_reason(status: str, reason: str) -> bool:
    return status == DROPPED and not reason.strip()


def months_fit_timing(timing: str, months: int | None) -> bool:
    """'Within N months after arrival' needs N; the other timings take no months."""
    if timing == AFTER_ARRIVAL:
        return months is not None and months >= 1
    return months is None


def changed_fields(before: dict, after: dict) -> list[str]:
    """The keys whose values differ between two snapshots, in the order of `after`."""
    keys = list(after) + [key for key in before if key not in after]
    return [key for key in keys if before.get(key) != after.get(key)]


def attention_complete(answers: dict, codes: Iterable[str]) -> tuple[int, int]:
    """(ticked with evidence, total) for the attention points of the plan."""
    codes = list(codes)
    done = sum(
        1
        for code in codes
        if answers.get(code, {}).get("ticked") and answers.get(code, {}).get("evidence", "").strip()
    )
    return done, len(codes)


# A precondition item (appendix 1) suggests the plan domain of the item made from it; the
# user can change it. Longest matching code prefix wins; the area decides otherwise.
PRECONDITION_DOMAINS = {
    "B1-PHY": "safety",
    "B1-PSY": "psychosocial",
    "B1-MAT": "housing",
    "B1-LEG": "safety",
    "B1-PSY-09.3": "farewell",
    "B1-PSY-09.4": "social_network",
    "B1-PSY-09.5": "social_network",
    "B1-PSY-10.2.1": "education",
    "B1-PSY-10.2.2": "health",
    "B1-PSY-10.2.3": "documents",
    "B1-MAT-02": "health",
    "B1-MAT-03": "education",
    "B1-MAT-04": "education",
    "B1-MAT-05": "documents",
    "B1-MAT-06": "education",
    "B1-MAT-08": "income_work",
    "B1-MAT-09": "income_work",
    "B1-MAT-10": "income_work",
    "B1-LEG-04": "documents",
    "B1-LEG-05": "documents",
}


def domain_for_precondition(code: str) -> str:
    matches = [prefix for prefix in PRECONDITION_DOMAINS if code.startswith(prefix)]
    return PRECONDITION_DOMAINS[max(matches, key=len)] if matches else "safety"


# -- the family version of the plan (issue 14 §4) ------------------------------------------------

DEFAULT_FAMILY_LANGUAGE = "nl"
TEXT_LANGUAGES = ("nl", "en")


def text_language(ui_language: str) -> str:
    """The language a professional most likely writes an item in: their interface language
    when it is Dutch or English, else Dutch."""
    code = (ui_language or "").split("-")[0]
    return code if code in TEXT_LANGUAGES else DEFAULT_FAMILY_LANGUAGE


def spoken_language(spoken: str, names: dict[str, list[str]]) -> str:
    """The first language in a family's 'languages spoken' (free text, e.g. "Arabisch,
    Koerdisch") that `names` (code -> lower-case words for it) knows; '' if none."""
    for word in spoken.replace(";", ",").replace("/", ",").split(","):
        word = word.strip().lower()
        for code, words in names.items():
            if word in words:
                return code
    return ""


def family_language(
    requested: str, offered: Iterable[str], *, spoken: str = "", country_language: str = ""
) -> str:
    """The language of the family version: the one asked for (?lang=), else the first language
    the family speaks that is offered, else the language of the country of return, else Dutch."""
    offered = set(offered)
    for choice in (requested, spoken, country_language):
        if choice in offered:
            return choice
    return DEFAULT_FAMILY_LANGUAGE
