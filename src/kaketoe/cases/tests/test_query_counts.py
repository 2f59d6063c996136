"""The case pages send as many queries for 50 families as for 5: no query per row (issue 9).

Counts are compared between two data sizes rather than pinned, so a page may gain a query for a
new feature, but never one per family, child or team member. No timing here: see ./kaketoe bench.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaketoe.bench import data
from kaketoe.cases import services, synthetic
from kaketoe.cases.models import Family, Person
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request may fill caches (catalogues, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def users():
    users = synthetic.designated_users()
    for user in users.values():
        data.with_second_factor(user)
    return users


@pytest.mark.parametrize("who", [synthetic.CASE_MANAGER, synthetic.TEAM_LEAD])
def test_the_caseload_costs_the_same_queries_for_5_and_50_families(client, users, who):
    login(client, users[who])
    synthetic.create(5, seed=1)
    small = queries_for(client, reverse("cases:caseload"))
    synthetic.create(45, seed=2)
    assert Family.objects.count() == 50
    assert queries_for(client, reverse("cases:caseload")) == small


def test_a_second_caseload_page_costs_the_same_as_the_first(client, users):
    login(client, users[synthetic.CASE_MANAGER])
    synthetic.create(120, seed=3)  # the case manager is on 40: one page; the lead on more
    login(client, users[synthetic.TEAM_LEAD])
    first = queries_for(client, reverse("cases:caseload"))
    assert queries_for(client, reverse("cases:caseload") + "?page=2") == first


def test_the_case_overview_costs_the_same_for_a_small_and_a_large_household(client, users):
    manager = users[synthetic.CASE_MANAGER]
    login(client, manager)
    synthetic.create(2, seed=4)
    small, large = Family.objects.order_by("pk")[:2]
    small.members.filter(relation=Person.Relation.CHILD).exclude(
        pk=small.members.filter(relation=Person.Relation.CHILD).first().pk
    ).delete()
    for n in range(6):
        services.add_member(
            None,
            manager,
            large,
            Person(
                relation=Person.Relation.CHILD,
                given_name=f"Child {n}",
                family_name=large.name,
                date_of_birth=date(2012 + n, 1, 1),
            ),
        )
    for colleague in synthetic.staff_pool(None)[:8]:
        if not large.team.filter(user=colleague, removed_at__isnull=True).exists():
            services.join_team(None, manager, large, user=colleague)
    assert queries_for(client, reverse("cases:family", args=[large.pk])) == queries_for(
        client, reverse("cases:family", args=[small.pk])
    )
