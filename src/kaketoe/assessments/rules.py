"""Rules of the step-1A instruments as pure functions over plain data (tested without HTTP)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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


def grid_counts(factors: Iterable[Factor]) -> dict[tuple[str, str], dict[str, int]]:
    """Counts per (level, phase) cell and kind: the accumulation the team should see."""
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


def accumulated_cells(
    grid: dict[tuple[str, str], dict[str, int]],
    threshold: int = 3,
) -> list[tuple[str, str]]:
    """Cells where risks pile up (at least `threshold` risks and more risks than protection)."""
    return sorted(
        cell for cell, n in grid.items() if n["risk"] >= threshold and n["risk"] > n["protective"]
    )
