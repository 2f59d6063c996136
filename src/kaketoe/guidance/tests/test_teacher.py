"""The school's part of step 2 (issue 14 §4): a teacher on the family's team edits the school
handover and records signals; everything else of the case stays read-only for them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.guidance.models import SchoolHandover, SignalObservation
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanItem
from kaketoe.testing import login, make_cast, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def child_url(name, cast):
    return reverse(f"guidance:{name}", args=[cast.hakobyan.pk, cast.narek.pk])


def handover(version=0, **fields):
    data = dict.fromkeys(
        ["school_nl", "teacher", "learning_development", "support_needs", "school_abroad"], ""
    )
    return {"version": version, "farewell_on": "", **data, **fields}


def signal(**fields):
    data = {"code": "B7-08", "free_text": "", "observed_by": "teacher", "context": ""}
    return {"observed_on": today().isoformat(), **data, **fields}


def test_the_teacher_on_the_team_may_edit_the_school_part_and_team_editors_too(cast):
    family = cast.hakobyan
    for who in ["teacher", "regievoerder", "counsellor", "careworker", "lawyer", "casemanager"]:
        assert access.can_edit_school_part(cast.users[who], family), who
    for who in ["outsider", "other_org", "partner", "privacy", "orgadmin"]:
        assert not access.can_edit_school_part(cast.users[who], family), who
    assert not access.can_edit_family(cast.teacher, family)  # the rest stays read-only


def test_a_teacher_taken_off_the_team_may_no_longer_edit_the_school_part(cast):
    cast.hakobyan.team.filter(user=cast.teacher).update(removed_at=timezone.now())
    assert not access.can_edit_school_part(cast.teacher, cast.hakobyan)


def test_a_teacher_saves_a_handover_and_records_a_signal(client, cast):
    login(client, cast.teacher)
    assert (
        client.post(child_url("school_handover", cast), handover(teacher="Mw. Jansen")).status_code
        == 302
    )
    assert SchoolHandover.objects.get(child=cast.narek).updated_by == cast.teacher
    assert client.post(child_url("signal_add", cast), signal()).status_code == 302
    assert SignalObservation.objects.get(child=cast.narek).recorded_by == cast.teacher


def test_a_teacher_still_cannot_change_a_plan_item_the_family_or_a_factor(client, cast):
    item = plans.add_item(None, cast.casemanager, cast.hakobyan, domain="housing", what="Huur")
    pk, narek = cast.hakobyan.pk, cast.narek.pk
    login(client, cast.teacher)
    refused = [
        reverse("plans:item_edit", args=[pk, item.pk]),
        reverse("plans:item_add", args=[pk]),
        reverse("cases:family_edit", args=[pk]),
        reverse("assessments:factor_add", args=[pk, narek]),
        reverse("guidance:grief_add", args=[pk, narek]),
    ]
    for url in refused:
        assert client.post(url, {"what": "changed", "name": "changed"}).status_code == 404, url
    assert PlanItem.objects.get(pk=item.pk).what == "Huur"
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.teacher.pk).count() >= 5


def test_a_teacher_who_is_not_on_the_team_gets_404(client, cast):
    from kaketoe.accounts.models import Role
    from kaketoe.testing import make_user

    other = make_user("teacher2", Role.TEACHER, cast.organisations["school"])
    login(client, other)
    assert client.post(child_url("school_handover", cast), handover()).status_code == 404
    assert client.post(child_url("signal_add", cast), signal()).status_code == 404
    assert not SchoolHandover.objects.exists() and not SignalObservation.objects.exists()
