"""Joint conversations 1 and 2 start from an agenda template (catalogue `meeting_templates`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaketoe.catalogues.loader import load
from kaketoe.plans import queries
from kaketoe.plans.models import Meeting
from kaketoe.testing import login, make_cast, today

pytestmark = pytest.mark.django_db


def test_both_joint_conversations_have_a_template_in_dutch_and_english():
    kinds = {entry["kind"] for entry in load("meeting_templates").data["templates"]}
    assert kinds == {Meeting.Kind.JOINT_1, Meeting.Kind.JOINT_2}
    assert "booklet" in queries.meeting_template("joint_1", "en")
    assert "feedback" in queries.meeting_template("joint_1", "en")
    assert "decision" in queries.meeting_template("joint_2", "en")
    assert "boekje" in queries.meeting_template("joint_2", "nl")
    assert queries.meeting_template("team", "en") == ""


def test_the_new_meeting_form_is_prefilled_from_the_template(client):
    cast = make_cast()
    login(client, cast.casemanager)
    add = reverse("plans:meeting_add", kwargs={"pk": cast.hakobyan.pk})
    meetings = client.get(reverse("plans:meetings", kwargs={"pk": cast.hakobyan.pk}))
    assert f"{add}?kind=joint_1" in meetings.content.decode()
    page = client.get(add + "?kind=joint_2").content.decode()
    assert '<option value="joint_2" selected>' in page
    assert "oncrete" in page  # "concrete actions" / "Concrete acties"
    assert client.get(add + "?kind=nonsense").status_code == 200


def test_a_joint_conversation_saved_with_empty_minutes_gets_its_agenda(client):
    cast = make_cast()
    login(client, cast.casemanager)
    add = reverse("plans:meeting_add", kwargs={"pk": cast.hakobyan.pk})
    response = client.post(add, {"version": 1, "kind": "joint_1", "held_on": today().isoformat()})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.minutes in {queries.meeting_template("joint_1", lang) for lang in ("nl", "en")}
    client.post(add, {"version": 1, "kind": "team", "held_on": today().isoformat()})
    assert Meeting.objects.get(kind="team").minutes == ""
