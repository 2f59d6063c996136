"""The factor grid of one child: catalogue + recorded factors in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
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
            instruments.factor_for(entry, factor.pk)
            if entry
            else rules.Factor(factor.level, factor.phase, factor.kind, ident=factor.pk)
        )
        result.append(Recorded(factor, label, rule))
    return result


def _entry(code: str, version: str) -> dict | None:
    catalogue = loader.load(instruments.FACTORS, version)
    return next((e for e in instruments.factor_entries(catalogue) if e["code"] == code), None)


def grid(catalogue, recorded: list[Recorded], language: str, flagged=None) -> list[dict]:
    """Rows per level, a cell per phase with its risks and, beside them, its protective
    factors. A cell is marked when its level or phase has an accumulation flag."""
    flagged = flagged if flagged is not None else accumulation(catalogue, recorded)
    groups = {(f["kind"], f["group"]) for f in flagged}
    rows = []
    for level in catalogue.data["levels"]:
        cells = []
        for phase in catalogue.data["phases"]:
            key = (level["code"], phase["code"])
            inside = [r for r in recorded if (r.rule.level, r.rule.phase) == key]
            risks = [r for r in inside if r.rule.kind == "risk"]
            marked = (rules.LEVEL, key[0]) in groups or (rules.PHASE, key[1]) in groups
            cells.append(
                {
                    "phase": _title(phase, language),
                    "risks": risks,
                    "protective": [r for r in inside if r.rule.kind == "protective"],
                    "piled_up": bool(risks) and marked,
                }
            )
        rows.append({"level": _title(level, language), "code": level["code"], "cells": cells})
    return rows


def accumulation(catalogue, recorded: list[Recorded]) -> list[dict]:
    """The accumulation flags in words, each with the risk factors it is about: no score, as
    the handbook asks. `catalogue` (the latest) gives the rule's numbers and the titles."""
    language = get_language() or "en"
    by_id = {r.rule.ident: r for r in recorded}
    titles = {
        g["code"]: _title(g, language) for g in catalogue.data["levels"] + catalogue.data["phases"]
    }
    found = rules.accumulation(
        [r.rule for r in recorded],
        instruments.combination_tags(catalogue),
        instruments.accumulation_thresholds(catalogue),
    )
    order = list(titles)  # levels, then phases, as the handbook lists them
    found.sort(key=lambda f: order.index(f.group) if f.group in order else -1)
    kinds = [rules.WEIGHS_MOST, rules.COMBINATION, rules.LEVELS, rules.LEVEL, rules.PHASE]
    found.sort(key=lambda f: kinds.index(f.kind))
    return [
        {
            "kind": flag.kind,
            "group": flag.group,
            "message": _message(flag, titles, by_id),
            "factors": [by_id[f.ident] for f in flag.factors],
        }
        for flag in found
    ]


def _message(flag: rules.Flag, titles: dict, by_id: dict) -> str:
    count = len(flag.factors)
    if flag.kind == rules.WEIGHS_MOST:
        return _(
            "Weighs most: %(factor)s. The handbook names this among the risk factors that "
            "recur most often; it counts on its own."
        ) % {"factor": by_id[flag.factors[0].ident].label}
    if flag.kind == rules.COMBINATION:
        return _(
            "Risks accumulate: little bond with the country of origin, poor (mental) health of "
            "the parents and no social network occur together. The handbook links this "
            "combination to a difficult re-integration."
        )
    if flag.kind == rules.LEVELS:
        levels = sorted({f.level for f in flag.factors}, key=list(titles).index)
        return _("Risk factors at %(count)s of the 4 levels: %(levels)s.") % {
            "count": len(levels),
            "levels": ", ".join(titles[level] for level in levels),
        }
    if flag.kind == rules.LEVEL:
        return _("%(count)s risk factors at one level: %(level)s.") % {
            "count": count,
            "level": titles.get(flag.group, flag.group),
        }
    return _("%(count)s risk factors in one phase: %(phase)s.") % {
        "count": count,
        "phase": titles.get(flag.group, flag.group),
    }


def flags(catalogue, recorded: list[Recorded]) -> list[str]:
    """The accumulation messages only (the PDF form lists them)."""
    return [flag["message"] for flag in accumulation(catalogue, recorded)]


def factor_choices(catalogue, language: str) -> list:
    """Catalogue factors grouped per level and phase, for one select element. Each option names
    its phase too (the same factor can stand in up to three phases) and says when the
    handbook's placement of it is uncertain (P/A in the catalogue)."""
    titles = {
        g["code"]: _title(g, language) for g in catalogue.data["levels"] + catalogue.data["phases"]
    }
    groups: dict[str, list] = {}
    for entry in instruments.factor_entries(catalogue):
        group = f"{titles[entry['level']]} · {titles[entry['phase']]}"
        kind = _("risk") if entry["kind"] == "risk" else _("protective")
        label = (
            f"{kind} · {titles[entry['phase']]}: {catalogue.item(entry['code']).label(language)}"
        )
        if instruments.placement_uncertain(catalogue, entry):
            label += " " + _("(phase uncertain)")
        groups.setdefault(group, []).append((entry["code"], label))
    return list(groups.items())


def form_kwargs(catalogue, language: str) -> dict:
    """What the factor form (page and API) needs from the catalogue."""
    return {
        "factor_choices": factor_choices(catalogue, language),
        "levels": [(g["code"], _title(g, language)) for g in catalogue.data["levels"]],
        "phases": [(g["code"], _title(g, language)) for g in catalogue.data["phases"]],
        "entries": {e["code"]: e for e in instruments.factor_entries(catalogue)},
    }


def grid_data(catalogue, recorded: list[Recorded], language: str) -> dict:
    """The factor grid as plain data (API): the cells with their risks and, beside them, their
    protective factors; the accumulation flags with the factors each is about."""
    flagged = accumulation(catalogue, recorded)
    rows = grid(catalogue, recorded, language, flagged)
    return {
        "catalogue_version": catalogue.version,
        "cells": [
            {
                "level": row["code"],
                "phase": phase["code"],
                "risks": [_plain(r) for r in cell["risks"]],
                "protective": [_plain(r) for r in cell["protective"]],
                "marked": cell["piled_up"],
            }
            for row in rows
            for phase, cell in zip(catalogue.data["phases"], row["cells"], strict=True)
        ],
        "accumulation": [
            {
                "kind": flag["kind"],
                "message": flag["message"],
                "factors": [_plain(r) for r in flag["factors"]],
            }
            for flag in flagged
        ],
        "rule": loader.Item("rule", catalogue.data["accumulation_rule"]["note"]).label(language),
    }


def _plain(r: Recorded) -> dict:
    return {
        "id": r.factor.pk,
        "code": r.factor.code,
        "label": r.label,
        "kind": r.rule.kind,
        "level": r.rule.level,
        "phase": r.rule.phase,
        "weighs_most": r.rule.weighs_most,
        "catalogue_version": r.factor.catalogue_version,
    }


def guidance(language: str) -> dict:
    """Appendix 2 as guidance beside the grid: the eight Kalverboer & Zijlstra dimensions and
    the twelve post-return risks by domain (catalogue risk_dimensions)."""
    catalogue = loader.load(instruments.DIMENSIONS)
    domains = {d["code"]: _title(d, language) for d in catalogue.data["post_return_domains"]}
    post_return = []
    for dimension in catalogue.data["dimensions"]:
        for item in dimension.get("items", []):
            post_return.append(
                (domains.get(item.get("domain"), ""), catalogue.item(item["code"]).label(language))
            )
    return {
        "dimensions": [
            (
                catalogue.item(d["code"]).label(language),
                _title({"code": d["code"], "title": d.get("guidance") or {}}, language)
                if d.get("guidance")
                else "",
            )
            for d in catalogue.data["dimensions"]
        ],
        "post_return": post_return,
    }


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


def general_post_return_risks(language: str) -> dict:
    """Chapter 7.1's general risk factors after return, for the safety assessment."""
    catalogue = loader.load(instruments.DIMENSIONS)
    section = catalogue.data["general_post_return_risks"]
    return {
        "title": _title({"code": "-", "title": section["title"]}, language),
        "note": _title({"code": "-", "title": section["note"]}, language),
        "always_with_title": _title({"code": "-", "title": section["always_with_title"]}, language),
        "items": [catalogue.item(i["code"]).label(language) for i in section["items"]],
        "always_with": [catalogue.item(i["code"]).label(language) for i in section["always_with"]],
    }
