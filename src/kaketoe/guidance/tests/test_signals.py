"""Signals and grief notes per child; the care prompt on the child's page and the family page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import TimelineEvent
from kaketoe.catalogues import loader
from kaketoe.guidance.models import GriefNote, SignalObservation
from kaketoe.testing import login, today

pytestmark = pytest.mark.django_db
PROMPT = "involve a care professional"


def url(name, child):
    return reverse(f"guidance:{name}", args=[child.family_id, child.pk])


def add_signal(client, child, **data):
    fields = {
        "code": "",
        "free_text": "",
        "observed_on": today().isoformat(),
        "observed_by": "teacher",
        "context": "",
    }
    return client.post(url("signal_add", child), {**fields, **data})


def test_a_catalogue_signal_is_recorded_with_date_context_observer_and_version(
    client, casemanager, child
):
    login(client, casemanager)
    response = add_signal(client, child, code="B7-08", context="Tells about bad dreams in class")
    assert response.status_code == 302
    signal = SignalObservation.objects.get()
    assert (signal.code, signal.observed_by, signal.catalogue_version) == (
        "B7-08",
        "teacher",
        loader.load("signals").version,
    )
    assert signal.recorded_by == casemanager
    assert TimelineEvent.objects.filter(kind="signal", family=child.family).exists()
    assert AuditEvent.objects.filter(action="create", object_type="signalobservation").exists()
    page = client.get(url("child", child)).content.decode()
    assert "Dreams and nightmares" in page and "Tells about bad dreams" in page


def test_a_signal_in_own_words_is_recorded(client, casemanager, child):
    login(client, casemanager)
    assert add_signal(client, child, free_text="Stopped drawing").status_code == 302
    assert SignalObservation.objects.get().free_text == "Stopped drawing"


def test_a_signal_needs_either_a_code_or_own_words_and_nothing_is_saved_otherwise(
    client, casemanager, child
):
    login(client, casemanager)
    for data in ({}, {"code": "B7-01", "free_text": "both"}):
        response = add_signal(client, child, **data)
        assert response.status_code == 400
        assert "one of the two" in response.content.decode()
    assert not SignalObservation.objects.exists()
    assert not TimelineEvent.objects.filter(kind="signal").exists()


def test_a_signal_cannot_be_observed_in_the_future(client, casemanager, child):
    login(client, casemanager)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = add_signal(client, child, code="B7-01", observed_on=tomorrow)
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    assert not SignalObservation.objects.exists()


def test_an_unknown_signal_code_is_refused(client, casemanager, child):
    login(client, casemanager)
    assert add_signal(client, child, code="B7-99").status_code == 400
    assert not SignalObservation.objects.exists()


def test_three_signals_in_a_month_prompt_a_care_professional_on_child_and_family_page(
    client, casemanager, child
):
    login(client, casemanager)
    for days, code in ((0, "B7-01"), (7, "B7-08"), (20, "B7-11")):
        add_signal(client, child, code=code, observed_on=(today() - timedelta(days)).isoformat())
    child_page = client.get(url("child", child)).content.decode()
    assert PROMPT in child_page and "3 signals observed within 30 days" in child_page
    family_page = client.get(reverse("cases:family", args=[child.family_id])).content.decode()
    assert f"Ani: {PROMPT}" in family_page


def test_one_serious_signal_prompts_at_once(client, casemanager, child):
    login(client, casemanager)
    add_signal(client, child, code="B7-15")
    page = client.get(url("child", child)).content.decode()
    assert "Serious signal recorded" in page and "Developmental delay" in page


def test_without_signals_the_family_page_shows_no_prompt(client, casemanager, child):
    login(client, casemanager)
    add_signal(client, child, code="B7-01")
    page = client.get(reverse("cases:family", args=[child.family_id])).content.decode()
    assert PROMPT not in page
    assert reverse("guidance:child", args=[child.family_id, child.pk]) in page


def test_grief_phase_and_stress_reaction_are_noted_with_a_date(client, casemanager, child):
    login(client, casemanager)
    response = client.post(
        url("grief_add", child),
        {"noted_on": today().isoformat(), "phase": "acknowledge", "reaction": "freeze", "note": ""},
    )
    assert response.status_code == 302
    note = GriefNote.objects.get()
    assert (note.phase, note.reaction, note.noted_on) == ("acknowledge", "freeze", today())
    assert TimelineEvent.objects.filter(kind="grief").exists()
    assert "Freeze" in client.get(url("child", child)).content.decode()


def test_a_grief_note_needs_a_phase_or_a_reaction(client, casemanager, child):
    login(client, casemanager)
    response = client.post(
        url("grief_add", child),
        {"noted_on": today().isoformat(), "phase": "", "reaction": "", "note": "quiet"},
    )
    assert response.status_code == 400
    assert "grief phase, a stress reaction, or both" in response.content.decode()
    assert not GriefNote.objects.exists()


def test_a_teacher_on_the_team_records_signals_but_no_grief_notes(client, teacher, child):
    login(client, teacher)
    page = client.get(url("child", child)).content.decode()
    assert "Record a signal" in page and "Note grief phase" not in page
    assert add_signal(client, child, code="B7-01").status_code == 302
    assert SignalObservation.objects.get().recorded_by == teacher
    grief = {"noted_on": today().isoformat(), "phase": "denial", "reaction": "", "note": ""}
    assert client.post(url("grief_add", child), grief).status_code == 404
    assert not GriefNote.objects.exists()
