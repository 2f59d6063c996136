"""The factor grid of one child: catalogue + recorded factors in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kaketoe.assessments import instruments, rules
from kaketoe.assessments.models import ChildFactor
from kaketoe.catalogues import loader

# The appendix-2 age groups are wider than the toolkit's age bands.
AGE_GROUP_OF_BAND = {"0-5": "0-5", "6-9": "6-12", "10-12": "6-12", "13-17": "12-18"}


@dataclass
class Recorded:
    factor: ChildFactor
    label: str
    rule: rules.Factor


def recorded_factors(child, language: str) -> list[Recorded]:
    result = []
    for factor in child.factors.filter(withdrawn_at__isnull=True):
        entry = _entry(factor.code, factor.catalogue_version) if factor.code else None
        label = (
            loader.load(instruments.FACTORS, factor.catalogue_version)
            .item(factor.code)
            .label(language)
            if entry
            else factor.free_text
        )
        rule = (
            instruments.factor_for(entry)
            if entry
            else rules.Factor(factor.level, factor.phase, factor.kind)
        )
        result.append(Recorded(factor, label, rule))
    return result


def _entry(code: str, version: str) -> dict | None:
    catalogue = loader.load(instruments.FACTORS, version)
    return next((e for e in instruments.factor_entries(catalogue) if e["code"] == code), None)


def grid(catalogue, recorded: list[Recorded], language: str) -> list[dict]:
    """Rows per level, a cell per phase with its risks, protective factors and counts."""
    counts = rules.grid_counts(r.rule for r in recorded)
    piled = set(rules.accumulated_cells(counts))
    rows = []
    for level in catalogue.data["levels"]:
        cells = []
        for phase in catalogue.data["phases"]:
            key = (level["code"], phase["code"])
            inside = [r for r in recorded if (r.rule.level, r.rule.phase) == key]
            cells.append(
                {
                    "phase": _title(phase, language),
                    "risks": [r for r in inside if r.rule.kind == "risk"],
                    "protective": [r for r in inside if r.rule.kind == "protective"],
                    "piled_up": key in piled,
                }
            )
        rows.append({"level": _title(level, language), "cells": cells})
    return rows


def flags(catalogue, recorded: list[Recorded]) -> list[str]:
    """What the team should notice, in words: no score, as the handbook asks."""
    rule_factors = [r.rule for r in recorded]
    messages = [
        _("Weighs most: %(factor)s") % {"factor": r.label}
        for r in recorded
        if r.rule in rules.weighing_most(rule_factors)
    ]
    if rules.combination_present(rule_factors, instruments.combination_tags(catalogue)):
        messages.insert(
            0,
            _(
                "Risks accumulate: little bond with the country of origin, poor "
                "(mental) health of the parents and no social network occur "
                "together. The handbook links this combination to a difficult "
                "re-integration."
            ),
        )
    if rules.accumulated_cells(rules.grid_counts(rule_factors)):
        messages.append(
            _(
                "Several risks pile up in one level and phase with little "
                "protection against them (marked in the grid)."
            )
        )
    return messages


def factor_choices(catalogue, language: str) -> list:
    """Catalogue factors grouped per level and phase, for one select element."""
    titles = {
        g["code"]: _title(g, language) for g in catalogue.data["levels"] + catalogue.data["phases"]
    }
    groups: dict[str, list] = {}
    for entry in instruments.factor_entries(catalogue):
        group = f"{titles[entry['level']]} · {titles[entry['phase']]}"
        kind = _("risk") if entry["kind"] == "risk" else _("protective")
        label = catalogue.item(entry["code"]).label(language)
        groups.setdefault(group, []).append((entry["code"], f"{kind}: {label}"))
    return list(groups.items())


def age_text(child, language: str) -> tuple[str, str] | None:
    """The appendix-2 description of the child's age group, if the catalogue has one."""
    band = child.age_band()
    group = AGE_GROUP_OF_BAND.get(band or "")
    catalogue = loader.load(instruments.DIMENSIONS)
    for entry in catalogue.data.get("age_groups", []):
        if entry["code"] == group:
            return _title(entry, language), loader.Item(entry["code"], entry["text"]).label(
                language
            )
    return None


def _title(entry: dict, language: str) -> str:
    title = entry.get("title") or entry.get("text") or {}
    return title.get(language) or title.get("en", entry["code"])
