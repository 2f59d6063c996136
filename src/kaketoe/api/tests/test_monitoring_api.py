"""The monitoring API of issue 6: visits scored as on the page, clear 400s with nothing saved,
404 for a child the caller may not see, progress reports and alerts as the caller may see them."""

from __future__ import annotations

import pytest

from kaketoe.monitoring import services
from kaketoe.monitoring.models import Alert, MonitoringVisit
from kaketoe.testing import make_cast, today

from .helpers import client_for

pytestmark = pytest.mark.django_db

VISIT = {
    "month": 6,
    "visit_date": "2020-03-01",
    "ratings": [
        {"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]},
        {"domain": "safety", "level": "safe"},
    ],
}


@pytest.fixture
def cast():
    return make_cast()


def visits_url(child) -> str:
    return f"/api/v1/children/{child.pk}/monitoring-visits/"


def test_a_visit_is_scored_the_lowest_level_wins_and_listed_in_the_same_shape(cast):
    api = client_for(cast.casemanager)
    response = api.post(visits_url(cast.narek), VISIT, format="json")
    assert response.status_code == 201, response.json()
    visit = response.json()
    assert visit["month"] == 6
    assert visit["domains"]["housing"] == {"level": "below_average", "points": 1, "max_points": 3}
    assert visit["domains"]["safety"] == {"level": "safe", "points": 2, "max_points": 2}
    assert (visit["total_points"], visit["max_points"], visit["complete"]) == (3, 5, False)
    assert visit["alerts"] == []
    [listed] = api.get(visits_url(cast.narek)).json()["results"]
    assert listed == visit


def test_a_critical_level_raises_an_alert_listed_for_the_team(cast):
    api = client_for(cast.casemanager)
    body = {**VISIT, "ratings": [{"domain": "safety", "level": "unsafe"}]}
    visit = api.post(visits_url(cast.narek), body, format="json").json()
    [alert] = visit["alerts"]
    assert (alert["domain"], alert["level"], alert["open"]) == ("safety", "unsafe", True)
    listed = client_for(cast.counsellor).get("/api/v1/alerts/?open=true").json()["results"]
    assert [a["id"] for a in listed] == [alert["id"]]
    assert listed[0]["child"] == cast.narek.pk
    assert client_for(cast.other_org).get("/api/v1/alerts/").json()["count"] == 0
    assert client_for(cast.partner).get("/api/v1/alerts/").json()["count"] == 0
    assert client_for(cast.counsellor).get("/api/v1/alerts/?open=false").json()["count"] == 0


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"month": 7}, "month", "6, 12 or 18"),
        ({"ratings": [{"domain": "weather", "level": "good"}]}, "ratings", "Unknown domain"),
        ({"ratings": [{"domain": "housing", "level": "superb"}]}, "ratings", "Unknown level"),
        ({"ratings": [{"domain": "housing", "indicators": ["housing.x.9"]}]}, "ratings", "Unknown"),
        (
            {"ratings": [{"domain": "housing", "indicators": ["safety.unsafe.1"]}]},
            "ratings",
            "belongs to safety",
        ),
        ({"ratings": [{"domain": "housing", "level": "good", "x": 1}]}, "ratings", "Unknown field"),
        ({"visit_date": "soon"}, "visit_date", ""),
        ({"colour": "red"}, "colour", "Unknown field"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message_and_nothing_saved(cast, change, field, words):
    api = client_for(cast.casemanager)
    response = api.post(visits_url(cast.narek), {**VISIT, **change}, format="json")
    assert response.status_code == 400
    assert words in str(response.json()[field])
    assert not MonitoringVisit.objects.exists()
    assert not Alert.objects.exists()


def test_a_second_visit_for_the_same_month_is_refused(cast):
    api = client_for(cast.casemanager)
    assert api.post(visits_url(cast.narek), VISIT, format="json").status_code == 201
    again = api.post(visits_url(cast.narek), VISIT, format="json")
    assert again.status_code == 400
    assert "already recorded" in again.json()["non_field_errors"][0]
    assert MonitoringVisit.objects.count() == 1


def test_a_child_the_caller_may_not_see_is_a_404_and_nothing_saved(cast):
    from datetime import date

    from kaketoe.cases.models import Person

    petrosyan_child = Person.objects.create(
        family=cast.petrosyan,
        relation="child",
        given_name="Levon",
        family_name="Petrosyan",
        date_of_birth=date(2013, 1, 1),
    )
    for who, child in [(cast.other_org, cast.narek), (cast.casemanager, petrosyan_child)]:
        response = client_for(who).post(visits_url(child), VISIT, format="json")
        assert response.status_code == 404
    # the teacher may read the visits but not record one
    teacher = client_for(cast.teacher)
    assert teacher.get(visits_url(cast.narek)).status_code == 200
    assert teacher.post(visits_url(cast.narek), VISIT, format="json").status_code == 404
    assert not MonitoringVisit.objects.exists()


def test_progress_reports_are_listed_with_their_lines(cast):
    services.record_progress_report(
        None, cast.casemanager, cast.hakobyan, reported_on=today(), family_view="Goed", lines=[]
    )
    api = client_for(cast.counsellor)
    [report] = api.get(f"/api/v1/families/{cast.hakobyan.pk}/progress-reports/").json()["results"]
    assert (report["family_view"], report["lines"]) == ("Goed", [])
    other = client_for(cast.other_org).get(f"/api/v1/families/{cast.hakobyan.pk}/progress-reports/")
    assert other.status_code == 404


# -- issue 16 §4: the profile, visit windows and closing a case ---------------------------------


def departed(cast, days_ago: int):
    from datetime import timedelta

    from kaketoe.cases import services as cases

    family = cast.hakobyan
    family.actual_departure = today() - timedelta(days=days_ago)
    cases.change_case(None, cast.counsellor, family, family.version, ["actual_departure"])
    family.refresh_from_db()
    return family


def test_a_visit_reads_as_its_profile_domains_rated_and_lowest_level_domains(cast):
    body = {
        **VISIT,
        "ratings": [
            {"domain": "housing", "level": "good"},
            {"domain": "safety", "indicators": ["safety.unsafe.1"]},
        ],
    }
    visit = client_for(cast.casemanager).post(visits_url(cast.narek), body, format="json").json()
    assert (visit["domains_rated"], visit["lowest_level_domains"]) == (2, ["safety"])
    assert visit["alerts"][0]["severity"] == "critical"


def test_an_early_visit_is_a_400_naming_window_reason_until_a_reason_is_given(cast):
    departed(cast, days_ago=20)
    api = client_for(cast.casemanager)
    body = {**VISIT, "visit_date": today().isoformat()}
    response = api.post(visits_url(cast.narek), body, format="json")
    assert response.status_code == 400
    assert "window_reason" in response.json()
    assert not MonitoringVisit.objects.exists()
    response = api.post(
        visits_url(cast.narek), {**body, "window_reason": "Moving away"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["window_reason"] == "Moving away"


def test_closing_a_case_in_its_first_monitoring_year_is_a_400_without_closing_reason(cast):
    family = departed(cast, days_ago=100)
    api = client_for(cast.counsellor)
    url = f"/api/v1/families/{family.pk}/"
    response = api.patch(url, {"stage": "closed", "version": family.version}, format="json")
    assert response.status_code == 400
    assert "closing_reason" in response.json()
    family.refresh_from_db()
    assert family.stage != "closed"
    body = {"stage": "closed", "version": family.version, "closing_reason": "Family moved on"}
    assert api.patch(url, body, format="json").status_code == 200, "closing with a reason"
    assert family.early_closings.get().reason == "Family moved on"
