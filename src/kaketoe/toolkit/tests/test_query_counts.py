"""The toolkit page of a child costs as many queries for many sessions and answers as for none
(issue 9)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaketoe.bench import data
from kaketoe.cases import access, synthetic
from kaketoe.testing import login
from kaketoe.toolkit.models import Answer, ChildSession

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request may fill caches (catalogues, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_childs_toolkit_page_costs_the_same_with_no_sessions_and_with_several(client):
    synthetic.create(40, seed=31)
    manager = synthetic.designated_users()[synthetic.CASE_MANAGER]
    data.with_second_factor(manager)
    login(client, manager)
    family = access.visible_families(manager).order_by("pk").first()
    child = family.members.filter(relation="child").first()
    url = reverse("toolkit:child", args=[family.pk, child.pk])
    before = queries_for(client, url)
    for n in range(3):
        session = ChildSession.objects.create(
            family=family,
            child=child,
            kit=ChildSession._meta.get_field("kit").choices[n % 2][0],
            catalogue_version="2026.1",
            started_by=manager,
        )
        for k in range(4):
            Answer.objects.create(
                session=session,
                family=family,
                child=child,
                question_code="plan",
                kind=Answer.Kind.WISH,
                words=f"Wish {n}.{k}",
                for_return_plan=bool(k % 2),
            )
    assert queries_for(client, url) == before
