"""Read models for pages: a queryset in, plain rows out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Case, DateField, F, Prefetch, QuerySet, Value, When
from django.db.models.functions import Coalesce, Least

from kaketoe.accounts.models import AttentionArea
from kaketoe.cases import rules
from kaketoe.cases.models import Family, Person, Stage, TeamMember
from kaketoe.plans import rules as plan_rules


@dataclass
class CaseloadRow:
    family: Family
    child_ages: list[int]
    deadline: rules.Deadline | None
    overdue: bool
    short_of_time: bool = False  # the return plan's open items do not fit before departure


def next_deadline_day():
    """The day `Family.next_deadline()` returns, as a database expression (None if there is none).

    The same rule as rules.upcoming_deadlines: nothing when closed; the next monitoring contact
    after departure; else the earlier of the departure deadline and the planned departure.
    """
    departure = Least(
        Coalesce("departure_deadline", "planned_departure"),
        Coalesce("planned_departure", "departure_deadline"),
    )
    return Case(
        When(stage=Stage.CLOSED, then=Value(None, output_field=DateField())),
        When(stage__in=[Stage.DEPARTED, Stage.MONITORING], then=F("next_monitoring")),
        default=departure,
        output_field=DateField(),
    )


def caseload(families: QuerySet[Family], today: date, page_number, per_page: int = 50) -> Page:
    """One page of the caseload: overdue first (oldest first), then by the nearest deadline,
    then families without one; by name within a day.

    Sorted and paginated in the database, and only the page's children are loaded, so the
    number of queries and the work per request do not grow with the caseload. Overdue days come
    before today and upcoming ones after it, so rules.caseload_sort_key is simply the deadline
    day ascending with the families without a deadline last.
    """
    ordered = families.annotate(
        next_day=next_deadline_day(), plan_needed_days=F("return_plan__needed_days")
    ).order_by(F("next_day").asc(nulls_last=True), "name", "pk")
    paginator = Paginator(ordered, per_page)
    # Counted without the annotations and their join. Not kaketoe.paging's window count: SQLite
    # would materialise every visible family for it (34 ms instead of 17 for a team lead).
    paginator.count = families.count()
    page = paginator.get_page(page_number)
    children = Prefetch(
        "members",
        # No order: the ages are sorted below, and Person's default order joins the family.
        queryset=Person.objects.filter(relation=Person.Relation.CHILD)
        .only("family_id", "date_of_birth", "relation")
        .order_by(),
        to_attr="children",
    )
    rows = []
    for family in page.object_list.prefetch_related(children):
        deadline = family.next_deadline()
        ages = sorted(
            (rules.age_on(c.date_of_birth, today) for c in family.children if c.date_of_birth),
            reverse=True,
        )
        rows.append(
            CaseloadRow(
                family,
                ages,
                deadline,
                bool(deadline and deadline.is_overdue(today)),
                _short_of_time(family, today),
            )
        )
    page.object_list = rows
    return page


def _short_of_time(family: Family, today: date) -> bool:
    departure = plan_rules.departure_date(
        actual=family.actual_departure,
        planned=family.planned_departure,
        deadline=family.departure_deadline,
    )
    return plan_rules.short_of_time(family.plan_needed_days, departure, today, family.stage)


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
