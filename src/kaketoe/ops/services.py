"""Backup and restore through Django's serialisers: the same on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

# Rebuilt by Django itself (content types, permissions) or short-lived (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def backup(path: Path) -> int:
    """Write every record to a gzip JSON file; returns the number of records."""
    out = io.StringIO()
    excludes = [arg for label in EXCLUDED for arg in ("--exclude", label)]
    call_command("dumpdata", *excludes, stdout=out, verbosity=0)
    data = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(data)
    return len(json.loads(data))


def read(path: Path) -> list:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(serializers.deserialize("json", handle.read()))


@transaction.atomic
def restore(path: Path) -> int:
    """Replace the database's content with the backup's; all or nothing."""
    count = len(read(path))
    call_command("flush", "--no-input", verbosity=0)
    call_command("loaddata", str(path), verbosity=0)
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
