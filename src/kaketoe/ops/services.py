"""Backup and restore through Django's serialisers: the same on SQLite and PostgreSQL.

A backup holds the notes that are encrypted at rest in readable form (so it restores under any
later key), so the whole file is encrypted with the current key of KAKETOE_ENCRYPTION_KEYS:
keep the keys in a secret store apart from the backups, and keep an old key as long as backups
made with it are kept. Unencrypted backups from before this (plain gzip) still restore."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import sys
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from kaketoe import crypto

GZIP_MAGIC = b"\x1f\x8b"

# Rebuilt by Django itself (content types, permissions) or short-lived (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; the audit chain hashes microseconds,
    so a backup keeps them whole."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _excluded(model) -> bool:
    label = model._meta.label_lower
    return any(label == x or label.split(".")[0] == x for x in EXCLUDED)


def _records():
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if model._meta.proxy or not model._meta.managed or _excluded(model):
            continue
        yield from model._base_manager.order_by(model._meta.pk.name).iterator()


def backup(path: Path) -> int:
    """Write every record to a gzip JSON file; returns the number of records."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with gzip.open(buffer, "wt", encoding="utf-8") as handle:
        serializers.serialize("json", _records(), stream=handle, cls=FullPrecisionEncoder)
    path.touch(mode=0o600)
    path.write_bytes(crypto.encrypt_bytes(buffer.getvalue()))
    return len(read(path))


def plain_json(path: Path) -> str:
    """The backup's JSON: decrypted with the configured keys, then unzipped."""
    data = path.read_bytes()
    if not data.startswith(GZIP_MAGIC):
        data = crypto.decrypt_bytes(data)
    return gzip.decompress(data).decode("utf-8")


def read(path: Path) -> list:
    return list(serializers.deserialize("json", plain_json(path)))


@transaction.atomic
def restore(path: Path) -> int:
    """Replace the database's content with the backup's; all or nothing."""
    text = plain_json(path)
    count = len(list(serializers.deserialize("json", text)))
    call_command("flush", "--no-input", verbosity=0)
    # loaddata reads the decrypted JSON from "stdin", so it never lies on disk in plain form.
    stdin, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        call_command("loaddata", "-", format="json", verbosity=0)
    finally:
        sys.stdin = stdin
    return count


def fingerprint() -> dict[str, str]:
    """A digest per model of every record's serialised form, to compare two databases."""
    result = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if any(label.startswith(x) or label == x for x in EXCLUDED):
            continue
        rows = serializers.serialize("json", model._default_manager.order_by("pk"))
        result[label] = hashlib.sha256(rows.encode()).hexdigest()
    return result
