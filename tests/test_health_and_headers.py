"""What a load balancer and a browser cache see."""

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from kaketoe.testing import login, make_user

pytestmark = pytest.mark.django_db


def test_health_says_ok_without_login_and_without_data(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_says_unavailable_when_the_database_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr("kaketoe.views.connection.cursor", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


def test_pages_for_a_logged_in_user_are_never_cached(client):
    login(client, make_user("casemanager"))
    response = client.get(reverse("cases:caseload"))
    assert "no-store" in response["Cache-Control"]


def test_the_public_login_page_may_be_cached_normally(client):
    response = client.get(reverse("accounts:login"))
    assert "no-store" not in response.get("Cache-Control", "")
