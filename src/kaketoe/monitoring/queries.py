"""Reading monitoring data for the pages: small functions from querysets to plain data."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, Func, QuerySet, TextField, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from kaketoe.cases.models import Family, Person
from kaketoe.monitoring import charts, rules, scoring
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring.models import Alert, MonitoringVisit, ScheduledWork

SHOWN_STATES = ("overdue", "due", "soon")


def open_work(
    families: QuerySet[Family], today: date, limit: int | None = None
) -> list[tuple[ScheduledWork, str]]:
    """Overdue, due and soon-due work of these families, the most urgent first (at most
    `limit`). Selected, ordered and cut off by the database."""
    # Only work whose window opens within a week (or is open or past) can be soon, due or
    # overdue: the database leaves out the later work of every family.
    soon = today + timedelta(days=rules.REMIND_DAYS_BEFORE)
    urgency = Case(
        When(due_on__lt=today, then=Value(0)),
        When(opens_on__lte=today, then=Value(1)),
        default=Value(2),
    )
    order = (urgency, "due_on", "kind", "pk")
    urgent = ScheduledWork.objects.filter(
        family__in=families, done_on__isnull=True, opens_on__lte=soon
    ).order_by(*order)
    if limit is not None:
        # Choose the few from the index (open_work_by_family) first; read only those rows.
        chosen = urgent.values("pk")[:limit]
        urgent = ScheduledWork.objects.filter(pk__in=chosen).order_by(*order)
    work = urgent.select_related("family")
    return [(w, w.state(today)) for w in work]


def open_alerts(families: QuerySet[Family]) -> QuerySet[Alert]:
    return Alert.objects.filter(family__in=families, closed_at__isnull=True).select_related(
        "family", "child", "owner"
    )


@dataclass
class DomainRow:
    code: str
    title: str
    cells: list  # per month: {"level", "title", "points", "max_points", "falling"} or None
    falling: bool


def domain_titles(checklist, language: str) -> dict[str, str]:
    return {d.code: checklists.label(d.title, language) for d in checklist.domains}


def level_titles(checklist, language: str) -> dict[tuple[str, str], str]:
    return {
        (d.code, lv.code): checklists.label(lv.title, language)
        for d in checklist.domains
        for lv in d.levels
    }


def profile_rows(checklist, domains: dict, language: str) -> list[dict]:
    """A visit's result as the pages show it: the per-domain profile, lowest levels first."""
    titles = level_titles(checklist, language)
    rows = []
    for row in scoring.profile(checklist, domains):
        domain = checklist.domain(row.domain)
        ticked = (domains.get(row.domain) or {}).get("indicators") or []
        rows.append(
            {
                "code": row.domain,
                "title": checklists.label(domain.title, language),
                "level": row.level,
                "level_title": titles.get((row.domain, row.level), ""),
                "points": row.points,
                "max_points": row.max_points,
                "lowest": row.lowest,
                "note": checklists.label(domain.note, language) if domain.note else "",
                "indicators": [
                    checklists.label(checklist.indicators[code].text, language) for code in ticked
                ],
            }
        )
    return rows


def visit_summary(checklist, ratings: list[dict], month: int, language: str) -> dict:
    """What a visit would show before it is saved: its profile and the alerts it would raise.
    Raises scoring.RatingError for ratings that cannot be scored."""
    score = scoring.score_visit(checklist, ratings, month=month)
    domains = {
        code: {"level": s.level, "points": s.points, "indicators": list(s.indicators)}
        for code, s in score.domains.items()
    }
    titles = domain_titles(checklist, language)
    return {
        "rows": profile_rows(checklist, domains, language),
        "rated": score.domains_rated,
        "of": len(checklist.domains),
        "critical": sorted({titles[a.domain] for a in score.alarms if not a.watch}),
        "watch": sorted({titles[a.domain] for a in score.alarms if a.watch}),
    }


def trend(child: Person, language: str) -> dict:
    """Each domain's level at 6, 12 and 18 months, and which domains fell since the visit before."""
    checklist = checklists.load()
    visits = {v.month: v for v in child.monitoring_visits.all()}
    points = {m: {d: s["points"] for d, s in v.domains.items()} for m, v in visits.items()}
    falling = rules.falling_domains(points)
    levels = level_titles(checklist, language)
    rows = []
    for domain in checklist.domains:
        cells = []
        ladder = [lv.code for lv in sorted(domain.levels, key=lambda lv: lv.points)]
        for month in checklists.MONTHS:
            scored = visits[month].domains.get(domain.code) if month in visits else None
            cells.append(
                {
                    "month": month,
                    "level": scored["level"],
                    "title": levels[(domain.code, scored["level"])],
                    "points": scored["points"],
                    "max_points": scored["max_points"],
                    "falling": (month, domain.code) in falling,
                    "lowest": scored["level"] == ladder[0],
                    "rank": ladder.index(scored["level"]) + 1,
                    "levels": len(ladder),
                }
                if scored
                else None
            )
        rows.append(
            DomainRow(
                domain.code,
                checklists.label(domain.title, language),
                cells,
                any(d == domain.code for _m, d in falling),
            )
        )
    return {"rows": rows, "visits": visits, "chart": trend_chart(rows)}


def trend_chart(rows: list[DomainRow]) -> dict:
    """The trend as an SVG chart and the same in words (monitoring.charts)."""
    months = [_("%(month)s months") % {"month": m} for m in checklists.MONTHS]
    plain = [{"title": row.title, "cells": row.cells} for row in rows]
    summary = charts.trend_summary(plain, months)
    title = _("Level per domain at 6, 12 and 18 months; the lowest level is marked in red with !")
    return {"svg": charts.trend_svg(plain, months, title, summary), "summary": summary}


# -- cohort figures -------------------------------------------------------------------------------


class DomainLevels(Func):
    """Every domain's level of a visit as one JSON array (text), so the database reads each
    visit's JSON once rather than once per domain: ["good", "satisfactory", null, ...]."""

    output_field = TextField()

    def __init__(self, codes: list[str]):
        super().__init__(F("domains"))
        self.codes = list(codes)

    def as_sqlite(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        paths = ", ".join(["%s"] * len(self.codes))
        levels = [f'$."{code}"."level"' for code in self.codes]
        return f"JSON_EXTRACT({column}, {paths})", (*params, *levels)

    def as_postgresql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        parts = ", ".join([f"{column} -> %s -> 'level'"] * len(self.codes))
        return f"jsonb_build_array({parts})::text", (*params, *self.codes)


def cohort(families: QuerySet[Family], language: str) -> dict:
    """Per country of return and period (year of return): how many children are at each level
    per domain at 6, 12 and 18 months. No names; every group under five is suppressed.

    One pass over the visits in which the database picks every domain's level out of the JSON
    into one small array per visit (no visit objects); the rest is counting small tuples."""
    checklist = checklists.load()
    codes = checklist.domain_codes()
    visits = MonitoringVisit.objects.filter(
        family__in=families, family__actual_departure__isnull=False
    ).order_by()
    counts: Counter = Counter()
    children: dict = defaultdict(set)
    for country, period, month, child_id, levels in visits.values_list(
        "family__country_of_return",
        ExtractYear("family__actual_departure"),
        "month",
        "child_id",
        DomainLevels(codes),
    ):
        group = (str(country), period, month)
        children[group].add(child_id)
        for code, level in zip(codes, json.loads(levels), strict=True):
            if level is not None:
                counts[(*group, code, level)] += 1
    levels = level_titles(checklist, language)
    domains = domain_titles(checklist, language)
    rows = []
    for country, period, month in sorted(children):
        group_size = len(children[(country, period, month)])
        for domain in checklist.domains:
            for level in domain.levels:
                count = counts[(country, period, month, domain.code, level.code)]
                hidden = rules.suppressed(group_size) or rules.suppressed(count)
                rows.append(
                    {
                        "country": country,
                        "period": period,
                        "month": month,
                        "domain": domain.code,
                        "domain_title": domains[domain.code],
                        "level": level.code,
                        "level_title": levels[(domain.code, level.code)],
                        "children": None if hidden else count,
                    }
                )
    return {"rows": rows, "smallest": rules.SMALLEST_GROUP}


def cohort_by_domain(figures: dict) -> list[dict]:
    """The same figures for reading on a page: a table per domain, one row per country, year and
    month, a column per level of that domain."""
    tables: dict[str, dict] = {}
    for row in figures["rows"]:
        table = tables.setdefault(
            row["domain"],
            {"code": row["domain"], "title": row["domain_title"], "levels": [], "rows": {}},
        )
        if row["level_title"] not in table["levels"]:
            table["levels"].append(row["level_title"])
        group = (row["country"], row["period"], row["month"])
        table["rows"].setdefault(group, []).append(row["children"])
    shown = [
        {
            **table,
            "rows": [
                {"country": c, "period": p, "month": m, "children": cells}
                for (c, p, m), cells in table["rows"].items()
            ],
        }
        for table in tables.values()
    ]
    for table in shown:
        table["chart"] = charts.cohort_svg(table, figures["smallest"])
        table["summary"] = charts.cohort_summary(table, figures["smallest"])
    return shown


COHORT_COLUMNS = ["country", "period", "month", "domain", "level", "children"]


def cohort_table(figures: dict) -> list[list]:
    """Header and rows for CSV/XLSX; a suppressed cell reads '<5'."""
    smallest = figures["smallest"]
    table = [COHORT_COLUMNS]
    for row in figures["rows"]:
        count = row["children"] if row["children"] is not None else f"<{smallest}"
        table.append(
            [row["country"], row["period"], row["month"], row["domain"], row["level"], count]
        )
    return table
