"""The case pages as a professional uses them: caseload, family page, opening a case, the team."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services
from kaketoe.cases.models import Family, TeamMember
from kaketoe.testing import login, make_cast, make_family

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel("2026-03-02 10:00:00+01:00", tick=False):
        yield


@pytest.fixture
def cast():
    return make_cast()


def as_user(client, user):
    login(client, user)
    return client


def family_page(client, family):
    return client.get(reverse("cases:family", args=[family.pk]))


# Caseload ---------------------------------------------------------------------------------


def test_caseload_lists_only_the_families_on_whose_team_i_am(client, cast):
    make_family(cast.outsider, "Karapetyan")
    response = as_user(client, cast.casemanager).get(reverse("cases:caseload"))
    names = [row.family.name for row in response.context["page"].object_list]
    assert names == ["Hakobyan"]
    page = response.content.decode()
    assert "Karapetyan" not in page and "Petrosyan" not in page


def test_caseload_puts_overdue_families_first_then_the_nearest_deadline(client, cast):
    days = timedelta(days=1)
    make_family(cast.casemanager, "Aydin")  # no deadline: last
    make_family(cast.casemanager, "Baghdasaryan", departure_deadline=TODAY + 30 * days)
    make_family(cast.casemanager, "Demir", planned_departure=TODAY - 2 * days)
    make_family(cast.casemanager, "Ebadi", departure_deadline=TODAY - 20 * days)
    make_family(cast.casemanager, "Farahani", departure_deadline=TODAY + 3 * days)
    response = as_user(client, cast.casemanager).get(reverse("cases:caseload"))
    rows = response.context["page"].object_list
    assert [row.family.name for row in rows] == [
        "Ebadi",
        "Demir",
        "Farahani",
        "Baghdasaryan",
        "Aydin",
        "Hakobyan",
    ]
    assert [row.overdue for row in rows][:3] == [True, True, False]
    assert response.content.decode().count("row--overdue") == 2


def test_caseload_shows_the_childrens_ages_oldest_first(client, cast):
    response = as_user(client, cast.casemanager).get(reverse("cases:caseload"))
    [row] = response.context["page"].object_list
    assert row.child_ages == [15, 10]


def test_caseload_of_a_teamlead_holds_every_case_of_the_organisation(client, cast):
    make_family(cast.outsider, "Karapetyan")
    response = as_user(client, cast.teamlead).get(reverse("cases:caseload"))
    names = {row.family.name for row in response.context["page"].object_list}
    assert names == {"Hakobyan", "Karapetyan"}


def test_caseload_of_a_partner_abroad_is_empty(client, cast):
    response = as_user(client, cast.partner).get(reverse("cases:caseload"))
    assert list(response.context["page"].object_list) == []
    assert "Hakobyan" not in response.content.decode()


def test_new_family_button_only_for_those_who_open_cases(client, cast):
    new_family = reverse("cases:family_create")
    assert new_family in as_user(client, cast.casemanager).get("/").content.decode()
    assert new_family not in as_user(client, cast.teacher).get("/").content.decode()


# Family page ------------------------------------------------------------------------------


def test_family_page_shows_the_household_with_ages_and_age_bands(client, cast):
    response = family_page(as_user(client, cast.teacher), cast.hakobyan)
    page = response.content.decode()
    assert "Narek Hakobyan" in page and "Ani Hakobyan" in page
    assert "age band 13-17" in page  # Narek turned 15 in February
    assert "age band 10-12" in page  # Ani is 10
    assert [p.age_band(TODAY) for p in response.context["members"]] == ["13-17", "10-12"]


def test_family_page_groups_the_team_by_attention_area_and_informal_network(client, cast):
    response = family_page(as_user(client, cast.casemanager), cast.hakobyan)
    team = {
        area: sorted(m.user.username if m.user else m.name for m in people)
        for area, people in response.context["team"]
    }
    assert list(team) == [
        "Legal",
        "Psychosocial & medical",
        "Return guidance",
        "Informal network",
    ]
    assert team["Legal"] == ["lawyer"]
    assert team["Psychosocial & medical"] == ["careworker", "casemanager", "teacher"]
    assert team["Return guidance"] == ["counsellor", "partner", "regievoerder"]
    assert team["Informal network"] == ["Siranush"]
    assert "grandmother" in response.content.decode()


def test_family_page_shows_the_timeline_newest_first(client, cast):
    response = family_page(as_user(client, cast.lawyer), cast.hakobyan)
    timeline = [(e.kind, e.subject) for e in response.context["timeline"]]
    assert timeline[0] == ("team_added", "Siranush")
    assert timeline[-1] == ("created", "Hakobyan")
    assert ("member_added", "Narek Hakobyan") in timeline
    assert "Case opened" in response.content.decode()


def test_teacher_reads_the_family_page_without_edit_links(client, cast):
    response = family_page(as_user(client, cast.teacher), cast.hakobyan)
    assert response.status_code == 200
    assert reverse("cases:family_edit", args=[cast.hakobyan.pk]) not in response.content.decode()


def test_team_member_sees_edit_links(client, cast):
    response = family_page(as_user(client, cast.careworker), cast.hakobyan)
    assert reverse("cases:family_edit", args=[cast.hakobyan.pk]) in response.content.decode()


def test_other_organisation_gets_404_without_the_family_name(client, cast):
    response = family_page(as_user(client, cast.other_org), cast.hakobyan)
    assert response.status_code == 404
    assert "Hakobyan" not in response.content.decode()


# Opening and changing a case --------------------------------------------------------------


def test_creating_a_family_puts_the_creator_on_its_team_and_writes_timeline_and_audit(client, cast):
    response = as_user(client, cast.counsellor).post(
        reverse("cases:family_create"),
        {
            "name": "Aydin",
            "country_of_return": "TR",
            "parent_given_name": "Elif",
            "parent_family_name": "Aydin",
            "version": 1,
        },
    )
    family = Family.objects.get(name="Aydin")
    assert response.url == reverse("cases:family", args=[family.pk])
    place = family.team.get()
    assert (place.user, place.area, place.organisation) == (
        cast.counsellor,
        "return_guidance",
        cast.counsellor.membership.organisation,
    )
    assert family.created_by == cast.counsellor
    assert sorted(family.timeline.values_list("kind", flat=True)) == ["created", "member_added"]
    events = AuditEvent.objects.filter(family_id=family.pk, actor_id=cast.counsellor.pk)
    assert sorted(events.values_list("action", "object_type")) == [
        ("create", "family"),
        ("create", "person"),
    ]
    assert family_page(client, family).status_code == 200


def test_editing_a_case_writes_timeline_and_bumps_the_version(client, cast):
    url = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    response = as_user(client, cast.lawyer).post(
        url,
        {"name": "Hakobyan", "country_of_return": "AM", "stage": "guiding", "version": 1},
    )
    assert response.status_code == 302
    cast.hakobyan.refresh_from_db()
    assert (cast.hakobyan.stage, cast.hakobyan.version) == ("guiding", 2)
    assert cast.hakobyan.timeline.first().kind == "stage"


# The team ---------------------------------------------------------------------------------


def add_colleague(client, family, user):
    return client.post(
        reverse("cases:team_add", args=[family.pk]),
        {"kind": "colleague", "user": user.pk, "description": "second case manager"},
    )


def test_adding_a_colleague_to_the_team_gives_them_access(client, cast):
    assert family_page(as_user(client, cast.outsider), cast.hakobyan).status_code == 404
    response = add_colleague(as_user(client, cast.casemanager), cast.hakobyan, cast.outsider)
    assert response.status_code == 302
    assert family_page(as_user(client, cast.outsider), cast.hakobyan).status_code == 200
    assert cast.hakobyan.timeline.first().kind == "team_added"


def test_removing_a_colleague_from_the_team_takes_access_away(client, cast):
    place = cast.place_of(cast.lawyer)
    url = reverse("cases:team_remove", args=[cast.hakobyan.pk, place.pk])
    reason = {"reason": "The family's asylum appeal is closed."}
    assert as_user(client, cast.casemanager).post(url, reason).status_code == 302
    place.refresh_from_db()
    assert place.removed_at is not None
    assert family_page(as_user(client, cast.lawyer), cast.hakobyan).status_code == 404
    assert cast.hakobyan.timeline.first().kind == "team_removed"
    assert AuditEvent.objects.filter(action="change", detail="removed").exists()


def test_a_removed_colleague_can_be_added_again(client, cast):
    services.leave_team(None, cast.casemanager, cast.place_of(cast.lawyer))
    assert add_colleague(as_user(client, cast.casemanager), cast.hakobyan, cast.lawyer).status_code
    assert family_page(as_user(client, cast.lawyer), cast.hakobyan).status_code == 200


def test_colleagues_already_on_the_team_and_partners_abroad_are_not_offered(client, cast):
    response = as_user(client, cast.casemanager).get(
        reverse("cases:team_add", args=[cast.hakobyan.pk])
    )
    offered = set(response.context["colleague"].fields["user"].queryset)
    assert cast.outsider in offered and cast.other_org in offered
    assert cast.lawyer not in offered and cast.partner not in offered


def test_partner_abroad_cannot_be_added_through_the_team_page(client, cast):
    services.leave_team(None, cast.casemanager, cast.place_of(cast.partner))
    response = add_colleague(as_user(client, cast.casemanager), cast.hakobyan, cast.partner)
    assert response.status_code == 200
    assert "user" in response.context["colleague"].errors
    assert not cast.hakobyan.team.filter(user=cast.partner, removed_at__isnull=True).exists()


@pytest.mark.parametrize("username", ["privacy", "orgadmin"])
def test_privacy_officer_and_orgadmin_cannot_be_added_to_a_team(client, cast, username):
    user = cast.users[username]
    response = add_colleague(as_user(client, cast.casemanager), cast.hakobyan, user)
    assert response.status_code == 200
    assert "user" in response.context["colleague"].errors
    assert not cast.hakobyan.team.filter(user=user).exists()


def test_adding_someone_from_the_informal_network_gives_no_access(client, cast):
    response = as_user(client, cast.casemanager).post(
        reverse("cases:team_add", args=[cast.hakobyan.pk]),
        {"kind": "informal", "name": "Aram", "description": "uncle", "contact": "+374 10 000"},
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(name="Aram")
    assert (member.area, member.user) == ("informal", None)


def test_informal_member_needs_a_name(client, cast):
    before = TeamMember.objects.count()
    response = as_user(client, cast.casemanager).post(
        reverse("cases:team_add", args=[cast.hakobyan.pk]),
        {"kind": "informal", "name": "  ", "description": "uncle"},
    )
    assert response.status_code == 200
    assert response.context["informal"].errors["name"]
    assert TeamMember.objects.count() == before


def test_a_team_member_of_another_family_cannot_be_removed_through_this_family(client, cast):
    other_place = cast.petrosyan.team.get()
    url = reverse("cases:team_remove", args=[cast.hakobyan.pk, other_place.pk])
    assert as_user(client, cast.casemanager).post(url).status_code == 404
    other_place.refresh_from_db()
    assert other_place.removed_at is None


def test_a_person_of_another_family_cannot_be_edited_through_this_family(client, cast):
    stranger = make_family(cast.casemanager, "Karapetyan", children=[("Lilit", date(2018, 1, 1))])
    person = stranger.members.get()
    url = reverse("cases:person_edit", args=[cast.hakobyan.pk, person.pk])
    assert as_user(client, cast.casemanager).get(url).status_code == 404


# Language ---------------------------------------------------------------------------------


def test_switching_language_is_remembered_on_the_membership(client, cast):
    response = as_user(client, cast.casemanager).post(
        reverse("accounts:set_language"), {"language": "nl", "next": "/"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"
    cast.casemanager.membership.refresh_from_db()
    assert cast.casemanager.membership.language == "nl"


def test_an_unknown_language_is_not_stored(client, cast):
    as_user(client, cast.casemanager).post(reverse("accounts:set_language"), {"language": "xx"})
    cast.casemanager.membership.refresh_from_db()
    assert cast.casemanager.membership.language == ""


def test_pages_follow_the_chosen_language(client, cast):
    as_user(client, cast.casemanager).post(reverse("accounts:set_language"), {"language": "nl"})
    response = client.get(reverse("cases:caseload"))
    assert response.headers["Content-Language"] == "nl"
