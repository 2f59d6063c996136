"""Backup and restore through Django's serialisers: the same on SQLite and PostgreSQL.

A backup holds the notes that are encrypted at rest in readable form (so it restores under any
later key), so the whole file is encrypted with the current key of KAKETOE_ENCRYPTION_KEYS:
keep the keys in a secret store apart from the backups, and keep an old key as long as backups
made with it are kept. Unencrypted backups from before this (plain gzip) still restore.

The file is a gzip tar archive: `records.json` (every record) and `uploads/<stored name>` for
each scan of a signed consent form, decrypted like the notes (kaketoe/uploads.py encrypts it
again with the current key on restore). Backups from before the scans were added (a gzip JSON
file) restore too; the scan files they lack are left as they are on disk."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import re
import sys
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from kaketoe import crypto, uploads
from kaketoe.consent.models import ConsentScan

GZIP_MAGIC = b"\x1f\x8b"
RECORDS = "records.json"
UPLOADS = "uploads/"
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")  # uploads.save's names, nothing else

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


@dataclass
class Contents:
    """What a backup holds: the records as JSON and the scans' plain bytes by stored name."""

    records: str
    files: dict[str, bytes] = field(default_factory=dict)


def _scan_names() -> set[str]:
    return set(ConsentScan.objects.values_list("stored_name", flat=True))


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> int:
    """Write every record and every scan to an encrypted file; returns the number of records."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    records = io.StringIO()
    serializers.serialize("json", _records(), stream=records, cls=FullPrecisionEncoder)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        _add(archive, RECORDS, records.getvalue().encode("utf-8"))
        for name in sorted(_scan_names()):
            _add(archive, UPLOADS + name, uploads.read(name))
    path.touch(mode=0o600)
    path.write_bytes(crypto.encrypt_bytes(buffer.getvalue()))
    return len(read(path))


def contents(path: Path) -> Contents:
    """The backup's records and scans: decrypted with the configured keys, then unpacked."""
    data = path.read_bytes()
    if not data.startswith(GZIP_MAGIC):
        data = crypto.decrypt_bytes(data)
    plain = gzip.decompress(data)
    if not plain.startswith(b"ustar", 257):  # a backup from before the scans: only the JSON
        return Contents(plain.decode("utf-8"))
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}
    files = {}
    for name, content in members.items():
        if name.startswith(UPLOADS):
            stored_name = name.removeprefix(UPLOADS)
            if not STORED_NAME.fullmatch(stored_name):
                raise ValueError(f"unexpected file in the backup: {name!r}")
            files[stored_name] = content
    return Contents(members[RECORDS].decode("utf-8"), files)


def plain_json(path: Path) -> str:
    """The backup's records as JSON."""
    return contents(path).records


def read(path: Path) -> list:
    return list(serializers.deserialize("json", plain_json(path)))


@transaction.atomic
def restore(path: Path) -> tuple[int, int]:
    """Replace the database's content and the scan files with the backup's; all or nothing.

    Scan files the backup holds are written (encrypted with the current key) before the
    transaction commits; the files of scans that are gone after the restore are removed once it
    has committed. If the restore fails, the files it wrote for scans unknown before go again."""
    backup_contents = contents(path)
    count = len(list(serializers.deserialize("json", backup_contents.records)))
    before = _scan_names()
    call_command("flush", "--no-input", verbosity=0)
    # loaddata reads the decrypted JSON from "stdin", so it never lies on disk in plain form.
    stdin, sys.stdin = sys.stdin, io.StringIO(backup_contents.records)
    try:
        call_command("loaddata", "-", format="json", verbosity=0)
    finally:
        sys.stdin = stdin
    written = []
    try:
        for name, data in backup_contents.files.items():
            uploads.put(name, data)
            written.append(name)
    except BaseException:
        for name in set(written) - before:
            uploads.delete(name)
        raise
    stale = before - _scan_names()
    transaction.on_commit(lambda: [uploads.delete(name) for name in stale])
    return count, len(backup_contents.files)


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
