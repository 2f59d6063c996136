"""Need-to-know: who may see and change a family (cases/access.py), tested without pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kaketoe.accounts.models import Role
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access, services
from kaketoe.testing import make_cast, make_family, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def visible(user):
    return set(access.visible_families(user).values_list("name", flat=True))


@pytest.mark.parametrize(
    ("username", "families"),
    [
        ("regievoerder", {"Hakobyan"}),
        ("casemanager", {"Hakobyan"}),
        ("counsellor", {"Hakobyan"}),
        ("lawyer", {"Hakobyan"}),
        ("teacher", {"Hakobyan"}),
        ("careworker", {"Hakobyan"}),
        ("partner", set()),
        ("privacy", set()),
        ("orgadmin", set()),
        ("teamlead", {"Hakobyan"}),
        ("outsider", set()),
        ("other_org", {"Petrosyan"}),
    ],
)
def test_each_role_sees_only_the_families_it_needs_to_know(cast, username, families):
    assert visible(cast.users[username]) == families


def test_anonymous_sees_no_family(cast):
    assert visible(AnonymousUser()) == set()


def test_a_user_without_membership_sees_no_family(cast, django_user_model):
    loner = django_user_model.objects.create_user("loner", password="pw-for-tests-only")
    assert visible(loner) == set()
    assert not access.can_create_family(loner)


def test_team_member_removed_from_the_team_loses_access(cast):
    services.leave_team(None, cast.casemanager, cast.place_of(cast.lawyer))
    assert visible(cast.lawyer) == set()
    assert not access.can_edit_family(cast.lawyer, cast.hakobyan)


def test_colleague_added_to_the_team_gains_access(cast):
    services.join_team(None, cast.casemanager, cast.hakobyan, user=cast.outsider)
    assert visible(cast.outsider) == {"Hakobyan"}


def test_teamlead_sees_families_where_a_colleague_of_their_organisation_is_on_the_team(cast):
    make_family(cast.outsider, "Karapetyan")
    assert visible(cast.teamlead) == {"Hakobyan", "Karapetyan"}


def test_teamlead_does_not_see_families_of_other_organisations(cast):
    make_family(cast.regievoerder, "Grigoryan")  # DT&V case, nobody of the COA on it
    assert "Grigoryan" not in visible(cast.teamlead)
    assert "Petrosyan" not in visible(cast.teamlead)


def test_teamlead_loses_the_family_when_the_last_colleague_leaves_its_team(cast):
    # The COA owns Hakobyan and keeps one person on it (issue 17 §1): a DT&V case instead.
    family = make_family(cast.regievoerder, "Grigoryan")
    services.join_team(None, cast.regievoerder, family, user=cast.casemanager)
    assert "Grigoryan" in visible(cast.teamlead)
    services.leave_team(None, cast.regievoerder, cast.place_of(cast.casemanager, family))
    assert "Grigoryan" not in visible(cast.teamlead)


def test_without_the_explicit_grant_a_colleague_does_not_see_organisation_cases(cast):
    assert cast.outsider.membership.organisation == cast.casemanager.membership.organisation
    assert visible(cast.outsider) == set()


def test_partner_abroad_sees_nothing_even_when_on_the_team(cast):
    assert cast.hakobyan.team.filter(user=cast.partner, removed_at__isnull=True).exists()
    assert visible(cast.partner) == set()
    assert not access.can_edit_family(cast.partner, cast.hakobyan)


def test_partner_abroad_with_the_organisation_grant_still_sees_nothing(cast):
    cast.partner.membership.sees_all_organisation_cases = True
    cast.partner.membership.save()
    assert visible(cast.partner) == set()


def test_privacy_officer_and_orgadmin_see_no_case_content_of_their_organisation(cast):
    assert cast.privacy.membership.organisation == cast.casemanager.membership.organisation
    assert visible(cast.privacy) == set()
    assert visible(cast.orgadmin) == set()


def test_privacy_officer_on_the_team_sees_that_family(cast):
    services.join_team(None, cast.casemanager, cast.hakobyan, user=cast.privacy)
    assert visible(cast.privacy) == {"Hakobyan"}


def test_teacher_may_read_but_not_change_the_case(cast):
    assert visible(cast.teacher) == {"Hakobyan"}
    assert not access.can_edit_family(cast.teacher, cast.hakobyan)


@pytest.mark.parametrize(
    "username", ["regievoerder", "casemanager", "counsellor", "lawyer", "careworker", "teamlead"]
)
def test_team_professionals_may_change_the_case(cast, username):
    assert access.can_edit_family(cast.users[username], cast.hakobyan)


@pytest.mark.parametrize(
    ("role", "may_create"),
    [
        (Role.REGIEVOERDER, True),
        (Role.CASE_MANAGER, True),
        (Role.COUNSELLOR, True),
        (Role.LAWYER, False),
        (Role.TEACHER, False),
        (Role.CARE_WORKER, False),
        (Role.GUARDIAN, False),
        (Role.PARTNER, False),
        (Role.PRIVACY_OFFICER, False),
        (Role.ORG_ADMIN, False),
    ],
)
def test_only_return_officers_case_managers_and_counsellors_open_cases(db, role, may_create):
    assert access.can_create_family(make_user(f"user-{role}", role)) is may_create


def test_only_the_privacy_officer_reads_the_audit_log(cast):
    readers = {name for name, user in cast.users.items() if access.can_read_audit(user)}
    assert readers == {"privacy"}


def test_privacy_officer_reads_the_trail_of_their_organisations_cases_only(cast):
    family_ids = set(access.audit_family_ids(cast.privacy).values_list("family_id", flat=True))
    assert family_ids == {cast.hakobyan.pk}
    assert not access.audit_family_ids(cast.casemanager).exists()


def request_by(rf, user):
    request = rf.get("/families/", REMOTE_ADDR="192.0.2.7")
    request.user = user
    return request


def test_get_family_returns_the_family_to_a_team_member(cast, rf):
    assert access.get_family(request_by(rf, cast.lawyer), cast.hakobyan.pk) == cast.hakobyan


def test_denied_family_is_a_404_and_an_audit_event(cast, rf):
    with pytest.raises(Http404):
        access.get_family(request_by(rf, cast.other_org), cast.hakobyan.pk)
    event = AuditEvent.objects.get(action="denied")
    assert event.actor_id == cast.other_org.pk
    assert event.family_id == cast.hakobyan.pk
    assert event.ip == "192.0.2.7"


def test_denied_edit_is_a_404_and_an_audit_event(cast, rf):
    with pytest.raises(Http404):
        access.get_family(request_by(rf, cast.teacher), cast.hakobyan.pk, edit=True)
    event = AuditEvent.objects.get(action="denied")
    assert (event.actor_id, event.family_id, event.detail) == (
        cast.teacher.pk,
        cast.hakobyan.pk,
        "edit",
    )


def test_denial_of_a_family_that_does_not_exist_looks_the_same_and_is_audited(cast, rf):
    with pytest.raises(Http404):
        access.get_family(request_by(rf, cast.lawyer), 987654)
    event = AuditEvent.objects.get(action="denied")
    assert event.actor_id == cast.lawyer.pk
    assert event.family_id is None


def test_who_may_be_put_on_a_team(cast):
    cast.lawyer.is_active = False
    cast.lawyer.save()
    candidates = set(access.team_candidates().values_list("username", flat=True))
    assert {"casemanager", "counsellor", "teacher", "careworker", "regievoerder"} <= candidates
    # Partners get a case through a consented handover only; privacy officers and organisation
    # administrators never work on cases; a deactivated user is nobody's colleague.
    assert not candidates & {"partner", "privacy", "orgadmin", "lawyer"}
