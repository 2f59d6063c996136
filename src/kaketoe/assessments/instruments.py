"""Read the step-1A catalogues (catalogues/) into the shapes the pages need."""

from __future__ import annotations

from dataclasses import dataclass

from kaketoe.assessments.rules import Factor, Thresholds
from kaketoe.catalogues import loader

PRECONDITIONS, FACTORS, MEASURES, DIMENSIONS, BEST_INTERESTS = (
    "preconditions",
    "factors",
    "protective_measures",
    "risk_dimensions",
    "best_interests",
)

# The factor grid's levels and phases, as stored and as the API names them (the same values).
LEVELS = ("child", "family", "school_friends", "society_culture")
PHASES = ("pre_migration", "post_migration", "re_migration")


@dataclass(frozen=True)
class ChecklistRow:
    area: str
    code: str
    depth: int
    scope: str  # "family" or "child"


def checklist_rows(catalogue: loader.Catalogue) -> list[ChecklistRow]:
    """Every item in order, nested items after their parent with a greater depth."""
    rows: list[ChecklistRow] = []

    def walk(area: str, items: list[dict], depth: int) -> None:
        for item in items:
            rows.append(ChecklistRow(area, item["code"], depth, item.get("scope", "family")))
            walk(area, item.get("items", []), depth + 1)

    for area in catalogue.data["areas"]:
        walk(area["code"], area.get("items", []), 0)
    return rows


def areas(catalogue: loader.Catalogue) -> list[dict]:
    return catalogue.data["areas"]


def factor_entries(catalogue: loader.Catalogue) -> list[dict]:
    return catalogue.data["factors"]


def factor_for(entry: dict, ident: int = 0) -> Factor:
    return Factor(
        level=entry["level"],
        phase=entry["phase"],
        kind=entry["kind"],
        code=entry["code"],
        weighs_most=bool(entry.get("weighs_most")),
        tags=tuple(entry.get("combination", ())),
        ident=ident,
    )


def combination_tags(catalogue: loader.Catalogue) -> list[str]:
    return list(catalogue.data.get("combination_rule", {}).get("tags", []))


def accumulation_thresholds(catalogue: loader.Catalogue) -> Thresholds:
    """Kaketoe's numbers for "accumulation" (catalogue `accumulation_rule`; older catalogue
    versions have none and get the same defaults)."""
    rule = catalogue.data.get("accumulation_rule") or {}
    return Thresholds(
        **{k: int(rule[k]) for k in ("levels_min", "per_level_min", "per_phase_min") if k in rule}
    )


def original_entry(catalogue: loader.Catalogue, entry: dict) -> dict:
    """The factor as the handbook places it (an inherited copy points to its original)."""
    origin = entry.get("inherited_from")
    if not origin:
        return entry
    return next((e for e in factor_entries(catalogue) if e["code"] == origin), entry)


def placement_uncertain(catalogue: loader.Catalogue, entry: dict) -> bool:
    """Appendix 4's columns were interleaved in the source: P and A placements are uncertain."""
    return original_entry(catalogue, entry).get("confidence") in {"P", "A"}
