"""Signed checkpoints of the audit chain, kept outside the database (issue 15, H3).

A checkpoint is one JSON line: when (`at`), what (`kind`), how many events (`count`) up to which
event (`last_id`), that event's hash (`head`), which key signed it (`key`) and an HMAC of the
line under that key (`mac`). Lines are appended, never rewritten, to KAKETOE_AUDIT_CHECKPOINT_FILE
(default `<var>/audit-checkpoints.log`, 0600, opened with O_APPEND), and also logged to the
`kaketoe.audit.checkpoints` logger, which KAKETOE_AUDIT_CHECKPOINT_LOG sends to stdout or syslog.

Someone who can change the database but not this file cannot cut events off the end of the log
or recompute the chain unnoticed: `verify_audit` compares the chain with every checkpoint.

Kinds: `checkpoint` (every KAKETOE_AUDIT_CHECKPOINT_EVERY events, and at each verify_audit or
audit_checkpoint), `key` (the first event under a new audit key) and `reset` (after a restore,
or a database re-created on purpose: earlier checkpoints no longer apply, later ones do).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from kaketoe.audit import chain

logger = logging.getLogger("kaketoe.audit.checkpoints")
KINDS = {"checkpoint", "key", "reset"}


def current_key() -> bytes:
    return settings.KAKETOE_AUDIT_KEYS[0].encode()


def _mac(line: Mapping, key: bytes) -> str:
    body = json.dumps({k: v for k, v in line.items() if k != "mac"}, sort_keys=True)
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def entry(kind: str, count: int, last_id: int, head: str) -> dict:
    """A signed checkpoint line, under the current audit key."""
    key = current_key()
    line = {
        "at": timezone.now().isoformat(),
        "kind": kind,
        "count": count,
        "last_id": last_id,
        "head": head,
        "key": chain.key_id(key),
    }
    line["mac"] = _mac(line, key)
    return line


def append(line: Mapping) -> None:
    """Append one line to the checkpoint file (created 0600) and log it."""
    path = Path(settings.KAKETOE_AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = json.dumps(line) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, text.encode())  # one write: lines of two processes never mix
    finally:
        os.close(descriptor)
    logger.info(text.strip())


def of_database(kind: str = "checkpoint") -> dict:
    """A checkpoint of the chain as the database holds it now (not verified)."""
    from kaketoe.audit.models import AuditEvent

    newest = AuditEvent.objects.order_by("-pk").values("id", "hash").first() or {}
    return entry(kind, AuditEvent.objects.count(), newest.get("id", 0), newest.get("hash", ""))


def write(kind: str = "checkpoint") -> dict:
    line = of_database(kind)
    append(line)
    return line


# Reading and checking ---------------------------------------------------------------------


@dataclass
class Checkpoints:
    lines: list[tuple[int, dict]] = field(default_factory=list)  # (line number, line) that verify
    problems: list[str] = field(default_factory=list)

    def in_force(self) -> list[tuple[int, dict]]:
        """The lines from the newest reset on (all of them when there is none)."""
        resets = [i for i, (_n, line) in enumerate(self.lines) if line["kind"] == "reset"]
        return self.lines[resets[-1] :] if resets else self.lines

    def resets(self) -> int:
        return sum(line["kind"] == "reset" for _n, line in self.lines)


def read(path: Path, keys: Mapping[str, bytes]) -> Checkpoints:
    """Every line of the checkpoint file; a line whose mac does not verify is a problem."""
    result = Checkpoints()
    if not path.exists():
        return result
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            line = _parse(text)
            key = keys.get(line.get("key", "")) if line else None
            if line is None or key is None or not hmac.compare_digest(_mac(line, key), line["mac"]):
                result.problems.append(
                    f"checkpoint line {number} of {path}: mac does not verify (the line was "
                    "changed, or not written with a key in KAKETOE_AUDIT_KEY)"
                )
            else:
                result.lines.append((number, line))
    return result


def _parse(text: str) -> dict | None:
    try:
        line = json.loads(text)
    except ValueError:
        return None
    fields = {"at", "kind", "count", "last_id", "head", "key", "mac"}
    if not isinstance(line, dict) or set(line) != fields or line["kind"] not in KINDS:
        return None
    if not all(isinstance(line[f], int) for f in ("count", "last_id")):
        return None
    return line


class Walk:
    """Passes the events through while noting, for the ids that checkpoints name, how many
    events came up to there and that event's hash."""

    def __init__(self, ids: Iterable[int]):
        self.wanted = set(ids)
        self.seen: dict[int, tuple[int, str]] = {}
        self.count, self.last_id, self.head = 0, 0, ""

    def through(self, events: Iterable[Mapping]) -> Iterator[Mapping]:
        for event in events:
            self.count += 1
            self.last_id, self.head = event["id"], event["hash"]
            if event["id"] in self.wanted:
                self.seen[event["id"]] = (self.count, event["hash"])
            yield event


def compare(lines: Iterable[tuple[int, dict]], walk: Walk) -> list[str]:
    """What in the walked chain disagrees with the checkpoints in force."""
    problems = []
    for number, line in lines:
        last_id, count, where = line["last_id"], line["count"], f"line {number}, {line['at']}"
        if count == 0:
            continue
        if last_id not in walk.seen:
            if last_id > walk.last_id:
                problems.append(
                    f"the log was truncated: the checkpoint ({where}) vouches for {count} "
                    f"events up to event {last_id}, the log now ends at event {walk.last_id} "
                    f"with {walk.count} events"
                )
            else:
                problems.append(f"event {last_id} of the checkpoint ({where}) is missing")
            continue
        seen_count, seen_hash = walk.seen[last_id]
        if not hmac.compare_digest(seen_hash, line["head"]):
            problems.append(
                f"the hash of event {last_id} does not match the checkpoint ({where}): the "
                "chain was recomputed"
            )
        elif seen_count != count:
            problems.append(
                f"the checkpoint ({where}) counted {count} events up to event {last_id}, the "
                f"log has {seen_count}: events were removed"
            )
    return problems


# Logging to stdout or syslog --------------------------------------------------------------

_handler: logging.Handler | None = None


def configure_log(where: str) -> None:
    """Send checkpoint lines also to "stdout" or "syslog" ("" for neither)."""
    global _handler
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler = None
    if where == "stdout":
        _handler = logging.StreamHandler(sys.stdout)
    elif where == "syslog":
        address = "/dev/log" if Path("/dev/log").exists() else ("localhost", 514)
        _handler = logging.handlers.SysLogHandler(address=address)
        _handler.setFormatter(logging.Formatter("kaketoe-audit: %(message)s"))
    if _handler is not None:
        logger.addHandler(_handler)
        logger.setLevel(logging.INFO)
    logger.propagate = _handler is None  # the lines go where asked, not also to the console
