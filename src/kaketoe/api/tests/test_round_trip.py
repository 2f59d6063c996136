"""The issue's bar: a case built only through the API with a token, read back; the same token
refused on another organisation's family."""

from __future__ import annotations

import pytest

from kaketoe.audit.models import AuditEvent
from kaketoe.testing import make_cast

from .helpers import client_for

pytestmark = pytest.mark.django_db


def test_family_child_consent_and_monitoring_visit_made_through_the_api_read_back():
    cast = make_cast()
    api = client_for(cast.casemanager)
    partner = cast.partner.membership.organisation
    family = api.post(
        "/api/v1/families/",
        {
            "name": "Sargsyan",
            "country_of_return": "AM",
            "parent_given_name": "Anahit",
            "parent_family_name": "Sargsyan",
        },
        format="json",
    )
    assert family.status_code == 201, family.json()
    fid = family.json()["id"]
    child = api.post(
        f"/api/v1/families/{fid}/members/",
        {
            "relation": "child",
            "given_name": "Aram",
            "family_name": "Sargsyan",
            "date_of_birth": "2014-03-01",
        },
        format="json",
    )
    assert child.status_code == 201, child.json()
    members = api.get(f"/api/v1/families/{fid}/members/").json()["results"]
    parent = next(m for m in members if m["relation"] == "parent")
    consent = api.post(
        f"/api/v1/families/{fid}/consents/",
        {
            "purpose": "handover",
            "organisation": partner.pk,
            "decision": "given",
            "given_by": parent["id"],
            "how": "signed_form",
            "recorded_on": "2020-01-01",
        },
        format="json",
    )
    assert consent.status_code == 201, consent.json()

    assert api.get(f"/api/v1/families/{fid}/").json()["name"] == "Sargsyan"
    assert {m["given_name"]: m["relation"] for m in members} == {
        "Anahit": "parent",
        "Aram": "child",
    }
    child_id = child.json()["id"]
    assert api.get(f"/api/v1/children/{child_id}/sessions/").status_code == 200
    [entry] = api.get(f"/api/v1/families/{fid}/consents/").json()["results"]
    assert entry["organisation"] == partner.pk
    assert entry["organisation_name"] == partner.name
    assert (entry["purpose"], entry["granted_at"], entry["withdrawn_at"]) == (
        "handover",
        "2020-01-01",
        None,
    )

    visit = api.post(
        f"/api/v1/children/{child_id}/monitoring-visits/",
        {
            "month": 6,
            "visit_date": "2020-08-01",
            "ratings": [
                {"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]},
                {"domain": "safety", "level": "safe"},
            ],
        },
        format="json",
    )
    assert visit.status_code == 201, visit.json()
    [read_back] = api.get(f"/api/v1/children/{child_id}/monitoring-visits/").json()["results"]
    assert read_back == visit.json()
    assert read_back["domains"]["housing"] == {
        "level": "below_average",
        "points": 1,
        "max_points": 3,
    }
    assert (read_back["total_points"], read_back["max_points"]) == (3, 5)


def test_the_same_token_is_refused_on_another_organisations_family():
    cast = make_cast()
    api = client_for(cast.casemanager)
    other = cast.petrosyan.pk
    for url in [
        f"/api/v1/families/{other}/",
        f"/api/v1/families/{other}/members/",
        f"/api/v1/families/{other}/consents/",
        f"/api/v1/families/{other}/progress-reports/",
    ]:
        response = api.get(url)
        assert response.status_code == 404
        assert "Petrosyan" not in response.content.decode()
    assert api.get("/api/v1/families/").json()["count"] == 1
    assert AuditEvent.objects.filter(action="denied", family_id=other).count() == 4
    child = api.post(
        f"/api/v1/families/{other}/members/",
        {"relation": "child", "given_name": "L", "family_name": "P", "date_of_birth": "2013-01-01"},
        format="json",
    )
    assert child.status_code == 404


def test_a_withdrawal_shows_on_the_consent_it_ends():
    cast = make_cast()
    api = client_for(cast.casemanager)
    fid = cast.hakobyan.pk
    parent = api.post(
        f"/api/v1/families/{fid}/members/",
        {"relation": "parent", "given_name": "Armen", "family_name": "Hakobyan"},
        format="json",
    ).json()
    consent = api.post(
        f"/api/v1/families/{fid}/consents/",
        {
            "purpose": "monitoring",
            "organisation": cast.partner.membership.organisation.pk,
            "decision": "given",
            "given_by": parent["id"],
            "how": "verbal",
            "recorded_on": "2020-01-01",
        },
        format="json",
    ).json()
    withdrawal = api.post(
        f"/api/v1/families/{fid}/consents/{consent['id']}/withdraw/",
        {"given_by": parent["id"], "how": "verbal", "recorded_on": "2020-02-01"},
        format="json",
    )
    assert withdrawal.status_code == 201, withdrawal.json()
    assert withdrawal.json()["decision"] == "withdrawn"
    entry = api.get(f"/api/v1/families/{fid}/consents/{consent['id']}/").json()
    assert entry["withdrawn_at"] == "2020-02-01"
