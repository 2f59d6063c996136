"""The audit log's chain as pure functions: an event's hash is an HMAC-SHA256, under the audit
key, of the previous event's hash and the event's content. Changing or removing an event breaks
every hash after it, and without the key (KAKETOE_AUDIT_KEY, never in the database) nobody can
compute a chain that verifies (issue 15, H3)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FIELDS = [
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "family_id",
    "path",
    "ip",
    "detail",
]


def canonical(prev_hash: str, content: Mapping) -> bytes:
    return json.dumps(
        [prev_hash] + [_plain(content.get(f)) for f in FIELDS],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def event_hash(prev_hash: str, content: Mapping, key: bytes) -> str:
    """HMAC-SHA256 under `key` of the previous hash and the event's canonical content."""
    return hmac.new(key, canonical(prev_hash, content), hashlib.sha256).hexdigest()


def plain_hash(prev_hash: str, content: Mapping) -> str:
    """The unkeyed SHA-256 chain of before H3; only the one-off migration to keys reads it."""
    return hashlib.sha256(canonical(prev_hash, content)).hexdigest()


def key_id(key: bytes) -> str:
    """A short public name of a key, stored with each event, that does not reveal the key."""
    return hmac.new(key, b"kaketoe audit key id", hashlib.sha256).hexdigest()[:12]


def keyring(keys: Iterable[str]) -> dict[str, bytes]:
    """Key id -> key, for the configured keys (newest first)."""
    return {key_id(k.encode()): k.encode() for k in keys}


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


def verify(events: Iterable[Mapping], keys: Mapping[str, bytes]) -> tuple[int, list[Break]]:
    """Walk events in insertion order; return how many were checked and where the chain breaks.

    Each event names the key it was chained with (`key_id`); `keys` holds the known keys."""
    previous, count, breaks = "", 0, []
    for event in events:
        count += 1
        if event["prev_hash"] != previous:
            breaks.append(
                Break(
                    event["id"],
                    "previous hash does not match: an event before it was changed or removed",
                )
            )
        key = keys.get(event["key_id"])
        if key is None:
            breaks.append(Break(event["id"], "chained with a key that is not in KAKETOE_AUDIT_KEY"))
        elif not hmac.compare_digest(event_hash(event["prev_hash"], event, key), event["hash"]):
            breaks.append(
                Break(event["id"], "content does not match its keyed hash: it was changed")
            )
        previous = event["hash"]
    return count, breaks
