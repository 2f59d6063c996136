"""Login hardening: session fixation, CSRF, log out everywhere, the one-time password changed."""

import pytest
from django.test import Client
from django.urls import reverse

from kaketoe.accounts.models import Membership, Role
from kaketoe.accounts.tests.test_login import PASSWORD, code_for, password_step
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.testing import OrganisationFactory, UserFactory, login, make_user

pytestmark = pytest.mark.django_db

CASELOAD = reverse("cases:caseload")
CODE = reverse("accounts:login_code")
NEW_PASSWORD = "a-long-new-passphrase-42"


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER)


def test_the_session_key_changes_at_login_so_a_planted_session_is_useless(client, casemanager):
    client.get(reverse("accounts:login"))
    client.session.save()
    planted = client.session.session_key
    assert planted
    password_step(client)
    after_password = client.cookies["sessionid"].value
    client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    after_code = client.cookies["sessionid"].value
    assert planted not in (after_password, after_code)
    assert after_password != after_code  # Django's login() cycles again at the second factor
    attacker = Client()
    attacker.cookies["sessionid"] = planted
    assert attacker.get(CASELOAD).status_code == 302  # the planted key opens nothing


def test_a_post_without_csrf_token_is_refused_with_the_403_page_and_saves_nothing(casemanager):
    client = Client(enforce_csrf_checks=True)
    login(client, casemanager)
    response = client.post(
        reverse("cases:family_create"), {"name": "Csrf", "country_of_return": "AM"}
    )
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "errors/403_csrf.html"  # readable page
    assert not Family.objects.filter(name="Csrf").exists()


def test_log_out_everywhere_ends_every_session_of_the_user(casemanager):
    laptop, phone = Client(), Client()
    login(laptop, casemanager)
    login(phone, casemanager)
    other = make_user("colleague", Role.CASE_MANAGER)
    colleague = Client()
    login(colleague, other)
    assert phone.get(CASELOAD).status_code == 200
    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    assert phone.get(CASELOAD).status_code == 302  # the other device is logged out
    assert laptop.get(CASELOAD).status_code == 302
    assert colleague.get(CASELOAD).status_code == 200  # nobody else is affected
    assert AuditEvent.objects.filter(action="logout", detail="everywhere").exists()


def test_a_new_login_after_log_out_everywhere_works(client, casemanager):
    login(client, casemanager)
    client.post(reverse("accounts:logout_everywhere"))
    password_step(client)
    client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert client.get(CASELOAD).status_code == 200


def test_an_account_with_a_one_time_password_must_change_it_first(client):
    """Accounts made before issue 15 (M1) may still carry a one-time password: it is changed
    before anything else. New colleagues choose their own through a link (test_grants.py)."""
    newbie = UserFactory(username="newbie")
    Membership.objects.create(
        user=newbie,
        organisation=OrganisationFactory(),
        role=Role.CASE_MANAGER,
        must_change_password=True,
    )
    newbie.totpdevice_set.create(name="test", confirmed=True)
    fresh = Client()
    login(fresh, newbie)
    response = fresh.get(CASELOAD)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:password"))
    page = fresh.get(response.url)
    assert page.status_code == 200 and page.context["required"]
    assert fresh.get(reverse("cases:family_create")).status_code == 302  # every page waits
    weak = fresh.post(
        reverse("accounts:password"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    )
    assert weak.status_code == 200 and weak.context["form"].errors
    newbie.set_password(PASSWORD)  # the one-time password, known to this test
    newbie.save()
    login(fresh, newbie)
    response = fresh.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not Membership.objects.get(user=newbie).must_change_password
    assert fresh.get(CASELOAD).status_code == 200  # this session stays logged in
    newbie.refresh_from_db()
    assert newbie.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="change", detail="password").exists()


def test_changing_the_password_ends_the_other_sessions(casemanager):
    here, elsewhere = Client(), Client()
    login(here, casemanager)
    login(elsewhere, casemanager)
    here.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert here.get(CASELOAD).status_code == 200
    assert elsewhere.get(CASELOAD).status_code == 302
