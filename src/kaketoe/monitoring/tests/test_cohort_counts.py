"""Cohort figures are counted by the database: the same numbers as counting visit by visit."""

from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaketoe.cases import access, synthetic
from kaketoe.cases.models import Family
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring import queries, rules
from kaketoe.monitoring.models import MonitoringVisit

pytestmark = pytest.mark.django_db


def counted_in_python(families) -> dict:
    counts, children = Counter(), defaultdict(set)
    visits = MonitoringVisit.objects.filter(family__in=families).select_related("family")
    for visit in visits.filter(family__actual_departure__isnull=False):
        group = (str(visit.family.country_of_return), visit.family.actual_departure.year)
        children[(*group, visit.month)].add(visit.child_id)
        for domain, scored in visit.domains.items():
            counts[(*group, visit.month, domain, scored["level"])] += 1
    expected = {}
    for key, kids in children.items():
        for domain in checklists.load().domains:
            for level in domain.levels:
                count = counts[(*key, domain.code, level.code)]
                hidden = rules.suppressed(len(kids)) or rules.suppressed(count)
                expected[(*key, domain.code, level.code)] = None if hidden else count
    return expected


def test_cohort_counts_match_counting_visit_by_visit_and_cost_fixed_queries():
    synthetic.create(300, seed=5)
    lead = synthetic.designated_users()[synthetic.TEAM_LEAD]
    families = access.cohort_families(lead)
    assert MonitoringVisit.objects.filter(family__in=families).count() > 20
    with CaptureQueriesContext(connection) as captured:
        figures = queries.cohort(families, "en")
    got = {
        (r["country"], r["period"], r["month"], r["domain"], r["level"]): r["children"]
        for r in figures["rows"]
    }
    assert got == counted_in_python(families)
    assert any(value for value in got.values())  # some groups are large enough to show
    assert len(captured) <= 1 + len(checklists.load().domains) + 2
    assert Family.objects.count() == 300


def test_the_page_shows_each_domain_as_a_table_with_a_column_per_level():
    synthetic.create(300, seed=5)
    lead = synthetic.designated_users()[synthetic.TEAM_LEAD]
    figures = queries.cohort(access.cohort_families(lead), "en")
    tables = queries.cohort_by_domain(figures)
    checklist = checklists.load()
    assert [t["code"] for t in tables] == [d.code for d in checklist.domains]
    flat = {
        (r["country"], r["period"], r["month"], r["domain"], r["level_title"]): r["children"]
        for r in figures["rows"]
    }
    for table in tables:
        assert len(table["levels"]) == len(checklist.domain(table["code"]).levels)
        for row in table["rows"]:
            for level, children in zip(table["levels"], row["children"], strict=True):
                key = (row["country"], row["period"], row["month"], table["code"], level)
                assert flat[key] == children
