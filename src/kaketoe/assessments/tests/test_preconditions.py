"""The preconditions checklist (appendix 1) on a family, through the pages a team uses."""

from datetime import date

import pytest
from django.urls import reverse

from kaketoe.accounts.models import Role
from kaketoe.assessments.models import PreconditionAnswer
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import TimelineEvent
from kaketoe.catalogues import loader
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

pytestmark = pytest.mark.django_db
CATALOGUE = loader.load("preconditions")


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def family(casemanager):
    return make_family(
        casemanager, children=[("Ani", date(2015, 8, 23)), ("Davit", date(2019, 11, 10))]
    )


def area_url(family, area="PSY"):
    return reverse("assessments:preconditions_area", args=[family.pk, area])


def form_data(client, family, area="PSY") -> dict:
    """The area form as the browser would post it back unchanged."""
    form = client.get(area_url(family, area)).context["form"]
    return {
        name: ("" if value is None else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
    }


def test_child_items_are_asked_for_each_child_and_family_items_once(client, casemanager, family):
    login(client, casemanager)
    data = form_data(client, family)
    children = [c.pk for c in family.members.filter(relation="child")]
    assert f"status__{children[0]}__B1-PSY-01" in data
    assert f"status__{children[1]}__B1-PSY-01" in data
    assert "status__f__B1-PSY-02" in data and f"status__{children[0]}__B1-PSY-02" not in data


def test_saving_answers_records_who_when_version_and_writes_timeline_and_audit(
    client, casemanager, family
):
    login(client, casemanager)
    data = form_data(client, family)
    data["status__f__B1-PSY-02"] = "not_met"
    data["note__f__B1-PSY-02"] = "Ouders willen eerst zelf met de kinderen praten."
    response = client.post(area_url(family), data)
    assert response.status_code == 302
    answer = PreconditionAnswer.objects.get()
    assert (answer.item_code, answer.status, answer.assessed_by, answer.catalogue_version) == (
        "B1-PSY-02",
        "not_met",
        casemanager,
        CATALOGUE.version,
    )
    assert TimelineEvent.objects.filter(family=family, kind="preconditions").exists()
    assert AuditEvent.objects.filter(
        family_id=family.pk, action="change", detail__contains="B1-PSY-02"
    ).exists()


def test_unmet_items_show_as_open_points_and_progress_counts_them(client, casemanager, family):
    login(client, casemanager)
    data = form_data(client, family)
    ani = family.members.get(given_name="Ani")
    data[f"status__{ani.pk}__B1-PSY-01"] = "not_met"
    data["status__f__B1-PSY-02"] = "met"
    client.post(area_url(family), data)
    page = client.get(reverse("assessments:preconditions", args=[family.pk]))
    section = page.context["overview"].section("PSY")
    assert (section.progress.met, section.progress.not_met, section.progress.answered) == (1, 1, 2)
    assert [(child, code) for child, code, *_rest in section.open_points] == [("Ani", "B1-PSY-01")]
    assert "Ani:" in page.content.decode()


def test_an_unknown_item_code_is_refused_and_nothing_is_saved(client, casemanager, family):
    login(client, casemanager)
    data = form_data(client, family)
    data["status__f__B1-PSY-02"] = "met"
    data["status__f__B1-XXX-99"] = "met"
    response = client.post(area_url(family), data)
    assert response.status_code == 200
    assert "not in this checklist" in response.content.decode()
    assert not PreconditionAnswer.objects.exists()


def test_a_note_over_the_limit_is_refused_and_nothing_is_saved(client, casemanager, family):
    login(client, casemanager)
    data = form_data(client, family)
    data["status__f__B1-PSY-02"] = "met"
    data["note__f__B1-PSY-02"] = "x" * 1001
    response = client.post(area_url(family), data)
    assert response.status_code == 200
    assert "at most 1000 characters" in response.content.decode()
    assert not PreconditionAnswer.objects.exists()


def test_second_save_of_the_same_item_is_refused_showing_the_first_and_losing_nothing(
    client, casemanager, family
):
    colleague = make_user("counsellor", Role.COUNSELLOR)
    from kaketoe.cases import services

    services.join_team(None, casemanager, family, user=colleague)
    login(client, casemanager)
    mine = form_data(client, family)
    theirs = dict(mine)
    theirs["status__f__B1-PSY-02"] = "met"
    theirs["note__f__B1-PSY-02"] = "Besproken met moeder"
    mine["status__f__B1-PSY-02"] = "not_met"
    client.force_login(colleague)
    login(client, colleague)
    assert client.post(area_url(family), theirs).status_code == 302
    login(client, casemanager)
    response = client.post(area_url(family), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved these items" in page and "Besproken met moeder" in page
    answer = PreconditionAnswer.objects.get()
    assert (answer.status, answer.note, answer.assessed_by) == (
        "met",
        "Besproken met moeder",
        colleague,
    )


def test_untouched_items_of_a_stale_form_do_not_conflict(client, casemanager, family):
    login(client, casemanager)
    first = form_data(client, family)
    second = dict(first)
    first["status__f__B1-PSY-02"] = "met"
    ani = family.members.get(given_name="Ani")
    second[f"status__{ani.pk}__B1-PSY-04"] = "na"
    client.post(area_url(family), first)
    assert client.post(area_url(family), second).status_code == 302
    assert PreconditionAnswer.objects.count() == 2


def test_people_not_on_the_team_get_404_and_teachers_may_read_but_not_save(
    client, casemanager, family
):
    outsider = make_user("outsider", Role.CASE_MANAGER, casemanager.membership.organisation)
    login(client, outsider)
    assert client.get(reverse("assessments:preconditions", args=[family.pk])).status_code == 404
    teacher = make_user("teacher", Role.TEACHER)
    from kaketoe.cases import services

    services.join_team(None, casemanager, family, user=teacher)
    login(client, teacher)
    assert client.get(area_url(family)).status_code == 200
    assert client.post(area_url(family), {"status__f__B1-PSY-02": "met"}).status_code == 404
    assert not PreconditionAnswer.objects.exists()


def test_an_unknown_area_is_not_found(client, casemanager, family):
    login(client, casemanager)
    assert client.get(area_url(family, "XYZ")).status_code == 404
