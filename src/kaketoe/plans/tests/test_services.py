"""Changing the return plan: versions, the child's voice, meetings, the network, conflicts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from kaketoe.accounts.models import Role
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import TimelineEvent
from kaketoe.plans import services
from kaketoe.plans.models import PlanItem, PlanVersion, ReturnPlan
from kaketoe.testing import OrganisationFactory, make_family, make_user, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def counsellor():
    return make_user("counsellor", Role.COUNSELLOR, OrganisationFactory(name="Return foundation"))


@pytest.fixture
def family(casemanager, counsellor):
    family = make_family(
        casemanager,
        children=[("Ani", date(2015, 8, 23))],
        departure_deadline=today() + timedelta(weeks=6),
    )
    case_services.join_team(None, casemanager, family, user=counsellor)
    return family


@pytest.fixture
def ani(family):
    return family.members.get(given_name="Ani")


def add(actor, family, **fields):
    return services.add_item(None, actor, family, **{"domain": "education", "what": "x", **fields})


def test_adding_an_item_writes_timeline_audit_and_a_first_plan_version(casemanager, family, ani):
    item = add(casemanager, family, child=ani, what="Schoolrapport laten vertalen")
    plan = ReturnPlan.objects.get(family=family)
    assert plan.version == 1
    version = plan.versions.get()
    assert version.saved_by == casemanager and version.object_key == f"item:{item.pk}"
    assert version.snapshot["items"][0]["what"] == "Schoolrapport laten vertalen"
    assert TimelineEvent.objects.filter(family=family, kind="plan_item").exists()
    assert AuditEvent.objects.filter(action="create", object_type="planitem").exists()


def test_every_change_is_a_new_version_saying_what_changed(casemanager, family):
    item = add(casemanager, family)
    services.change_item(None, casemanager, item, 1, status="arranged", what="Schoolplek")
    plan = ReturnPlan.objects.get(family=family)
    latest = plan.versions.first()
    assert (plan.version, latest.number) == (2, 2)
    assert {c["field"] for c in latest.changes} == {"status", "what"}
    assert PlanItem.objects.get().version == 2


def test_saving_without_changes_makes_no_version(casemanager, family):
    item = add(casemanager, family)
    services.change_item(None, casemanager, item, 1, what="x")
    assert PlanVersion.objects.count() == 1


def test_the_second_of_two_editors_is_refused_and_told_what_changed(
    casemanager, counsellor, family
):
    item = add(casemanager, family)
    services.change_item(None, counsellor, item, 1, status="done")
    with pytest.raises(services.StaleEdit) as refused:
        services.change_item(None, casemanager, item, 1, what="Something else")
    assert refused.value.changed == ["status"]
    assert refused.value.by == str(counsellor)
    assert PlanItem.objects.get().what == "x"


def test_a_dropped_item_needs_a_reason_and_nothing_is_saved_without_it(casemanager, family):
    item = add(casemanager, family)
    with pytest.raises(ValidationError):
        services.change_item(None, casemanager, item, 1, status="dropped", drop_reason="")
    assert PlanItem.objects.get().status == "open"
    assert PlanVersion.objects.count() == 1


def test_an_owner_from_another_family_is_refused(casemanager, family):
    other = make_family(casemanager, "Petrosyan")
    stranger = other.team.get()
    with pytest.raises(ValidationError):
        add(casemanager, family, owner_member=stranger)
    assert not PlanItem.objects.exists()


def test_the_plan_keeps_the_time_the_open_preparation_needs(casemanager, counsellor, family):
    me, them = family.team.get(user=casemanager), family.team.get(user=counsellor)
    add(casemanager, family, owner_member=me, weeks_needed=3)
    add(casemanager, family, owner_member=me, weeks_needed=2)
    item = add(casemanager, family, owner_member=them, weeks_needed=4)
    assert ReturnPlan.objects.get(family=family).needed_days == 35
    services.change_item(None, casemanager, item, 1, status="done")
    services.change_item(
        None, casemanager, PlanItem.objects.filter(weeks_needed=3).get(), 1, status="arranged"
    )
    assert ReturnPlan.objects.get(family=family).needed_days == 14


def test_an_open_precondition_becomes_one_plan_item_only_once(casemanager, family, ani):
    first, created = services.item_from_precondition(
        None,
        casemanager,
        family,
        code="B1-MAT-04",
        label="School informed",
        domain="education",
        child=ani,
    )
    again, created_again = services.item_from_precondition(
        None,
        casemanager,
        family,
        code="B1-MAT-04",
        label="School informed",
        domain="education",
        child=ani,
    )
    assert created and not created_again and first == again
    assert (first.source, first.source_ref, first.child) == ("precondition", "B1-MAT-04", ani)


def test_attention_points_are_stored_with_their_catalogue_version(casemanager, family):
    answers = {"RP-1": {"ticked": True, "evidence": "Partner monitors 12 months"}}
    plan = services.save_attention(None, casemanager, family, "2026.1", 0, answers)
    assert (plan.attention_catalogue_version, plan.attention_version) == ("2026.1", 1)
    assert plan.versions.first().changes[0]["field"] == "attention.RP-1"
    assert TimelineEvent.objects.filter(family=family, kind="plan_attention").exists()
    with pytest.raises(services.StaleEdit) as refused:
        services.save_attention(None, casemanager, family, "2026.1", 0, {})
    assert refused.value.changed == ["attention.RP-1"]


def test_the_childs_voice_is_linked_to_the_items_that_answer_it(casemanager, family, ani):
    item = add(casemanager, family, child=ani, what="Voetbalclub zoeken in Gyumri")
    voice = services.add_voice(
        None,
        casemanager,
        ani,
        said="Ik wil blijven voetballen",
        answered_by=[item],
        taken_into_account="yes",
    )
    assert list(voice.answered_by.all()) == [item]
    assert ReturnPlan.objects.get(family=family).versions.first().object_key == f"voice:{voice.pk}"
    assert TimelineEvent.objects.filter(family=family, kind="child_voice").exists()


def test_partly_or_not_taken_into_account_needs_a_because(casemanager, ani):
    with pytest.raises(ValidationError):
        services.add_voice(None, casemanager, ani, said="Oma meenemen", taken_into_account="no")
    voice = services.add_voice(None, casemanager, ani, said="Oma meenemen")
    with pytest.raises(ValidationError):
        services.change_voice(
            None,
            casemanager,
            voice,
            1,
            answered_by=[],
            said="Oma meenemen",
            taken_into_account="partly",
            because="",
        )


def test_a_meeting_decision_becomes_a_plan_item_with_an_owner(casemanager, counsellor, family):
    them = family.team.get(user=counsellor)
    open_item = add(casemanager, family)
    meeting = services.add_meeting(
        None,
        casemanager,
        family,
        kind="joint_1",
        held_on=today(),
        participants=[them],
        agenda=[open_item],
    )
    decision = services.add_decision(
        None,
        casemanager,
        meeting,
        domain="housing",
        what="Woning bezichtigen via partner",
        owner_member=them,
    )
    assert (decision.source, decision.meeting, decision.owner_member) == ("meeting", meeting, them)
    assert list(meeting.agenda.all()) == [open_item]
    assert TimelineEvent.objects.filter(family=family, kind="meeting").exists()


def test_a_second_editor_of_meeting_minutes_is_refused(casemanager, counsellor, family):
    meeting = services.add_meeting(None, casemanager, family, kind="team", held_on=today())
    services.change_meeting(
        None, counsellor, meeting, 1, participants=[], agenda=[], minutes="Besproken: school"
    )
    with pytest.raises(services.StaleEdit) as refused:
        services.change_meeting(
            None, casemanager, meeting, 1, participants=[], agenda=[], minutes="Other"
        )
    assert refused.value.changed == ["minutes"]


def test_marking_who_has_the_familys_trust_is_on_the_timeline(casemanager, family):
    grandmother = case_services.join_team(None, casemanager, family, name="Siranush")
    services.set_trust(None, casemanager, grandmother, True)
    grandmother.refresh_from_db()
    assert grandmother.has_family_trust
    assert TimelineEvent.objects.filter(family=family, kind="network_trust").exists()
    assert AuditEvent.objects.filter(object_type="teammember", detail__contains="trust").exists()


def test_the_plan_stays_editable_after_return(casemanager, family):
    item = add(casemanager, family, timing="after_arrival", months=6)
    family.stage, family.actual_departure = "monitoring", today() - timedelta(days=30)
    family.save()
    services.change_item(None, casemanager, item, 1, status="arranged")
    assert PlanItem.objects.get().status == "arranged"
