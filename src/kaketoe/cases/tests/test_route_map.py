"""The route map tells the truth: each step's status comes from the evidence in the case
(cases/route_map.py and each step app's route.py), never from a tick (issue 16 §1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kaketoe.api.tests.helpers import client_for
from kaketoe.assessments.models import BestInterestsAssessment, ChildFactor, SafetyAssessment
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import route_map
from kaketoe.cases.models import Family, RouteNote
from kaketoe.testing import login, make_cast, make_family, today

pytestmark = pytest.mark.django_db


def status(family) -> dict[str, str]:
    return {state.step: state.status for state in route_map.route_map(family)}


def missing(family, step) -> list[str]:
    return [need.key for need in route_map.step_of(family, step).missing]


@pytest.fixture
def cast():
    return make_cast()


def test_a_new_family_with_one_child_and_nothing_recorded_has_no_step_done(cast):
    family = make_family(cast.casemanager, "Nieuw", children=[("Mila", date(2018, 3, 1))])
    assert status(family) == {
        "1A": "not_started",
        "1B": "not_started",
        "2A": "not_started",
        "2B": "not_started",
        "3": "not_started",
    }
    mila = family.members.get()
    assert missing(family, "1A") == [
        "1A:preconditions",
        "1A:safety",
        f"1A:factors:{mila.pk}",
        f"1A:best_interests:{mila.pk}",
    ]


def test_step_1a_is_done_only_with_all_its_evidence(cast):
    family = make_family(cast.casemanager, "Bewijs", children=[("Mila", date(2018, 3, 1))])
    mila = family.members.get()
    SafetyAssessment.objects.create(
        family=family, assessed_on=today(), place="Yerevan", assessed_by=cast.casemanager
    )
    assert status(family)["1A"] == "in_progress"
    ChildFactor.objects.create(
        child=mila, catalogue_version="2026.1", level="child", phase="pre", kind="risk"
    )
    BestInterestsAssessment.objects.create(child=mila, catalogue_version="2026.1", status="final")
    assert missing(family, "1A") == ["1A:preconditions"]  # 0 of all answers given
    assert status(family)["1A"] == "in_progress"


def test_an_outdated_safety_assessment_is_not_evidence(cast):
    family = make_family(cast.casemanager, "Oud", children=[("Mila", date(2018, 3, 1))])
    SafetyAssessment.objects.create(
        family=family,
        assessed_on=today() - timedelta(days=400),
        place="Yerevan",
        assessed_by=cast.casemanager,
    )
    state = route_map.step_of(family, "1A")
    assert "1A:safety" in [need.key for need in state.missing]
    assert "out of date" in next(n.text for n in state.needs if n.key == "1A:safety")


def test_a_note_settles_a_piece_that_allows_one_and_only_that(cast):
    family = make_family(cast.casemanager, "Notitie", children=[("Mila", date(2018, 3, 1))])
    mila = family.members.get()
    key = f"1A:factors:{mila.pk}"
    route_map.write_note(None, cast.casemanager, family, key, "Besproken in het MDO: niets")
    assert key not in missing(family, "1A")
    with pytest.raises(ValidationError):  # a final assessment cannot be replaced by a note
        route_map.write_note(None, cast.casemanager, family, f"1A:best_interests:{mila.pk}", "x")
    with pytest.raises(ValidationError):
        route_map.write_note(None, cast.casemanager, family, "9Z:nonsense", "x")


def test_marking_a_step_done_against_the_evidence_needs_a_reason_and_shows_it(client, cast):
    family = cast.hakobyan
    with pytest.raises(ValidationError) as refused:
        route_map.mark_done(None, cast.casemanager, family, "1A", "te kort")
    assert "still missing" in refused.value.messages[0]
    assert status(family)["1A"] != "done" and not RouteNote.objects.exists()
    reason = "Besloten in het MDO van 3 december, zie verslag"
    route_map.mark_done(None, cast.casemanager, family, "1A", reason)
    assert status(family)["1A"] == "done"
    login(client, cast.lawyer)
    page = client.get(reverse("cases:route", args=[family.pk])).content.decode()
    assert reason in page and "Marked done by" in page
    route_map.withdraw_mark(None, cast.casemanager, family, "1A")
    assert status(family)["1A"] != "done"
    details = set(AuditEvent.objects.values_list("detail", flat=True))
    assert {"route map 1A: marked done", "route map 1A: mark withdrawn"} <= details


def test_the_demo_hakobyan_family_no_longer_says_1a_is_done():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    hakobyan = Family.objects.get(name="Hakobyan")
    assert status(hakobyan)["1A"] in {"not_started", "in_progress"}
    al_sayed = Family.objects.get(name="Al-Sayed")  # closed: its steps were marked, with reason
    states = route_map.route_map(al_sayed)
    assert all(s.status == "done" for s in states)
    assert all(s.override or s.done_by_evidence for s in states)


def test_step_3_waits_for_the_departure_and_a_year_of_monitoring(cast):
    family = make_family(cast.casemanager, "Vertrek", children=[("Mila", date(2018, 3, 1))])
    assert missing(family, "3") == ["3:departure"]
    family.actual_departure = today() - timedelta(days=40)
    family.save()
    mila = family.members.get()
    assert missing(family, "3") == [
        f"3:visit:{mila.pk}:6",
        f"3:visit:{mila.pk}:12",
        f"3:visit:{mila.pk}:18",
        "3:a_year",
    ]


# -- the API contract ---------------------------------------------------------------------------


def family_url(family) -> str:
    return f"/api/v1/families/{family.pk}/"


def test_the_api_gives_the_route_map_with_what_is_missing(cast):
    body = client_for(cast.casemanager).get(family_url(cast.hakobyan)).json()
    assert [step["step"] for step in body["route_map"]] == ["1A", "1B", "2A", "2B", "3"]
    first = body["route_map"][0]
    assert first["status"] in {"not_started", "in_progress"} and first["override"] is None
    assert any("Preconditions checklist" in text for text in first["missing"])
    assert body["completed_steps"] == []


def test_the_api_refuses_a_step_done_against_the_evidence_without_a_reason(cast):
    api = client_for(cast.casemanager)
    family = cast.hakobyan
    version = api.get(family_url(family)).json()["version"]
    refused = api.patch(
        family_url(family),
        {"version": version, "completed_steps": ["1A"], "place_of_return": "Gyumri"},
        format="json",
    )
    assert refused.status_code == 400
    assert "Preconditions checklist" in " ".join(refused.json()["completed_steps"])
    family.refresh_from_db()
    assert family.place_of_return != "Gyumri" and family.version == version  # nothing changed
    reason = "Besloten in het MDO van 3 december, zie verslag"
    accepted = api.patch(
        family_url(family),
        {"version": version, "completed_steps": ["1A"], "override_reason": reason},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert body["completed_steps"] == ["1A"]
    override = body["route_map"][0]["override"]
    assert override["by"] == "casemanager" and override["reason"] == reason
    dropped = api.patch(
        family_url(family),
        {"version": body["version"], "completed_steps": []},
        format="json",
    )
    assert dropped.json()["completed_steps"] == []


# -- departure readiness (issue 16 §2) -----------------------------------------------------------


def test_a_family_with_nothing_settled_is_not_ready_to_depart(cast):
    blockers = route_map.departure_blockers(cast.hakobyan)
    text = " | ".join(blockers)
    for expected in [
        "Preconditions checklist",  # unknown answers
        "safety assessment",
        "best-interests assessment of Narek",
        "not yet informed about the return",
        "No return plan items for Narek",
        "No valid consent",
    ]:
        assert expected in text, expected


def test_recording_the_actual_departure_with_blockers_needs_a_reason(client, cast):
    family = cast.hakobyan
    login(client, cast.casemanager)
    url = reverse("cases:family_edit", args=[family.pk])
    page = client.get(url).content.decode()
    assert "Readiness check before departure" in page and "No valid consent" in page
    data = {
        "name": family.name,
        "country_of_return": "AM",
        "stage": family.stage,
        "version": family.version,
        "actual_departure": today().isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Not ready for departure" in refused.content.decode()
    family.refresh_from_db()
    assert family.actual_departure is None
    reason = "Uitzetting op last van de rechter; geen uitstel mogelijk"
    saved = client.post(url, {**data, "readiness_override_reason": reason})
    assert saved.status_code == 302
    family.refresh_from_db()
    assert family.actual_departure == today()
    assert route_map.readiness_acknowledgement(family).text == reason
    case_page = client.get(reverse("cases:family", args=[family.pk])).content.decode()
    assert reason in case_page and "while the readiness check named open points" in case_page
    assert AuditEvent.objects.filter(detail__startswith="departure recorded despite").exists()


def test_the_api_refuses_the_actual_departure_with_blockers_and_no_reason(cast):
    api = client_for(cast.casemanager)
    family = cast.hakobyan
    version = api.get(family_url(family)).json()["version"]
    body = {"version": version, "actual_departure": today().isoformat()}
    refused = api.patch(family_url(family), body, format="json")
    assert refused.status_code == 400
    assert "No valid consent" in " ".join(refused.json()["actual_departure"])
    family.refresh_from_db()
    assert family.actual_departure is None and family.version == version
    reason = "Uitzetting op last van de rechter; geen uitstel mogelijk"
    accepted = api.patch(
        family_url(family), {**body, "readiness_override_reason": reason}, format="json"
    )
    assert accepted.status_code == 200, accepted.json()
