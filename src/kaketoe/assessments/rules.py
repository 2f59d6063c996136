"""Rules of the step-1A instruments as pure functions over plain data (tested without HTTP)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MET, NOT_MET, NOT_APPLICABLE, UNKNOWN = "met", "not_met", "na", "unknown"


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    met: int
    not_met: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def slots(item_scopes: dict[str, str], child_ids: Iterable[int]) -> list[tuple[int | None, str]]:
    """Every (child or None for the family, item code) that needs an answer."""
    children = list(child_ids)
    result = []
    for code, scope in item_scopes.items():
        if scope == "child":
            result += [(child, code) for child in children]
        else:
            result.append((None, code))
    return result


def progress(
    slot_list: list[tuple[int | None, str]], answers: dict[tuple[int | None, str], str]
) -> Progress:
    """Answered = anything but unknown; not applicable counts as answered, not as met."""
    statuses = [answers.get(slot, UNKNOWN) for slot in slot_list]
    count = Counter(statuses)
    return Progress(
        total=len(statuses),
        answered=len(statuses) - count[UNKNOWN],
        met=count[MET],
        not_met=count[NOT_MET],
    )


def open_points(slot_list, answers) -> list[tuple[int | None, str]]:
    """The unmet items: each is a candidate action for the return plan."""
    return [slot for slot in slot_list if answers.get(slot) == NOT_MET]


@dataclass(frozen=True)
class Factor:
    level: str
    phase: str
    kind: str  # "risk" or "protective"
    code: str = ""
    weighs_most: bool = False
    tags: tuple[str, ...] = ()
    ident: int = 0  # the recorded factor's id, so two alike records stay two

    @property
    def original(self) -> str:
        """The catalogue factor as the handbook places it (an inherited copy's origin)."""
        return self.code.split("@")[0] or f"#{self.ident}"


def grid_counts(factors: Iterable[Factor]) -> dict[tuple[str, str], dict[str, int]]:
    """Counts per (level, phase) cell and kind, shown beside each other (never netted)."""
    grid: dict[tuple[str, str], dict[str, int]] = {}
    for factor in factors:
        cell = grid.setdefault((factor.level, factor.phase), {"risk": 0, "protective": 0})
        cell[factor.kind] += 1
    return grid


def weighing_most(factors: Iterable[Factor]) -> list[Factor]:
    """Risk factors the handbook names as weighing most (length of stay, parents' health)."""
    return [f for f in factors if f.kind == "risk" and f.weighs_most]


def combination_present(factors: Iterable[Factor], combination: Iterable[str]) -> bool:
    """True when every element of the handbook's risky combination is among the risk factors:
    little bond with the country of origin + poor parental (mental) health + no network."""
    needed = set(combination)
    present = {tag for f in factors if f.kind == "risk" for tag in f.tags}
    return bool(needed) and needed <= present


# Kinds of accumulation flag, most telling first.
WEIGHS_MOST, COMBINATION, LEVELS, LEVEL, PHASE = (
    "weighs_most",
    "combination",
    "levels",
    "level",
    "phase",
)


@dataclass(frozen=True)
class Thresholds:
    """Kaketoe's operationalisation of "accumulation" (the handbook gives no numbers); the
    factors catalogue holds the numbers in `accumulation_rule`."""

    levels_min: int = 3  # risks at this many of the four levels
    per_level_min: int = 3  # risks within one level (all phases)
    per_phase_min: int = 3  # risks within one phase (all levels)


@dataclass(frozen=True)
class Flag:
    kind: str
    factors: tuple[Factor, ...]
    group: str = ""  # the level or phase a LEVEL or PHASE flag is about


def accumulation(
    factors: Iterable[Factor],
    combination: Iterable[str] = (),
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, shared safely
) -> list[Flag]:
    """Where risks pile up, computed from risk factors only: protective factors never take a
    risk away (handbook 3.4: "not a simple balance"). Each factor that weighs most on its own;
    the handbook's combination; risks at `levels_min` levels; `per_level_min` risks in one
    level; `per_phase_min` risks in one phase."""
    risks = tuple(f for f in factors if f.kind == "risk")
    # One flag per factor that weighs most, with each phase it is recorded in.
    same_factor = _grouped(tuple(weighing_most(risks)), "original")
    flags = [Flag(WEIGHS_MOST, group) for group in same_factor.values()]
    needed = set(combination)
    if combination_present(risks, needed):
        flags.append(Flag(COMBINATION, tuple(f for f in risks if needed & set(f.tags))))
    by_level = _grouped(risks, "level")
    if len(by_level) >= thresholds.levels_min:
        flags.append(Flag(LEVELS, risks))
    flags += [
        Flag(LEVEL, group, name)
        for name, group in by_level.items()
        if len(group) >= thresholds.per_level_min
    ]
    flags += [
        Flag(PHASE, group, name)
        for name, group in _grouped(risks, "phase").items()
        if len(group) >= thresholds.per_phase_min
    ]
    return flags


def _grouped(factors: tuple[Factor, ...], attribute: str) -> dict[str, tuple[Factor, ...]]:
    groups: dict[str, tuple[Factor, ...]] = {}
    for factor in factors:
        key = getattr(factor, attribute)
        groups[key] = groups.get(key, ()) + (factor,)
    return groups


def safety_warning(
    latest: date | None, today: date, departure: date | None, *, max_age_months: int, warn_days: int
) -> str | None:
    """'missing' when departure approaches without a safety assessment, 'outdated' when the
    latest one is older than max_age_months; otherwise None."""
    departing_soon = departure is not None and (departure - today).days <= warn_days
    if latest is None:
        return "missing" if departing_soon else None
    if _months_between(latest, today) >= max_age_months:
        return "outdated"
    return None


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


# Who decides (issue 16 §5; Kaketoe's rule, the handbook asks for a multidisciplinary
# assessment together with the partner organisation but names no quorum): a best-interests
# assessment is final only when at least two people of two different organisations signed the
# same version, one of them a child-protection or care professional: the care worker
# (psychologist, mental health care) or the guardian (Nidos). When a handover to a partner
# organisation abroad exists or is planned, the partner's contribution must be recorded too.
CARE_ROLES = frozenset({"careworker", "guardian"})
TWO_PEOPLE, TWO_ORGANISATIONS, CARE_PROFESSIONAL, PARTNER_CONTRIBUTION = (
    "two_people",
    "two_organisations",
    "care_professional",
    "partner_contribution",
)


@dataclass(frozen=True)
class Signer:
    user_id: int
    organisation_id: int
    role: str


def sign_off_missing(
    signers: Iterable[Signer], *, partner_involved: bool = False, partner_recorded: bool = False
) -> list[str]:
    """What still stands between the sign-offs of one version and a final assessment; an
    empty list means final."""
    people = {s.user_id: s for s in signers}.values()
    missing = []
    if len(people) < 2:
        missing.append(TWO_PEOPLE)
    if len({s.organisation_id for s in people}) < 2:
        missing.append(TWO_ORGANISATIONS)
    if not any(s.role in CARE_ROLES for s in people):
        missing.append(CARE_PROFESSIONAL)
    if partner_involved and not partner_recorded:
        missing.append(PARTNER_CONTRIBUTION)
    return missing


BIA_FIELDS = [
    "findings",
    "child_view",
    "child_heard_how",
    "child_heard_by",
    "conclusion",
    "recommendations",
    "partner_contribution",
    "status",
    "participants",
]


def changed_fields(before: dict, after: dict) -> list[str]:
    """Which parts of an assessment differ between two snapshots (findings per code)."""
    changed = [
        name for name in BIA_FIELDS if name != "findings" and before.get(name) != after.get(name)
    ]
    old, new = before.get("findings", {}), after.get("findings", {})
    changed += [
        f"findings.{code}"
        for code in sorted(set(old) | set(new))
        if old.get(code, "") != new.get(code, "")
    ]
    return changed
