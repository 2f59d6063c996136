"""A forgotten password: a one-time link by e-mail; nobody learns whether an account exists."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from kaketoe.accounts import services
from kaketoe.accounts.models import Role
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import make_user

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "a-new-long-passphrase-2026"


@pytest.fixture
def casemanager():
    user = make_user("casemanager", Role.CASE_MANAGER)
    user.email = "c.manager@coa.example"
    user.save()
    return user


def ask(client, email):
    return client.post(RESET, {"email": email}, follow=True)


def page(response) -> str:
    """The page without what differs per response anyway (CSP nonce, CSRF token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def link_in(mail) -> str:
    return re.search(r"http://testserver(/\S+)", mail.body).group(1)


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(client, casemanager, mailoutbox):
    known = ask(client, "C.Manager@coa.example")
    unknown = ask(client, "nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert page(known) == page(unknown)
    assert [mail.to for mail in mailoutbox] == [["c.manager@coa.example"]]


def test_the_link_sets_a_new_password_once_and_login_still_needs_the_code(
    client, casemanager, mailoutbox
):
    ask(client, casemanager.email)
    link = link_in(mailoutbox[0])
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("accounts:password_reset_done")
    casemanager.refresh_from_db()
    assert casemanager.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(
        actor_id=casemanager.pk, action="change", detail="password reset"
    ).exists()

    again = client.get(link, follow=True)  # the link works once
    assert b"new_password1" not in again.content

    step = client.post(
        reverse("accounts:login"), {"username": "casemanager", "password": NEW_PASSWORD}
    )
    assert step.url == reverse("accounts:login_code")  # the second factor is still asked
    assert client.get(reverse("cases:caseload")).status_code == 302


def test_a_weak_new_password_is_refused_with_a_reason_and_nothing_changes(
    client, casemanager, mailoutbox
):
    ask(client, casemanager.email)
    form = client.get(link_in(mailoutbox[0]), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode() or "te kort" in response.content.decode()
    casemanager.refresh_from_db()
    assert casemanager.check_password("pw-for-tests-only")


def test_inactive_accounts_get_no_link(client, casemanager, mailoutbox):
    casemanager.is_active = False
    casemanager.save()
    ask(client, casemanager.email)
    assert mailoutbox == []


def test_asking_too_often_sends_nothing_more_and_looks_the_same(client, casemanager, mailoutbox):
    answers = [page(ask(client, casemanager.email)) for _ in range(5)]
    assert len(mailoutbox) == services.RESET_LIMITS["email"]
    assert len(set(answers)) == 1
    assert AuditEvent.objects.filter(detail="password reset: too many requests").count() == 2


def test_one_client_cannot_walk_through_many_addresses():
    allowed = [services.reset_allowed(f"user{n}@x.example", "10.0.0.9") for n in range(25)]
    assert allowed.count(True) == services.RESET_LIMITS["ip"]
    assert services.reset_allowed("user1@x.example", "10.0.0.10")  # another client still can


def test_a_malformed_address_gets_a_translated_message(client):
    client.cookies["django_language"] = "nl"
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "geldig e-mailadres" in response.content.decode()


def test_the_link_expires_after_an_hour(client, casemanager, mailoutbox):
    import time_machine

    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        ask(client, casemanager.email)
    link = link_in(mailoutbox[0])
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert b"new_password1" in client.get(link, follow=True).content
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert b"new_password1" not in client.get(link, follow=True).content
