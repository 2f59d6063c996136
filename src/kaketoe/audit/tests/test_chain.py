"""The audit log is tamper-evident: every event carries the hash of the one before it."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaketoe.audit import chain, legacy
from kaketoe.audit.models import AuditEvent
from kaketoe.audit.services import Action, record

KEY = b"a test key, never in the database"
KEYS = {chain.key_id(KEY): KEY}


def events(n: int, digest=lambda prev, content: chain.event_hash(prev, content, KEY)) -> list:
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
        hashed = digest(previous, content)
        rows.append({"id": i, "prev_hash": previous, "hash": hashed, "key_id": chain.key_id(KEY)})
        rows[-1].update(content)
        previous = hashed
    return rows


def test_an_intact_chain_has_no_breaks():
    assert chain.verify(events(5), KEYS) == (5, [])


def test_changing_an_event_breaks_it():
    rows = events(5)
    rows[2]["actor_username"] = "someone-else"
    _count, breaks = chain.verify(rows, KEYS)
    assert [b.event_id for b in breaks] == [3]


def test_removing_an_event_breaks_the_next_one():
    rows = events(5)
    del rows[2]
    _count, breaks = chain.verify(rows, KEYS)
    assert [b.event_id for b in breaks] == [4]


def test_an_event_chained_with_an_unknown_key_is_a_break():
    rows = events(2)
    _count, breaks = chain.verify(rows, {"other": b"another key"})
    assert [b.event_id for b in breaks] == [1, 2]
    assert "not in KAKETOE_AUDIT_KEY" in breaks[0].reason


def test_a_key_rotation_keeps_the_chain_verifying():
    """A new key (first in KAKETOE_AUDIT_KEY) chains new events on from the old key's head."""
    new = b"the new key"
    rows = events(3)
    rows[2]["key_id"] = chain.key_id(new)
    rows[2]["hash"] = chain.event_hash(rows[2]["prev_hash"], rows[2], new)
    assert chain.verify(rows, {**KEYS, chain.key_id(new): new}) == (3, [])
    assert len(chain.verify(rows, {chain.key_id(new): new})[1]) == 2  # old key dropped: breaks


def test_the_migration_keys_an_intact_plain_chain_and_refuses_a_broken_one():
    rows = events(3, chain.plain_hash)
    updates = list(legacy.keyed(rows, KEY))
    for row, (prev_hash, digest, key_id, pk) in zip(rows, updates, strict=True):
        assert pk == row["id"] and key_id == chain.key_id(KEY)
        row.update(prev_hash=prev_hash, hash=digest, key_id=key_id)
    assert chain.verify(rows, KEYS) == (3, [])

    broken = events(3, chain.plain_hash)
    broken[1]["detail"] = "changed before the move"
    with pytest.raises(ValueError, match=r"broken at events \[2\]"):
        list(legacy.keyed(broken, KEY))


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


@pytest.mark.django_db(transaction=True)
def test_an_existing_plain_chain_verifies_after_migrating_to_the_keyed_chain(settings):
    """A database from before H3: its plain SHA-256 chain is keyed once by migration 0006."""
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before, after = [("audit", "0005_erasure_request")], [("audit", "0006_keyed_chain")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before[0]).apps
    OldEvent, OldHead = (
        old.get_model("audit", "AuditEvent"),
        old.get_model("audit", "AuditChainHead"),
    )
    previous = ""
    for i in range(3):
        event = OldEvent(at=timezone.now(), action="view", detail=f"old {i}", prev_hash=previous)
        event.hash = chain.plain_hash(previous, {f: getattr(event, f) for f in chain.FIELDS})
        event.save()
        previous = event.hash
    OldHead.objects.create(pk=1, last_hash=previous)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    # Then every later migration too: the tests after this one need the whole schema.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    record(None, Action.VIEW, detail="new")
    call_command("verify_audit")
    key = settings.KAKETOE_AUDIT_KEYS[0].encode()
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {chain.key_id(key)}
    assert AuditEvent.objects.count() == 4
