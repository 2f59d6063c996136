"""Business rules about families and children as small pure functions (tested without HTTP)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Age bands choose the toolkit (booklet 6–9, cards 10–12), the conversation guidance and the
# age-specific texts of the risk dimensions (0–5, 6–12, 12–18) in later instruments.
AGE_BANDS = [(0, 5, "0-5"), (6, 9, "6-9"), (10, 12, "10-12"), (13, 17, "13-17")]
ADULT_BAND = "18+"

ROUTE_STEPS = ["1A", "1B", "2A", "2B", "3"]


def age_on(born: date, today: date) -> int:
    """Whole years between born and today."""
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return ADULT_BAND


# Transliteration: Arabic, Farsi, Armenian, Cyrillic names reach us in many Latin spellings
# (Mohammed, Muhammad, Mohamad; Youssef, Yusuf). The key keeps the first letter and the
# consonants, with each run of vowels reduced to one mark (Mahmoud stays apart from Mohammed),
# after folding common digraph variants, so such spellings meet.
_DIGRAPHS = [
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("dj", "j"),
    ("zh", "j"),
    ("ts", "s"),
    ("w", "v"),
    ("x", "ks"),
    ("c", "k"),
    ("z", "s"),
    ("y", ""),
]


def name_key(name: str) -> str:
    """A spelling-tolerant key for one or more names: 'Mohammed Al-Hassan' ~ 'Muhammad Alhasan'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z]+", ascii_name.replace("-", "").replace("'", ""))
    return " ".join(_word_key(word) for word in words if word)


def _word_key(word: str) -> str:
    first, rest = word[0], word[1:]
    for old, new in _DIGRAPHS:
        rest = rest.replace(old, new)
    rest = re.sub(r"(.)\1+", r"\1", rest)
    rest = re.sub(r"[aeiou]+", ".", rest)
    first = {
        "y": "j",
        "c": "k",
        "q": "k",
        "z": "s",
        "w": "v",
        "e": "a",
        "o": "a",
        "u": "a",
        "i": "a",
    }.get(first, first)
    return first + rest


@dataclass(frozen=True)
class Deadline:
    kind: str  # "departure_deadline", "planned_departure", "next_monitoring"
    day: date

    def is_overdue(self, today: date) -> bool:
        return self.day < today


def upcoming_deadlines(
    *,
    stage: str,
    departure_deadline: date | None,
    planned_departure: date | None,
    next_monitoring: date | None,
) -> list[Deadline]:
    """The dates a team works towards in this stage, earliest first."""
    if stage == "closed":
        return []
    if stage in {"departed", "monitoring"}:
        candidates = [("next_monitoring", next_monitoring)]
    else:
        candidates = [
            ("departure_deadline", departure_deadline),
            ("planned_departure", planned_departure),
        ]
    return sorted((Deadline(kind, day) for kind, day in candidates if day), key=lambda d: d.day)


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    return deadlines[0] if deadlines else None


def caseload_sort_key(deadline: Deadline | None, today: date) -> tuple:
    """Overdue first (oldest first), then the nearest deadline, then families without one."""
    if deadline is None:
        return (2, date.max)
    return (0 if deadline.is_overdue(today) else 1, deadline.day)


NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
OVERRIDE_MIN_REASON = 20


def step_status(needs: list[tuple[bool, bool]], *, overridden: bool = False) -> str:
    """A route-map step's status from its evidence: `needs` holds (met, settled by a note) for
    each piece of evidence the step asks for. Done when every piece is met or settled (or a
    professional marked the step done against the evidence); not started while nothing is;
    otherwise in progress. A step that asks for nothing yet (no children, no departure) has
    not started."""
    if overridden:
        return DONE
    settled = [met or noted for met, noted in needs]
    if settled and all(settled):
        return DONE
    return IN_PROGRESS if any(settled) else NOT_STARTED


def is_school_age(age: int | None) -> bool:
    """Farewell and school handover are asked for children of school age: 4 to 17 (Dutch
    children go to school from 4; Kaketoe's reading where the handbook gives no age)."""
    return age is not None and 4 <= age <= 17


CASE_PREFIX = "KKT-"


def case_pk(text: str) -> int | None:
    """The family id in a typed case number ("KKT-000012", "kkt-12", "12"), or None when the text
    is not one. isdecimal, not isdigit: int("²") fails; at most 9 digits fit every database."""
    raw = text.strip().upper().removeprefix(CASE_PREFIX)
    return int(raw) if raw.isdecimal() and len(raw) <= 9 else None


# Team places (issue 17 §1) --------------------------------------------------------------------

RESTORE_DAYS = 7  # a removed place can be restored from the team card for this many days
REMOVAL_MIN_REASON = 10
LAST_REGIEVOERDER = "last_regievoerder"
LAST_OF_OWNER = "last_of_owner"


@dataclass(frozen=True)
class Place:
    """An active place on a family's team, as the removal rule needs it."""

    pk: int
    role: str  # accounts.Role value; "" for the informal network
    organisation_id: int | None


def removal_refusal(place: Place, active: list[Place], owner_organisation_id: int | None):
    """Why this place may not be removed (LAST_REGIEVOERDER, LAST_OF_OWNER), or None.

    A case keeps its last return officer (regievoerder) and at least one person of the
    organisation that owns the case (the one whose colleague opened it): without them nobody
    steers the case and the owner loses sight of it. `active` holds every active place,
    `place` included. Informal members are only recorded, so they can always go."""
    others = [p for p in active if p.pk != place.pk]
    if place.role == "regievoerder" and not any(p.role == "regievoerder" for p in others):
        return LAST_REGIEVOERDER
    owner = owner_organisation_id
    is_owners = owner is not None and place.organisation_id == owner
    if is_owners and not any(p.organisation_id == owner for p in others):
        return LAST_OF_OWNER
    return None


def may_restore(removed_at: datetime | None, now: datetime) -> bool:
    """A removed place can be put back by a team editor for RESTORE_DAYS after the removal."""
    return removed_at is not None and now - removed_at <= timedelta(days=RESTORE_DAYS)


def restorable_until(removed_at: datetime) -> datetime:
    return removed_at + timedelta(days=RESTORE_DAYS)
