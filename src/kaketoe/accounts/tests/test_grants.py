"""Issue 15, M1 and the administrators' tools: a second person approves every grant of access,
a new colleague activates their account through a one-use link, and the administrator's tools
(deactivate, role, lost authenticator, recovery codes, organisation settings) are audited."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts import rules, services
from kaketoe.accounts.models import ApiToken, Grant, Organisation, Role
from kaketoe.accounts.tests.test_login import CODE, code_for, password_step
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

ORG = reverse("accounts:organisation")
GRANTS = reverse("accounts:grants")
NEW_PASSWORD = "a-long-new-password-2026"


# The rule, without HTTP -----------------------------------------------------------------------


def person(pk, role, org=1, active=True):
    return SimpleNamespace(
        pk=pk, is_active=active, membership=SimpleNamespace(role=role, organisation_id=org)
    )


GRANT = SimpleNamespace(organisation_id=1, requested_by_id=10, user_id=20)


@pytest.mark.parametrize(
    "approver, allowed",
    [
        (person(30, Role.PRIVACY_OFFICER), True),
        (person(31, Role.ORG_ADMIN), True),  # a second administrator
        (person(10, Role.ORG_ADMIN), False),  # the one who asked
        (person(20, Role.ORG_ADMIN), False),  # the person it is for
        (person(32, Role.PRIVACY_OFFICER, org=2), False),  # another organisation
        (person(33, Role.PRIVACY_OFFICER, active=False), False),
        (person(34, Role.CASE_MANAGER), False),
        (SimpleNamespace(pk=35, is_active=True), False),  # no membership
    ],
)
def test_who_may_decide_on_a_grant(approver, allowed):
    assert rules.may_decide(approver, GRANT) is allowed


@pytest.mark.parametrize(
    "role, sees_all, from_role, from_sees_all, needed",
    [
        (Role.TEACHER, False, None, False, True),  # every new account
        (Role.PRIVACY_OFFICER, False, None, False, True),  # an approver made alone
        (Role.CASE_MANAGER, True, Role.CASE_MANAGER, False, True),  # organisation-wide
        (Role.CASE_MANAGER, False, Role.CASE_MANAGER, True, False),  # taken away: at once
        (Role.REGIEVOERDER, False, Role.TEACHER, False, True),
        (Role.ORG_ADMIN, False, Role.CASE_MANAGER, False, True),
        (Role.LAWYER, False, Role.LAWYER, False, False),
    ],
)
def test_which_changes_need_a_second_person(role, sees_all, from_role, from_sees_all, needed):
    assert (
        rules.needs_second_person(role, sees_all, from_role=from_role, from_sees_all=from_sees_all)
        is needed
    )


def test_a_lost_authenticator_needs_a_second_person_only_for_roles_that_see_cases():
    assert rules.reset_needs_second_person(Role.TEACHER)
    assert not rules.reset_needs_second_person(Role.PRIVACY_OFFICER)


# Through the pages ---------------------------------------------------------------------------


@pytest.fixture
def dtv(db):
    return OrganisationFactory(name="DT&V", kind=Organisation.Kind.RETURN_AUTHORITY)


@pytest.fixture
def orgadmin(dtv):
    return make_user("orgadmin", Role.ORG_ADMIN, dtv)


@pytest.fixture
def privacy(dtv):
    return make_user("privacy", Role.PRIVACY_OFFICER, dtv)


@pytest.fixture
def colleague(dtv):
    """A return officer of the organisation on a case: what a team lead would see."""
    user = make_user("colleague", Role.REGIEVOERDER, dtv)
    make_family(user, "Hakobyan")
    return user


def as_user(user) -> Client:
    client = Client()
    login(client, user)
    return client


def add_team_lead(orgadmin) -> Grant:
    as_user(orgadmin).post(
        ORG,
        {
            "username": "lead",
            "first_name": "Lea",
            "last_name": "Dekker",
            "email": "lea@example.org",
            "role": Role.REGIEVOERDER,
            "sees_all_organisation_cases": "on",
        },
    )
    return Grant.objects.get(user__username="lead")


def link_in(message) -> str:
    return re.search(r"https?://\S+(/accounts/activate/\S+/)", message.body).group(1)


def enrol(client, user):
    """After the link: the code step shows a new authenticator; confirm it with its code."""
    page = client.get(CODE)
    assert page.context["enrolling"] is True
    return client.post(CODE, {"token": code_for(TOTPDevice.objects.get(user=user))})


@pytest.mark.django_db
def test_a_team_lead_sees_every_case_only_after_a_privacy_officer_approved(
    orgadmin, privacy, colleague
):
    grant = add_team_lead(orgadmin)
    lead = grant.user
    assert grant.is_pending and not lead.is_active
    assert not access.visible_families(lead).exists()
    # The administrator cannot approve his own request: 404, audited.
    admin = as_user(orgadmin)
    assert (
        admin.post(
            reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="denied", actor_id=orgadmin.pk).exists()
    # The privacy officer sees it waiting on their start page and approves it.
    officer = as_user(privacy)
    assert "waits for your approval" in officer.get(reverse("audit:log")).content.decode()
    assert "lea@example.org" in officer.get(GRANTS).content.decode()
    officer.post(reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "approve"})
    grant.refresh_from_db()
    assert grant.status == Grant.Status.APPROVED and grant.decided_by == privacy
    assert mail.outbox[-1].to == ["lea@example.org"]
    # The colleague chooses a password through the link and enrols their own authenticator.
    link = link_in(mail.outbox[-1])
    newcomer = Client()
    response = newcomer.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == CODE
    assert enrol(newcomer, lead).status_code == 302
    assert newcomer.get(reverse("cases:team_overview")).status_code == 200
    lead.refresh_from_db()
    assert access.visible_families(lead).filter(name="Hakobyan").exists()
    # The link works once.
    assert "no longer works" in Client().get(link).content.decode()
    assert AuditEvent.objects.filter(
        object_type="grant", detail__startswith="grant approved"
    ).exists()


@pytest.mark.django_db
def test_a_second_administrator_may_approve_but_one_of_another_organisation_may_not(orgadmin, dtv):
    grant = add_team_lead(orgadmin)
    stranger = make_user("stranger_admin", Role.ORG_ADMIN)
    url = reverse("accounts:grant_decide", args=[grant.pk])
    assert as_user(stranger).post(url, {"decision": "approve"}).status_code == 404
    second = make_user("second_admin", Role.ORG_ADMIN, dtv)
    assert as_user(second).post(url, {"decision": "approve"}).status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.APPROVED


@pytest.mark.django_db
def test_a_rejected_colleague_stays_inactive_and_gets_no_link(orgadmin, privacy):
    grant = add_team_lead(orgadmin)
    as_user(privacy).post(reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "reject"})
    grant.user.refresh_from_db()
    assert not grant.user.is_active and not mail.outbox
    assert AuditEvent.objects.filter(detail__startswith="grant rejected").exists()


@pytest.mark.django_db
def test_a_password_login_cannot_enrol_an_authenticator_before_the_link(orgadmin, privacy):
    grant = add_team_lead(orgadmin)
    as_user(privacy).post(
        reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "approve"}
    )
    lead = get_user_model().objects.get(username="lead")
    lead.set_password(NEW_PASSWORD)  # suppose someone learnt a password somehow
    lead.save()
    client = Client()
    password_step(client, "lead", NEW_PASSWORD)
    page = client.get(CODE)
    assert page.context["needs_link"] and not TOTPDevice.objects.filter(user=lead).exists()


@pytest.mark.django_db
def test_giving_a_colleague_every_case_waits_and_taking_it_away_does_not(orgadmin, privacy, dtv):
    member = make_user("member", Role.CASE_MANAGER, dtv).membership
    admin = as_user(orgadmin)
    url = reverse("accounts:member", args=[member.pk])
    admin.post(url, {"role": Role.CASE_MANAGER, "sees_all_organisation_cases": "on"})
    member.refresh_from_db()
    assert not member.sees_all_organisation_cases
    grant = Grant.objects.get(user=member.user, kind=Grant.Kind.ROLE)
    as_user(privacy).post(
        reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "approve"}
    )
    member.refresh_from_db()
    assert member.sees_all_organisation_cases
    admin.post(url, {"role": Role.CASE_MANAGER})
    member.refresh_from_db()
    assert not member.sees_all_organisation_cases
    assert (
        AuditEvent.objects.filter(object_id=str(member.user.pk), detail__startswith="role=").count()
        == 2
    )


@pytest.mark.django_db
def test_deactivating_ends_sessions_and_api_tokens_at_once_and_reactivating_restores(orgadmin, dtv):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    _token, raw = ApiToken.issue(member)
    session = as_user(member)
    admin = as_user(orgadmin)
    admin.post(reverse("accounts:deactivate", args=[member.membership.pk]))
    assert session.get(reverse("cases:caseload")).status_code == 302
    assert Client().get("/api/v1/families/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert not ApiToken.objects.active().filter(user=member).exists()
    assert AuditEvent.objects.filter(object_id=str(member.pk), detail="deactivated").exists()
    admin.post(reverse("accounts:reactivate", args=[member.membership.pk]))
    member.refresh_from_db()
    assert member.is_active
    again = Client()
    password_step(again, "member")
    again.post(CODE, {"token": code_for(member.totpdevice_set.get())})
    assert again.get(reverse("cases:caseload")).status_code == 200
    assert AuditEvent.objects.filter(object_id=str(member.pk), detail="reactivated").exists()


@pytest.mark.django_db
def test_a_new_account_waiting_for_approval_cannot_be_reactivated(orgadmin):
    grant = add_team_lead(orgadmin)
    as_user(orgadmin).post(reverse("accounts:reactivate", args=[grant.user.membership.pk]))
    grant.user.refresh_from_db()
    assert not grant.user.is_active


@pytest.mark.django_db
def test_an_administrator_cannot_deactivate_himself(orgadmin):
    as_user(orgadmin).post(reverse("accounts:deactivate", args=[orgadmin.membership.pk]))
    orgadmin.refresh_from_db()
    assert orgadmin.is_active


@pytest.mark.django_db
def test_a_lost_authenticator_is_reset_after_approval_and_re_enrolled_through_the_link(
    orgadmin, privacy, dtv
):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    get_user_model().objects.filter(pk=member.pk).update(email="member@example.org")
    services.make_recovery_codes(None, member)
    _token, _raw = ApiToken.issue(member)
    session = as_user(member)
    as_user(orgadmin).post(reverse("accounts:reset_authenticator", args=[member.membership.pk]))
    assert TOTPDevice.objects.filter(user=member).exists()  # nothing yet: a second person first
    grant = Grant.objects.get(user=member, kind=Grant.Kind.AUTHENTICATOR)
    as_user(privacy).post(
        reverse("accounts:grant_decide", args=[grant.pk]), {"decision": "approve"}
    )
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert not ApiToken.objects.active().filter(user=member).exists()
    assert session.get(reverse("cases:caseload")).status_code == 302
    # The password alone does not let anyone enrol a new app.
    client = Client()
    password_step(client, "member")
    assert client.get(CODE).context["needs_link"]
    # The link does.
    link = link_in(mail.outbox[-1])
    client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert enrol(client, member).status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 200
    assert AuditEvent.objects.filter(
        object_id=str(member.pk), detail="authenticator reset"
    ).exists()


@pytest.mark.django_db
def test_a_privacy_officers_authenticator_is_reset_at_once(orgadmin, privacy):
    get_user_model().objects.filter(pk=privacy.pk).update(email="privacy@example.org")
    as_user(orgadmin).post(reverse("accounts:reset_authenticator", args=[privacy.membership.pk]))
    assert not TOTPDevice.objects.filter(user=privacy).exists()
    assert mail.outbox[-1].to == ["privacy@example.org"] and not Grant.objects.exists()


@pytest.mark.django_db
def test_recovery_codes_are_shown_once_and_each_works_once_at_the_code_step(dtv):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    own = as_user(member)
    response = own.post(reverse("accounts:recovery_codes"))
    codes = response.context["codes"]
    assert len(codes) == 10 and codes[0] in response.content.decode()
    again = own.get(reverse("accounts:recovery_codes")).content.decode()
    assert codes[0] not in again and "10" in again
    client = Client()
    password_step(client, "member")
    assert client.post(CODE, {"token": codes[0].upper()}).status_code == 302
    assert client.get(reverse("cases:caseload")).status_code == 200
    other = Client()
    password_step(other, "member")
    other.post(CODE, {"token": codes[0]})
    assert other.get(reverse("cases:caseload")).status_code == 302  # used up
    assert AuditEvent.objects.filter(actor_id=member.pk, detail="recovery code used").count() == 1


@pytest.mark.django_db
def test_the_administrator_changes_the_organisations_own_settings(orgadmin, dtv):
    url = reverse("accounts:organisation_settings")
    page = as_user(orgadmin).get(url)
    assert "country" not in page.context["form"].fields  # only for a partner abroad
    as_user(orgadmin).post(url, {"name": "DT&V Noord", "contact_email": "privacy@dtv.example"})
    dtv.refresh_from_db()
    assert dtv.name == "DT&V Noord" and dtv.contact_email == "privacy@dtv.example"
    assert AuditEvent.objects.filter(object_type="organisation", detail__contains="name").exists()


@pytest.mark.django_db
def test_a_partner_abroad_sets_its_country(db):
    partner = OrganisationFactory(name="Support", kind=Organisation.Kind.PARTNER_ABROAD)
    admin = make_user("partner_admin", Role.ORG_ADMIN, partner)
    as_user(admin).post(
        reverse("accounts:organisation_settings"), {"name": "Support", "country": "AM"}
    )
    partner.refresh_from_db()
    assert partner.country == "AM"


@pytest.mark.django_db
def test_the_privacy_officer_sees_the_administrators_events(orgadmin, privacy, dtv):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    as_user(orgadmin).post(reverse("accounts:deactivate", args=[member.membership.pk]))
    add_team_lead(orgadmin)
    log = as_user(privacy).get(reverse("audit:log")).content.decode()
    assert "deactivated" in log and "grant asked" in log


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PRIVACY_OFFICER])
def test_only_the_administrator_uses_the_tools(dtv, role):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    client = as_user(make_user("someone", role, dtv))
    for name in ["deactivate", "reactivate", "reset_authenticator", "send_link", "member"]:
        assert (
            client.post(reverse(f"accounts:{name}", args=[member.membership.pk])).status_code == 404
        )
    assert client.post(reverse("accounts:organisation_settings"), {"name": "x"}).status_code == 404
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.django_db
def test_the_demo_has_a_colleague_waiting_for_the_privacy_officers_approval():
    from kaketoe.cases import demo

    demo.load()
    demo.load()  # a second run changes nothing
    grant = Grant.objects.get(user__username="newlead")
    assert grant.is_pending and not grant.user.is_active
    privacy = get_user_model().objects.get(username="privacy")
    assert rules.may_decide(privacy, grant)


@pytest.mark.django_db
def test_a_new_accounts_role_changed_before_approval_still_activates_it(orgadmin, privacy):
    grant = add_team_lead(orgadmin)
    member = grant.user.membership
    as_user(orgadmin).post(reverse("accounts:member", args=[member.pk]), {"role": Role.LAWYER})
    waiting = Grant.objects.get(user=grant.user, status=Grant.Status.PENDING)
    assert waiting.kind == Grant.Kind.NEW_ACCOUNT and waiting.role == Role.LAWYER
    as_user(privacy).post(
        reverse("accounts:grant_decide", args=[waiting.pk]), {"decision": "approve"}
    )
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert member.user.is_active and member.role == Role.LAWYER
    assert not member.sees_all_organisation_cases
    assert mail.outbox[-1].to == ["lea@example.org"]


@pytest.mark.django_db
def test_taking_team_lead_away_before_approval_is_what_gets_approved(orgadmin, privacy):
    grant = add_team_lead(orgadmin)
    member = grant.user.membership
    as_user(orgadmin).post(reverse("accounts:member", args=[member.pk]), {"role": member.role})
    waiting = Grant.objects.get(user=grant.user, status=Grant.Status.PENDING)
    assert not waiting.sees_all_organisation_cases
    as_user(privacy).post(
        reverse("accounts:grant_decide", args=[waiting.pk]), {"decision": "approve"}
    )
    member.refresh_from_db()
    assert not member.sees_all_organisation_cases


@pytest.mark.django_db
def test_a_wrong_recovery_code_is_a_failed_login(dtv):
    member = make_user("member", Role.CASE_MANAGER, dtv)
    services.make_recovery_codes(None, member)
    client = Client()
    password_step(client, "member")
    response = client.post(CODE, {"token": "abcdefgh"})
    assert "not correct" in response.content.decode()
    assert client.get(reverse("cases:caseload")).status_code == 302
    assert AuditEvent.objects.filter(action="login_failed", actor_id=member.pk).exists()
