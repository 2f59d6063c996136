"""Backup and restore through Django's serialisers: the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import gzip
import hashlib
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

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
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        serializers.serialize("json", _records(), stream=handle, cls=FullPrecisionEncoder)
    return len(read(path))


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
