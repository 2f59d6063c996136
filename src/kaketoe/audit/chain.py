"""The audit log's hash chain as pure functions: an event's hash covers its content and the
previous event's hash, so changing or removing any event breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
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


def event_hash(prev_hash: str, content: dict) -> str:
    canonical = json.dumps(
        [prev_hash] + [_plain(content.get(f)) for f in FIELDS],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass(frozen=True)
class Break:
    event_id: int
    reason: str


def verify(events: Iterable[dict]) -> tuple[int, list[Break]]:
    """Walk events in insertion order; return how many were checked and where the chain breaks."""
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
        if event_hash(event["prev_hash"], event) != event["hash"]:
            breaks.append(Break(event["id"], "content does not match its hash: it was changed"))
        previous = event["hash"]
    return count, breaks
