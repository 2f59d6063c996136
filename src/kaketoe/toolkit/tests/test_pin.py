"""The PIN that ends child mode (issue 14 §3): a PIN that is hard to guess, and a failure count
that parallel requests cannot get round.

The rule itself (`rules.pin_problem`) is tested from a table in test_rules.py; here the start
form says what is wrong in words, and wrong PINs sent at the same moment are counted in the
database. The race runs on PostgreSQL only (CI's second pass): SQLite's in-memory test database
answers "table is locked" to a second connection instead of waiting (see
cases/tests/test_concurrent_edits.py).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from kaketoe.testing import login
from kaketoe.toolkit import lock, rules, services
from kaketoe.toolkit.forms import StartForm
from kaketoe.toolkit.models import ChildSession
from kaketoe.toolkit.tests.test_views import PIN, cast, lina, start  # noqa: F401 (fixtures)

WRONG = "8642"
PARALLEL = 30


def start_form(pin: str, again: str | None = None) -> StartForm:
    data = {"kit": "booklet", "language": "nl", "pin": pin, "pin_again": again or pin}
    return StartForm({**data, "parents_informed_on": "2026-01-05"})


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        ("123", "four to eight digits"),
        ("123456789", "four to eight digits"),
        ("0000", "one digit repeated"),
        ("7777777", "one digit repeated"),
        ("1234", "a run of digits"),
        ("9876", "a run of digits"),
        ("2580", "most common"),
    ],
)
def test_the_start_form_says_why_a_pin_is_refused(pin, says):
    form = start_form(pin)
    assert not form.is_valid()
    assert says in form.errors["pin"][0]


def test_the_start_form_takes_a_pin_of_four_to_eight_digits():
    assert start_form("4826").is_valid()
    assert start_form("31415926").is_valid()


@pytest.mark.django_db
def test_a_trivial_pin_does_not_start_child_mode_and_the_page_says_why(client, cast, lina):  # noqa: F811
    login(client, cast.casemanager)
    response = start(client, lina, pin="0000")
    assert response.status_code == 400
    assert "one digit repeated" in response.content.decode()
    assert not ChildSession.objects.exists()
    assert lock.SESSION_KEY not in client.session


@pytest.mark.django_db
def test_a_right_pin_after_some_wrong_ones_still_opens(client, cast, lina):  # noqa: F811
    login(client, cast.casemanager)
    start(client, lina)
    session = ChildSession.objects.get()
    unlock = session.child_url("child_unlock")
    for _ in range(rules.MAX_PIN_FAILURES - 1):
        assert client.post(unlock, {"pin": WRONG}).status_code == 400
    response = client.post(unlock, {"pin": PIN})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.pin_failures == rules.MAX_PIN_FAILURES - 1  # the right one is not counted


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database (see the docstring)"
)
@pytest.mark.django_db(transaction=True)
def test_wrong_pins_sent_at_once_are_checked_at_most_max_times(cast, lina, monkeypatch):  # noqa: F811
    """30 wrong PINs at the same moment from the locked tablet: at most MAX_PIN_FAILURES are
    checked against the hash, and afterwards even the right PIN does not open."""
    tablet = Client()
    login(tablet, cast.casemanager)
    assert start(tablet, lina).status_code == 302
    session = ChildSession.objects.get()
    unlock = session.child_url("child_unlock")

    checks = []
    counted = threading.Lock()
    real_check = services.check_password

    def counting_check(pin, encoded):
        with counted:
            checks.append(pin)
        return real_check(pin, encoded)

    monkeypatch.setattr(services, "check_password", counting_check)

    barrier = threading.Barrier(PARALLEL)
    statuses = []

    def attacker():
        same_tablet = Client()
        same_tablet.cookies = tablet.cookies  # the same browser session, in child mode
        try:
            barrier.wait(timeout=20)
            statuses.append(same_tablet.post(unlock, {"pin": WRONG}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attacker) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [400] * PARALLEL
    assert len(checks) <= rules.MAX_PIN_FAILURES, f"{len(checks)} wrong PINs were checked"
    session.refresh_from_db()
    assert session.pin_failures == rules.MAX_PIN_FAILURES
    response = tablet.post(unlock, {"pin": PIN})
    assert response.status_code == 400
    assert lock.SESSION_KEY in tablet.session
    session.refresh_from_db()
    assert session.ended_at is None
