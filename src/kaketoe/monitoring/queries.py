"""Reading monitoring data for the pages: small functions from querysets to plain data."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, Func, QuerySet, TextField, Value, When
from django.db.models.functions import ExtractYear

from kaketoe.cases.models import Family, Person
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring import rules
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
    return {"rows": rows, "visits": visits, "chart": chart(rows)}


# Chart geometry (server-rendered SVG: no script, no inline style, CSP stays strict).
BAR_W, GAP, GROUP_GAP, HEIGHT, LEFT, TOP = 14, 2, 18, 160, 40, 10


def chart(rows: list[DomainRow]) -> dict:
    """Bars per domain (one per visit month), height = share of the domain's maximum points."""
    bars, labels, x = [], [], LEFT
    for row in rows:
        start = x
        for index, cell in enumerate(row.cells):
            if cell:
                share = cell["points"] / cell["max_points"] if cell["max_points"] else 0
                height = max(2, round(share * HEIGHT))
                bars.append(
                    {
                        "x": x,
                        "y": TOP + HEIGHT - height,
                        "height": height,
                        "width": BAR_W,
                        "month_index": index,
                        "falling": cell["falling"],
                        "label": f"{row.title}, {cell['month']}: {cell['title']} "
                        f"({cell['points']}/{cell['max_points']})",
                    }
                )
            x += BAR_W + GAP
        labels.append({"x": (start + x) / 2, "text": row.code, "title": row.title})
        x += GROUP_GAP
    return {
        "bars": bars,
        "labels": labels,
        "width": x + 10,
        "height": TOP + HEIGHT + 40,
        "base": TOP + HEIGHT,
        "top": TOP,
        "label_y": TOP + HEIGHT + 16,
        "left": LEFT - 4,
    }


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
    return [
        {
            **table,
            "rows": [
                {"country": c, "period": p, "month": m, "children": cells}
                for (c, p, m), cells in table["rows"].items()
            ],
        }
        for table in tables.values()
    ]


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
