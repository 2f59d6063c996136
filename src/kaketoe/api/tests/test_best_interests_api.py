"""Best-interests sign-off through the API (issue 16 §5): the same rule, service and audit as
the page. Final only after two people of two organisations, one a care or child-protection
professional."""

from __future__ import annotations

import pytest

from kaketoe.assessments.models import BestInterestsAssessment
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import make_cast

from .helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    cast = make_cast()
    cast.draft = BestInterestsAssessment.objects.create(
        child=cast.narek, catalogue_version="2026.1", version=1
    )
    return cast


def url(cast, sign_off: bool = False) -> str:
    base = f"/api/v1/children/{cast.narek.pk}/best-interests/"
    return base + ("sign-off/" if sign_off else "")


def test_two_sign_offs_of_two_organisations_one_care_make_it_final(cast):
    [state] = client_for(cast.lawyer).get(url(cast)).json()["results"]
    assert state["status"] == "draft" and state["missing"] and state["sign_offs"] == []
    first = client_for(cast.regievoerder).post(url(cast, True), {"version": 1}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "draft" and len(first.json()["sign_offs"]) == 1
    second = client_for(cast.careworker).post(url(cast, True), {"version": 1}, format="json")
    assert second.json()["status"] == "final" and second.json()["missing"] == []
    assert {s["username"] for s in second.json()["sign_offs"]} == {"regievoerder", "careworker"}
    assert AuditEvent.objects.filter(detail="signed off v1").count() == 2


def test_one_sign_off_is_not_enough_and_a_stale_version_is_a_conflict(cast):
    api = client_for(cast.regievoerder)
    assert api.post(url(cast, True), {"version": 7}, format="json").status_code == 409
    api.post(url(cast, True), {"version": 1}, format="json")
    cast.draft.refresh_from_db()
    assert cast.draft.status == "draft"


def test_who_may_not_sign_gets_a_404_and_changes_nothing(cast):
    response = client_for(cast.lawyer).post(url(cast, True), {"version": 1}, format="json")
    assert response.status_code == 404
    assert not cast.draft.sign_offs.exists()
