"""Read the step-1A catalogues (catalogues/) into the shapes the pages need."""

from __future__ import annotations

from dataclasses import dataclass

from kaketoe.assessments.rules import Factor
from kaketoe.catalogues import loader

PRECONDITIONS, FACTORS, MEASURES, DIMENSIONS, BEST_INTERESTS = (
    "preconditions",
    "factors",
    "protective_measures",
    "risk_dimensions",
    "best_interests",
)


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


def factor_for(entry: dict) -> Factor:
    return Factor(
        level=entry["level"],
        phase=entry["phase"],
        kind=entry["kind"],
        code=entry["code"],
        weighs_most=bool(entry.get("weighs_most")),
        tags=tuple(entry.get("combination", ())),
    )


def combination_tags(catalogue: loader.Catalogue) -> list[str]:
    return list(catalogue.data.get("combination_rule", {}).get("tags", []))
