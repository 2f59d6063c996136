"""Lockout per username and address, plus a limit per address (issue 15, L5): someone who sprays
usernames from one address is stopped, and an attacker elsewhere cannot lock a user out of the
address they work from."""

import pytest
from django.test import Client

from kaketoe.accounts.models import Role
from kaketoe.accounts.tests.test_login import CODE, PASSWORD, code_for
from kaketoe.testing import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG = "a-wrong-guess"
OFFICE, ELSEWHERE = "192.0.2.10", "198.51.100.66"


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def try_password(client, username, password=WRONG):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER)


def test_forty_usernames_sprayed_from_one_address_are_locked_after_the_address_limit(settings):
    limit = getattr(settings, "KAKETOE_LOCKOUT_ADDRESS_FAILURES", 20)
    assert limit < 40
    for n in range(40):
        make_user(f"user{n}", Role.CASE_MANAGER)
    sprayer = from_address(ELSEWHERE)
    statuses = [try_password(sprayer, f"user{n}").status_code for n in range(40)]
    assert statuses[: limit - 1] == [200] * (limit - 1)  # "not correct", form shown again
    assert set(statuses[limit:]) == {403}  # locked: the rest are not even checked
    # the right password of an untouched user from that address is refused too, for a while
    assert try_password(sprayer, "user39", PASSWORD).status_code == 403
    # elsewhere nothing is locked
    assert try_password(from_address(OFFICE), "user39", PASSWORD).status_code == 302


def test_an_attacker_elsewhere_does_not_lock_the_user_out_of_their_own_address(casemanager):
    attacker = from_address(ELSEWHERE)
    for _ in range(6):
        try_password(attacker, "casemanager")
    assert try_password(attacker, "casemanager", PASSWORD).status_code == 403  # attacker locked
    at_work = from_address(OFFICE)
    assert try_password(at_work, "casemanager", PASSWORD).status_code == 302
    response = at_work.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.status_code == 302 and response.url == "/"


def test_five_wrong_passwords_from_one_address_still_lock_that_user_there(casemanager):
    at_work = from_address(OFFICE)
    for _ in range(5):
        try_password(at_work, "casemanager")
    assert try_password(at_work, "casemanager", PASSWORD).status_code == 403


def test_the_lockout_uses_the_audit_logs_client_address_behind_a_proxy(settings, casemanager):
    settings.KAKETOE_BEHIND_PROXY = True
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    for _ in range(5):
        try_password(attacker, "casemanager")
    colleague = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE)  # same proxy
    assert try_password(colleague, "casemanager", PASSWORD).status_code == 302
