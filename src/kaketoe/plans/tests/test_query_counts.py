"""The return plan costs as many queries for a family of four children as for one (issue 9)."""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaketoe.bench import data
from kaketoe.cases import access, synthetic
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request may fill caches and makes the plan
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_plan_costs_the_same_for_one_child_and_for_four(client):
    synthetic.create(200, seed=21)
    manager = synthetic.designated_users()[synthetic.CASE_MANAGER]
    data.with_second_factor(manager)
    login(client, manager)
    families = (
        access.visible_families(manager)
        .annotate(kids=Count("members", filter=Q(members__relation="child")))
        .annotate(items=Count("plan_items", distinct=True))
        .order_by("kids", "pk")
    )
    small, large = families.first(), families.last()
    assert small.kids < large.kids and small.items < large.items
    assert queries_for(client, reverse("plans:plan", args=[large.pk])) == queries_for(
        client, reverse("plans:plan", args=[small.pk])
    )
