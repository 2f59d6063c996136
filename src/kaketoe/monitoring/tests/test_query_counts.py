"""Monitoring pages send as many queries for many families and visits as for few (issue 9):
a child's trend, the partner's families abroad, the cohort figures."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaketoe.bench import data
from kaketoe.cases import access, synthetic
from kaketoe.cases.models import Person
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # the first request may fill caches (catalogues, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def signed_in(client, user):
    data.with_second_factor(user)
    login(client, user)
    return user


def test_the_trend_costs_the_same_for_one_visit_and_for_three(client):
    synthetic.create(400, seed=11)
    manager = signed_in(client, synthetic.designated_users()[synthetic.CASE_MANAGER])
    children = (
        Person.objects.filter(family__in=access.visible_families(manager), relation="child")
        .annotate(visits=Count("monitoring_visits"))
        .filter(visits__gt=0)
        .order_by("visits", "pk")
    )
    fewest, most = children.first(), children.last()
    assert fewest.visits < most.visits

    def url(child):
        return reverse("monitoring:trend", args=[child.family_id, child.pk])

    assert queries_for(client, url(most)) == queries_for(client, url(fewest))


def test_families_abroad_and_cohort_cost_the_same_for_40_and_400_families(client):
    synthetic.create(40, seed=12)
    partner = synthetic.partner_user()
    lead = synthetic.designated_users()[synthetic.TEAM_LEAD]
    signed_in(client, partner)
    abroad = queries_for(client, reverse("monitoring:families"))
    signed_in(client, lead)
    cohort = queries_for(client, reverse("monitoring:cohort"))
    small = (access.visible_families(partner).count(), len(access.cohort_families(lead)))
    synthetic.create(360, seed=13)
    assert access.visible_families(partner).count() > small[0]
    assert access.cohort_families(lead).count() > small[1]
    assert queries_for(client, reverse("monitoring:cohort")) == cohort
    signed_in(client, partner)
    assert queries_for(client, reverse("monitoring:families")) == abroad


def test_open_work_is_selected_and_ordered_by_the_database_as_by_its_states():
    from django.utils import timezone

    from kaketoe.cases.models import Family
    from kaketoe.monitoring import queries
    from kaketoe.monitoring.models import ScheduledWork

    synthetic.create(300, seed=14)
    today = timezone.localdate()
    families = Family.objects.all()
    rows = [(w, w.state(today)) for w in ScheduledWork.objects.filter(done_on__isnull=True)]
    rows = [(w, s) for w, s in rows if s in queries.SHOWN_STATES]
    expected = sorted(rows, key=lambda r: (queries.SHOWN_STATES.index(r[1]), r[0].due_on))
    got = queries.open_work(families, today)
    assert [(w.pk, s) for w, s in got] == [(w.pk, s) for w, s in expected] and got
    assert queries.open_work(families, today, limit=5) == got[:5]
