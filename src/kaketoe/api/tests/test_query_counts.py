"""API lists cost as many queries for 50 families as for 5 (issue 9)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaketoe.bench import data
from kaketoe.cases import synthetic
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_families_list_costs_the_same_for_5_and_50_families(client):
    lead = synthetic.designated_users()[synthetic.TEAM_LEAD]
    data.with_second_factor(lead)
    login(client, lead)
    synthetic.create(5, seed=41)
    small = queries_for(client, "/api/v1/families/")
    synthetic.create(45, seed=42)
    assert queries_for(client, "/api/v1/families/") == small
