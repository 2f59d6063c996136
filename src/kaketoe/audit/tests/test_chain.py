"""The audit log is tamper-evident: every event carries the hash of the one before it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaketoe.audit import chain
from kaketoe.audit.models import AuditEvent
from kaketoe.audit.services import Action, record


def events(n: int) -> list[dict]:
    rows, previous = [], ""
    for i in range(1, n + 1):
        content = {
            "at": f"2026-11-28T10:0{i}:00+00:00",
            "actor_id": 7,
            "actor_username": "casemanager",
            "action": "view",
            "object_type": "family",
            "object_id": "12",
            "family_id": 12,
            "path": "/families/12/",
            "ip": "10.0.0.1",
            "detail": "",
        }
        digest = chain.event_hash(previous, content)
        rows.append({"id": i, "prev_hash": previous, "hash": digest, **content})
        previous = digest
    return rows


def test_an_intact_chain_has_no_breaks():
    assert chain.verify(events(5)) == (5, [])


def test_changing_an_event_breaks_it():
    rows = events(5)
    rows[2]["actor_username"] = "someone-else"
    _count, breaks = chain.verify(rows)
    assert [b.event_id for b in breaks] == [3]


def test_removing_an_event_breaks_the_next_one():
    rows = events(5)
    del rows[2]
    _count, breaks = chain.verify(rows)
    assert [b.event_id for b in breaks] == [4]


@pytest.mark.django_db
def test_recorded_events_are_chained_and_verify_audit_says_ok(capsys):
    for _ in range(3):
        record(None, Action.VIEW, detail="test")
    first, second, third = AuditEvent.objects.order_by("pk")
    assert first.prev_hash == "" and second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    call_command("verify_audit")
    assert "OK: 3 audit events" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_verify_audit_reports_an_event_removed_behind_the_apps_back():
    for _ in range(3):
        record(None, Action.VIEW, detail="test")
    middle = AuditEvent.objects.order_by("pk")[1].pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [middle])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")
    with pytest.raises(CommandError, match="1 break"):
        call_command("verify_audit")
