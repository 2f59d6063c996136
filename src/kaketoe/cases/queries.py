"""Read models for pages: a queryset in, plain rows out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from kaketoe.accounts.models import AttentionArea
from kaketoe.cases import rules
from kaketoe.cases.models import Family, Person, TeamMember


@dataclass
class CaseloadRow:
    family: Family
    child_ages: list[int]
    deadline: rules.Deadline | None
    overdue: bool


def caseload(families: QuerySet[Family], today: date) -> list[CaseloadRow]:
    """The caseload: overdue first, then by the nearest deadline."""
    children = Prefetch(
        "members",
        queryset=Person.objects.filter(relation=Person.Relation.CHILD).only(
            "family_id", "date_of_birth", "relation"
        ),
        to_attr="children",
    )
    rows = []
    for family in families.prefetch_related(children):
        deadline = family.next_deadline()
        ages = sorted(
            (rules.age_on(c.date_of_birth, today) for c in family.children if c.date_of_birth),
            reverse=True,
        )
        rows.append(
            CaseloadRow(family, ages, deadline, bool(deadline and deadline.is_overdue(today)))
        )
    rows.sort(key=lambda row: (rules.caseload_sort_key(row.deadline, today), row.family.name))
    return rows


AREA_ORDER = [
    AttentionArea.LEGAL,
    AttentionArea.PSYCHOSOCIAL,
    AttentionArea.RETURN_GUIDANCE,
    AttentionArea.INFORMAL,
]


def team_by_area(family: Family) -> list[tuple[str, list[TeamMember]]]:
    members = family.team.filter(removed_at__isnull=True).select_related("user", "organisation")
    grouped = {area: [] for area in AREA_ORDER}
    for member in members:
        grouped[member.area].append(member)
    return [(AttentionArea(area).label, grouped[area]) for area in AREA_ORDER]
