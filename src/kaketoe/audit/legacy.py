"""The audit log of before the keyed chain (issue 15, H3): events hashed with plain SHA-256 and
no key id. Migration 0006 moves an existing database to the keyed chain once, and `restore` does
the same for a backup made before it. The plain chain is checked first; only if it is intact is
every event chained again under the current audit key. Only the hash columns change, never an
event's content, in the caller's transaction, with the append-only trigger off meanwhile (so it
needs the table's owner: see docs/deploy.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from kaketoe.audit import chain

SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)
UPDATE = "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s"


class BrokenPlainChain(ValueError):
    pass


def keyed(rows: Iterable[Mapping], key: bytes) -> Iterator[tuple[str, str, str, int]]:
    """(prev_hash, hash, key_id, id) of each event chained under `key`; BrokenPlainChain, at the
    end, when the plain chain has a break (the caller's transaction then undoes everything)."""
    kid, plain_previous, previous, broken = chain.key_id(key), "", "", []
    for row in rows:
        intact = chain.plain_hash(row["prev_hash"], row) == row["hash"]
        if row["prev_hash"] != plain_previous or not intact:
            broken.append(row["id"])
        plain_previous = row["hash"]
        digest = chain.event_hash(previous, row, key)
        yield previous, digest, kid, row["id"]
        previous = digest
    if broken:
        raise BrokenPlainChain(
            f"the plain audit chain is broken at events {broken[:20]}: run verify_audit with the "
            "previous version and find out why before moving to the keyed chain"
        )


def key_the_chain(connection, event_model, head_model, key: bytes) -> int:
    """Chain every event again under `key` (the plain chain must be intact); returns how many."""
    _trigger(connection, on=False)
    rows = event_model.objects.order_by("pk").values("id", "prev_hash", "hash", *chain.FIELDS)
    count, last = 0, None
    with connection.cursor() as cursor:
        batch = []
        for last in keyed(rows.iterator(chunk_size=5000), key):
            batch.append(last)
            count += 1
            if len(batch) == 5000:
                cursor.executemany(UPDATE, batch)
                batch = []
        if batch:
            cursor.executemany(UPDATE, batch)
    if last is not None:
        head_model.objects.update_or_create(
            pk=1, defaults={"last_hash": last[1], "events": count, "key_id": last[2]}
        )
    _trigger(connection, on=True)
    return count


def _trigger(connection, *, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_TRIGGER if on else "DROP TRIGGER IF EXISTS audit_no_update")
        elif connection.vendor == "postgresql":
            state = "ENABLE" if on else "DISABLE"
            cursor.execute(f"ALTER TABLE audit_auditevent {state} TRIGGER audit_append_only")
