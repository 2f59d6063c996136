"""The factor grid through the API (issue 16 §3): recording a factor with the page's rules and
audit, and the grid with its accumulation flags counted from risk factors only."""

from __future__ import annotations

import pytest

from kaketoe.assessments.models import ChildFactor
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import make_cast

from .helpers import client_for

pytestmark = pytest.mark.django_db
LEVELS = ["child", "family", "school_friends", "society_culture"]
PHASES = ["pre_migration", "post_migration", "re_migration"]


@pytest.fixture
def cast():
    return make_cast()


def factors_url(child) -> str:
    return f"/api/v1/children/{child.pk}/factors/"


def grid_url(child) -> str:
    return f"/api/v1/children/{child.pk}/factor-grid/"


def own_words(kind, level, phase, n=0) -> dict:
    return {"kind": kind, "level": level, "phase": phase, "free_text": f"{kind} {n} {level}"}


def test_a_catalogue_factor_is_recorded_as_on_the_page(cast):
    api = client_for(cast.casemanager)
    body = {"kind": "risk", "level": "child", "phase": "post_migration", "code": "B4-K-R-POST-03"}
    response = api.post(factors_url(cast.narek), body, format="json")
    assert response.status_code == 201, response.json()
    factor = ChildFactor.objects.get(pk=response.json()["id"])
    assert (factor.code, factor.level, factor.catalogue_version) == (
        "B4-K-R-POST-03",
        "child",
        "2026.2",
    )
    assert AuditEvent.objects.filter(action="create", object_type="childfactor").exists()


def test_a_code_whose_level_disagrees_with_the_catalogue_is_a_400_and_nothing_saved(cast):
    api = client_for(cast.casemanager)
    body = {"kind": "risk", "level": "family", "phase": "post_migration", "code": "B4-K-R-POST-03"}
    response = api.post(factors_url(cast.narek), body, format="json")
    assert response.status_code == 400
    assert not ChildFactor.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "risk", "level": "galaxy", "phase": "re_migration", "free_text": "x"},
        {"kind": "risk", "level": "child", "phase": "re_migration"},
        {"kind": "risk", "level": "child", "phase": "re_migration", "code": "NOPE"},
        {"free_text": "no level"},
        {"code": "B4-K-R-POST-03", "free_text": "both"},
    ],
)
def test_bad_factors_are_refused_with_a_400(cast, body):
    response = client_for(cast.casemanager).post(factors_url(cast.narek), body, format="json")
    assert response.status_code == 400
    assert not ChildFactor.objects.exists()


def test_a_teacher_reads_the_grid_but_cannot_record_a_factor(cast):
    api = client_for(cast.teacher)
    response = api.post(factors_url(cast.narek), own_words("risk", "child", "re_migration"))
    assert response.status_code == 404
    assert api.get(grid_url(cast.narek)).status_code == 200


def test_one_risk_alone_gives_no_accumulation(cast):
    api = client_for(cast.casemanager)
    api.post(factors_url(cast.narek), own_words("risk", "child", "re_migration"), format="json")
    grid = api.get(grid_url(cast.narek)).json()
    assert grid["accumulation"] == []
    assert len(grid["cells"]) == 12


def test_twelve_risks_one_per_cell_flag_and_twelve_protective_change_nothing(cast):
    api = client_for(cast.casemanager)
    for level in LEVELS:
        for phase in PHASES:
            body = own_words("risk", level, phase)
            assert api.post(factors_url(cast.narek), body, format="json").status_code == 201
    before = api.get(grid_url(cast.narek)).json()["accumulation"]
    assert {flag["kind"] for flag in before} >= {"levels", "level", "phase"}
    for level in LEVELS:
        for phase in PHASES:
            api.post(factors_url(cast.narek), own_words("protective", level, phase), format="json")
    grid = api.get(grid_url(cast.narek)).json()
    assert grid["accumulation"] == before
    assert all(len(cell["protective"]) == 1 for cell in grid["cells"])


def test_a_factor_that_weighs_most_is_flagged_on_its_own(cast):
    api = client_for(cast.casemanager)
    body = {"code": "B4-F-R-POST-01"}
    assert api.post(factors_url(cast.narek), body, format="json").status_code == 201
    (flag,) = api.get(grid_url(cast.narek)).json()["accumulation"]
    assert flag["kind"] == "weighs_most"
    assert [f["code"] for f in flag["factors"]] == ["B4-F-R-POST-01"]
