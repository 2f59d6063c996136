"""Step-1A pages send as many queries for a large family as for a small one (issue 9): the
preconditions overview per child and answer, the factor grid per recorded factor and measure."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaketoe.bench import data
from kaketoe.cases import synthetic
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
def manager(client):
    manager = synthetic.designated_users()[synthetic.CASE_MANAGER]
    data.with_second_factor(manager)
    login(client, manager)
    synthetic.create(6, seed=5)
    return manager


def families_by_children():
    families = sorted(
        Family.objects.all(),
        key=lambda f: f.members.filter(relation=Person.Relation.CHILD).count(),
    )
    return families[0], families[-1]


def test_the_preconditions_overview_costs_the_same_for_more_children_and_answers(client, manager):
    small, large = families_by_children()
    assert small.members.count() < large.members.count()
    before = queries_for(client, reverse("assessments:preconditions", args=[small.pk]))
    data.fill_instruments(large, manager, random.Random(1))
    after = queries_for(client, reverse("assessments:preconditions", args=[large.pk]))
    assert after == before


def test_the_factor_grid_costs_the_same_with_no_factors_and_with_many(client, manager):
    small, large = families_by_children()
    empty = small.members.filter(relation=Person.Relation.CHILD).first()
    before = queries_for(client, reverse("assessments:factors", args=[small.pk, empty.pk]))
    data.fill_instruments(large, manager, random.Random(2))
    child = large.members.filter(relation=Person.Relation.CHILD).first()
    assert child.factors.count() >= 10 and child.measures.count() >= 3
    after = queries_for(client, reverse("assessments:factors", args=[large.pk, child.pk]))
    assert after == before
