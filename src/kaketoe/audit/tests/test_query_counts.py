"""The privacy officer's audit log sends as many queries for 50 families as for 5 (issue 9)."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
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


def urls() -> list[str]:
    since = (timezone.localdate() - timedelta(days=90)).isoformat()
    log = reverse("audit:log")
    return [
        log,
        f"{log}?user={synthetic.CASE_MANAGER}&since={since}",
        f"{log}?case=1&action=view",
        f"{log}?page=2",
    ]


def test_the_audit_log_costs_the_same_queries_for_5_and_50_families(client):
    privacy = synthetic.designated_users()[synthetic.PRIVACY_OFFICER]
    data.with_second_factor(privacy)
    login(client, privacy)
    synthetic.create(5, seed=6)
    data.audit_log(random.Random(1), per_family=40)
    small = [queries_for(client, url) for url in urls()]
    synthetic.create(45, seed=7)
    data.audit_log(random.Random(2), per_family=40)
    assert AuditEvent.objects.count() > 2000
    assert [queries_for(client, url) for url in urls()] == small


def test_past_the_cap_the_log_stops_counting_and_asks_for_narrower_filters(client, monkeypatch):
    from kaketoe.audit.views import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 150)
    privacy = synthetic.designated_users()[synthetic.PRIVACY_OFFICER]
    data.with_second_factor(privacy)
    login(client, privacy)
    synthetic.create(5, seed=8)
    data.audit_log(random.Random(3), per_family=40)
    response = client.get(reverse("audit:log"), {"page": 5})
    page = response.context["page"]
    assert page.paginator.count == 150 and page.paginator.capped
    assert page.number == 2  # the last page within the cap
    assert "More than 150 events match" in response.content.decode()
    narrow = client.get(reverse("audit:log"), {"case": "1"}).context["page"]
    assert not narrow.paginator.capped
    assert len(list(narrow.object_list)) == narrow.paginator.count
