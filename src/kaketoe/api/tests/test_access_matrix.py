"""Every API endpoint, called by every named user with every method it accepts, against one
explicit table: the same access as the pages (cases/tests/test_url_matrix.py), through the same
access module. A refusal is a 404 that names nothing and is audited; no credentials is a 401."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.tests.test_url_matrix import (
    CASE_OPENERS,
    EVERYONE,
    SIGNERS,
    TEAM_EDITORS,
    TEAM_READERS,
    USERS,
    a_handover_consent,
    discover,
)
from kaketoe.testing import login, make_cast

from .helpers import client_for

READ_WRITE = {
    "get": TEAM_READERS,
    "post": TEAM_EDITORS,
    "patch": TEAM_EDITORS,
    "delete": TEAM_EDITORS,
}
# url name -> method -> who may use it
EXPECTED = {
    "api:schema": {"get": USERS},
    "api:docs": {"get": USERS},
    "api:v1:families": {"get": USERS, "post": CASE_OPENERS},
    "api:v1:alerts": {"get": USERS},  # each sees the alerts of the families they may see
    "api:v1:best_interests": {"get": TEAM_READERS},
    # Signing off: the roles that may make an assessment final (cases/access.SIGN_ROLES).
    "api:v1:best_interests_sign_off": {"post": SIGNERS},
    **{
        f"api:v1:{name}": READ_WRITE
        for name in [
            "family",
            "members",
            "member",
            "team",
            "team_member",
            "consents",
            "consent",
            "consent_withdraw",
            "timeline",
            "return_plan",
            "return_plan_versions",
            "preconditions",
            "factors",
            "factor_grid",
            "sessions",
            "monitoring_visits",
            "progress_reports",
        ]
    },
}
API_URLS = {name: params for name, params in discover() if name.startswith("api:")}
IDS = {
    "family_pk": lambda cast, name: cast.hakobyan.pk,
    "child_pk": lambda cast, name: cast.narek.pk,
    "member_pk": lambda cast, name: (
        cast.grandmother.pk if name == "api:v1:team_member" else cast.narek.pk
    ),
    "consent_pk": lambda cast, name: a_handover_consent(cast),
}


def test_every_api_endpoint_is_in_the_table():
    assert set(API_URLS) == set(EXPECTED)


def methods_of(url: str) -> list[str]:
    actions = getattr(resolve(url).func, "actions", None)
    return sorted(set(actions) - {"head"}) if actions else ["get"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_api_access_matches_the_table(name, who):
    cast = make_cast()
    url = reverse(name, kwargs={p: IDS[p](cast, name) for p in API_URLS[name]})
    for method in methods_of(url):
        client = _client(cast, who, name)
        response = getattr(client, method)(url, {}, format="json")
        allowed = EXPECTED[name].get(method, frozenset())
        if who in allowed:
            assert response.status_code in (200, 201, 204, 400), (method, response.status_code)
        elif who == "anonymous":
            assert response.status_code in (302, 401), (method, response.status_code)
        else:
            assert response.status_code == 404, (method, response.status_code)
            assert "Hakobyan" not in response.content.decode()
            assert AuditEvent.objects.filter(action="denied", actor_id=cast.users[who].pk).exists()


def _client(cast, who, name):
    from rest_framework.test import APIClient

    if who == "anonymous":
        return APIClient()
    if name == "api:docs":  # pages for people: the two-factor session
        client = APIClient()
        login(client, cast.users[who])
        return client
    return client_for(cast.users[who])
