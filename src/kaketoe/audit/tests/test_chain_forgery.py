"""H3 (issue 15): the audit chain can be neither forged nor cut unnoticed.

An attacker with write access to the database, but not to the audit key or the checkpoint file
under the data directory, rewrites a row and recomputes the chain, or deletes the newest rows.
`verify_audit` must say so, and so it must when a checkpoint line itself was changed."""

import hashlib
import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaketoe.audit import chain
from kaketoe.audit.models import AuditEvent
from kaketoe.audit.services import Action, record

pytestmark = pytest.mark.django_db(transaction=True)  # checkpoints are written on commit

SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)


def behind_the_apps_back(*statements):
    """Run raw SQL on the audit table as its owner could: with the append-only trigger off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        for sql, params in statements:
            cursor.execute(sql, params)  # nosec B608
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")
        else:
            cursor.execute(SQLITE_TRIGGER)


def plain_sha256(prev_hash: str, row: dict) -> str:
    """The old, unkeyed chain: anyone who can read the code can recompute it."""
    values = [row[f].isoformat() if hasattr(row[f], "isoformat") else row[f] for f in chain.FIELDS]
    canonical = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def rewrite(rows: list[dict], start: int, digest) -> list:
    """SQL that rewrites rows[start:] with hashes from `digest(prev_hash, row)`, head included."""
    statements, previous = [], rows[start - 1]["hash"] if start else ""
    for row in rows[start:]:
        row["prev_hash"], row["hash"] = previous, digest(previous, row)
        statements.append(
            (
                "UPDATE audit_auditevent SET actor_username = %s, prev_hash = %s, hash = %s "
                "WHERE id = %s",
                [row["actor_username"], row["prev_hash"], row["hash"], row["id"]],
            )
        )
        previous = row["hash"]
    statements.append(("UPDATE audit_auditchainhead SET last_hash = %s", [previous]))
    return statements


def recorded(n: int) -> list[dict]:
    for i in range(n):
        record(None, Action.VIEW, detail=f"event {i}")
    return list(AuditEvent.objects.order_by("pk").values())


def checkpoint_file(settings):
    return settings.KAKETOE_AUDIT_CHECKPOINT_FILE


def test_a_row_rewritten_with_a_recomputed_plain_sha256_chain_is_detected():
    rows = recorded(3)
    rows[1]["actor_username"] = "someone-else"
    behind_the_apps_back(*rewrite(rows, 1, plain_sha256))
    with pytest.raises(CommandError, match="break"):
        call_command("verify_audit")


def test_deleting_the_newest_events_is_detected_by_the_checkpoint(settings, capsys):
    rows = recorded(5)
    call_command("verify_audit")  # writes a checkpoint: 5 events up to the newest id
    assert checkpoint_file(settings).exists()
    behind_the_apps_back(
        ("DELETE FROM audit_auditevent WHERE id > %s", [rows[2]["id"]]),
        ("UPDATE audit_auditchainhead SET last_hash = %s", [rows[2]["hash"]]),
    )
    with pytest.raises(CommandError, match="break"):
        call_command("verify_audit")
    assert "truncated" in capsys.readouterr().err


def test_a_chain_recomputed_with_the_key_but_not_matching_a_checkpoint_is_detected(
    settings, capsys
):
    """Even someone who stole the key cannot rewrite what a checkpoint already vouches for."""
    rows = recorded(3)
    call_command("verify_audit")
    key = settings.KAKETOE_AUDIT_KEYS[0].encode()
    rows[1]["actor_username"] = "someone-else"
    behind_the_apps_back(*rewrite(rows, 1, lambda prev, row: chain.event_hash(prev, row, key)))
    with pytest.raises(CommandError, match="break"):
        call_command("verify_audit")
    assert "does not match the checkpoint" in capsys.readouterr().err


def test_a_changed_checkpoint_line_is_detected(settings, capsys):
    recorded(2)
    call_command("verify_audit")
    path = checkpoint_file(settings)
    entry = json.loads(path.read_text().splitlines()[-1])
    entry["count"] = 1
    path.write_text(json.dumps(entry) + "\n")
    with pytest.raises(CommandError, match="break"):
        call_command("verify_audit")
    assert "mac does not verify" in capsys.readouterr().err


def test_a_checkpoint_is_appended_every_n_events_to_a_private_file(settings):
    settings.KAKETOE_AUDIT_CHECKPOINT_EVERY = 2
    recorded(5)
    path = checkpoint_file(settings)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["count"] for line in lines] == [2, 4]
    assert set(lines[0]) == {"at", "kind", "count", "last_id", "head", "key", "mac"}
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_the_key_is_not_in_the_database(settings):
    rows = recorded(1)
    key = settings.KAKETOE_AUDIT_KEYS[0]
    assert rows[0]["hash"] == chain.event_hash("", rows[0], key.encode())
    assert rows[0]["hash"] != plain_sha256("", rows[0])
    with connection.cursor() as cursor:
        for table in ("audit_auditevent", "audit_auditchainhead"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  # nosec B608
            assert key not in repr(cursor.fetchall())


def test_checkpoints_go_to_stdout_when_configured(capsys, settings):
    settings.KAKETOE_AUDIT_CHECKPOINT_EVERY = 1
    from kaketoe.audit import checkpoints

    checkpoints.configure_log("stdout")
    try:
        recorded(1)
    finally:
        checkpoints.configure_log("")
    assert '"kind": "checkpoint"' in capsys.readouterr().out


def test_a_new_key_continues_the_chain_and_writes_a_key_checkpoint(settings, capsys):
    old = settings.KAKETOE_AUDIT_KEYS[0]
    recorded(2)
    settings.KAKETOE_AUDIT_KEYS = ["a brand new audit key", old]
    recorded(1)
    lines = [json.loads(line) for line in checkpoint_file(settings).read_text().splitlines()]
    assert [(line["kind"], line["count"]) for line in lines] == [("key", 3)]
    call_command("verify_audit")
    settings.KAKETOE_AUDIT_KEYS = ["a brand new audit key"]  # the old key thrown away
    with pytest.raises(CommandError, match="break"):
        call_command("verify_audit")
    assert "not in KAKETOE_AUDIT_KEY" in capsys.readouterr().err


def test_a_backup_from_before_the_keyed_chain_restores_into_a_chain_that_verifies(tmp_path):
    rows = recorded(4)
    for row in rows:  # what a database of the previous release holds: plain hashes, no key id
        row["key_id"] = ""
    behind_the_apps_back(
        *rewrite(rows, 0, plain_sha256),
        ("UPDATE audit_auditevent SET key_id = ''", []),
    )
    path = tmp_path / "old.backup"
    call_command("backup", "--output", str(path), verbosity=0)
    call_command("restore", str(path), "--yes", verbosity=0)
    call_command("verify_audit", verbosity=0)
    assert not AuditEvent.objects.filter(key_id="").exists()
    assert AuditEvent.objects.count() == 4


def test_an_unwritable_checkpoint_file_does_not_fail_the_request(settings, tmp_path, caplog):
    settings.KAKETOE_AUDIT_CHECKPOINT_EVERY = 1
    settings.KAKETOE_AUDIT_CHECKPOINT_FILE = tmp_path  # a folder: opening it fails
    recorded(1)
    assert AuditEvent.objects.count() == 1
    assert "Error calling" in caplog.text
