"""Malformed JSON, wrong types, unknown fields, oversized bodies and stale versions: a 400 (or a
409) with field-level messages, never a 500, and nothing saved."""

from __future__ import annotations

import pytest

from kaketoe.accounts.models import ApiToken
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import make_cast

from .helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def members_url(cast):
    return f"/api/v1/families/{cast.hakobyan.pk}/members/"


def test_malformed_json_is_a_400(cast):
    api = client_for(cast.casemanager)
    response = api.generic("POST", members_url(cast), "{not json", "application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_wrong_types_are_reported_per_field(cast):
    api = client_for(cast.casemanager)
    response = api.post(
        members_url(cast),
        {"relation": "cousin", "given_name": ["x"], "family_name": "H", "date_of_birth": 12},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"relation", "given_name", "date_of_birth"}


def test_unknown_fields_are_refused(cast):
    api = client_for(cast.casemanager)
    response = api.post(
        members_url(cast),
        {"relation": "other", "given_name": "A", "family_name": "H", "is_admin": True},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"is_admin": ["Unknown field."]}


def test_the_pages_rules_apply_a_child_needs_a_date_of_birth(cast):
    api = client_for(cast.casemanager)
    response = api.post(
        members_url(cast),
        {"relation": "child", "given_name": "A", "family_name": "H"},
        format="json",
    )
    assert response.status_code == 400
    assert "date_of_birth" in response.json()


def test_an_oversized_body_is_refused(cast, settings):
    settings.KAKETOE_API_MAX_BODY_BYTES = 1000
    api = client_for(cast.casemanager)
    response = api.post(
        members_url(cast),
        {"relation": "other", "given_name": "A" * 2000, "family_name": "H"},
        format="json",
    )
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_a_json_array_is_not_a_record(cast):
    api = client_for(cast.casemanager)
    assert api.post(members_url(cast), [1, 2], format="json").status_code == 400


def test_an_update_needs_the_version_it_changes_and_a_stale_one_is_a_409(cast):
    api = client_for(cast.casemanager)
    url = f"/api/v1/families/{cast.hakobyan.pk}/"
    assert "version" in api.patch(url, {"place_of_return": "Gyumri"}, format="json").json()
    saved = api.patch(url, {"place_of_return": "Gyumri", "version": 1}, format="json")
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["place_of_return"], saved.json()["version"]) == ("Gyumri", 2)
    stale = api.patch(url, {"place_of_return": "Vanadzor", "version": 1}, format="json")
    assert stale.status_code == 409
    assert "version" in stale.json()
    cast.hakobyan.refresh_from_db()
    assert cast.hakobyan.place_of_return == "Gyumri"


def test_family_filters_validate_their_values(cast):
    api = client_for(cast.casemanager)
    assert api.get("/api/v1/families/?stage=nonsense").status_code == 400
    assert api.get("/api/v1/families/?planned_departure_before=soon").status_code == 400
    assert api.get("/api/v1/families/?country=AM&stage=preparing").json()["count"] == 1
    assert api.get("/api/v1/families/?country=GE").json()["count"] == 0


def test_page_size_is_capped_at_500(cast):
    api = client_for(cast.casemanager)
    response = api.get(f"{members_url(cast)}?page_size=100000")
    assert response.status_code == 200


def test_a_revoked_token_is_refused_and_use_is_recorded(cast):
    api = client_for(cast.casemanager)
    token = ApiToken.objects.get(user=cast.casemanager)
    assert api.get("/api/v1/families/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.last_used_at)
    assert api.get("/api/v1/families/").status_code == 401


def test_a_session_without_the_second_factor_is_not_enough(cast, client):
    client.force_login(cast.casemanager, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/families/").status_code == 401


def test_every_read_is_audited_like_a_page_view(cast):
    api = client_for(cast.casemanager)
    before = AuditEvent.objects.filter(action="view").count()
    api.get(f"/api/v1/families/{cast.hakobyan.pk}/timeline/")
    event = AuditEvent.objects.filter(action="view").first()
    assert AuditEvent.objects.filter(action="view").count() == before + 1
    assert (event.family_id, event.actor_username) == (cast.hakobyan.pk, "casemanager")
    assert event.path.startswith("/api/v1/families/")


def test_writes_are_audited_by_the_services(cast):
    api = client_for(cast.casemanager)
    api.post(
        members_url(cast),
        {"relation": "other", "given_name": "A", "family_name": "H"},
        format="json",
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="person", family_id=cast.hakobyan.pk
    ).exists()


def test_the_childs_words_only_for_whom_the_child_chose(cast):
    from kaketoe.toolkit.models import Answer, ChildSession

    session = ChildSession.objects.create(
        family=cast.hakobyan,
        child=cast.narek,
        kit="cards",
        catalogue_version="2026.1",
        started_by=cast.careworker,
    )
    answer = Answer.objects.create(
        session=session,
        family=cast.hakobyan,
        child=cast.narek,
        question_code="Q",
        kind="words",
        words="Mijn voetbal",
        language="nl",
    )
    url = f"/api/v1/children/{cast.narek.pk}/sessions/"
    [seen_by_careworker] = client_for(cast.careworker).get(url).json()["results"]
    [seen_by_teacher] = client_for(cast.teacher).get(url).json()["results"]
    [seen_by_counsellor] = client_for(cast.counsellor).get(url).json()["results"]
    assert seen_by_careworker["answers"][0]["words"] == "Mijn voetbal"  # held the session
    assert seen_by_careworker["answers"][0]["shared_with"] == "private"
    assert seen_by_teacher["answers"] == [] and seen_by_counsellor["answers"] == []
    answer.shared_with = "team"
    answer.save()
    [seen_by_teacher] = client_for(cast.teacher).get(url).json()["results"]
    assert seen_by_teacher["answers"][0]["words"] == "Mijn voetbal"
