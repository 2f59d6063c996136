"""Encryption at rest for free text that can hold health or trauma details (issue 8).

Keys come from KAKETOE_ENCRYPTION_KEYS: comma-separated Fernet keys (AES-128-CBC + HMAC-SHA256),
newest first. The first key encrypts; every listed key decrypts, so a key is rotated by putting
a new one in front, running `./kaketoe manage rotate_encryption_key`, and then dropping the old
one (docs/security.md). Without the variable a key is generated once and kept in
var/encryption_key, like the secret key, for single-machine runs.

Empty text stays empty (it holds nothing to protect, and `note=""` filters keep working). Search
over encrypted text is not offered: a field encrypted here can only be read back, not queried.
"""

from __future__ import annotations

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "KAKETOE_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys of 32 bytes, "
            "comma-separated, newest first (make one with `./kaketoe manage "
            "rotate_encryption_key --new-key`)."
        ) from error


def fernet() -> MultiFernet:
    keys = tuple(settings.ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("No encryption key: set KAKETOE_ENCRYPTION_KEYS.")
    return _fernet(keys)


def primary_fernet() -> Fernet:
    return fernet()._fernets[0]


class UndecryptableError(ImproperlyConfigured):
    """A stored value was encrypted with a key that is no longer configured."""


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return fernet().decrypt(token)
    except InvalidToken as error:
        raise UndecryptableError(
            "Stored data cannot be decrypted with the keys in KAKETOE_ENCRYPTION_KEYS: "
            "the key that encrypted it was removed too early."
        ) from error


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8")).decode("ascii") if value else value


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8") if token else token


def uses_primary_key(token: bytes) -> bool:
    """True when the current (first) key decrypts the token: nothing left to rotate."""
    try:
        primary_fernet().decrypt(token)
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """A TextField stored as a Fernet token; reads and forms see the plain text."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt_text(value)


class EncryptedJSONField(models.TextField):
    """JSON stored as one Fernet token (used for version snapshots that copy notes)."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(decrypt_text(value))

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        return None if value is None else encrypt_text(json.dumps(value))

    def value_to_string(self, obj):
        return self.value_from_object(obj)


def encrypted_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField | EncryptedJSONField)
    ]


def encrypt_columns(app_label: str, model_name: str, columns: list[str]):
    """A migration operation that encrypts existing plain values of these columns (and decrypts
    them again when migrating backwards). Raw SQL, so it works whatever the field class is."""

    def convert(apps, schema_editor, forward: bool):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            for column in map(quote, columns):
                # Table and column names come from the model and are quoted; values are params.
                select = f"SELECT {pk}, {column} FROM {table}"  # noqa: S608  # nosec B608
                update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608  # nosec B608
                cursor.execute(select)
                rows = cursor.fetchall()
                for row_pk, value in rows:
                    if not value:
                        continue
                    if isinstance(value, dict | list):  # PostgreSQL jsonb before the type change
                        value = json.dumps(value)
                    new = _encrypt_once(value) if forward else decrypt_text(value)
                    if new != value:
                        cursor.execute(update, [new, row_pk])
            if connection.vendor == "postgresql":
                # Run the deferred foreign-key checks the updates queued now: PostgreSQL refuses
                # to ALTER a table with pending trigger events (the next operation, backwards).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    from django.db import migrations

    return migrations.RunPython(
        lambda apps, editor: convert(apps, editor, True),
        lambda apps, editor: convert(apps, editor, False),
    )


def _encrypt_once(value: str) -> str:
    """Encrypt a plain value; leave one that is already a token of ours alone (re-runnable)."""
    try:
        decrypt_text(value)
    except (UndecryptableError, UnicodeError, ValueError):
        return encrypt_text(value)
    return value


def all_encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    from django.apps import apps

    return [(model, fields) for model in apps.get_models() if (fields := encrypted_fields(model))]


def rotate(*, dry_run: bool = False, batch: int = 500) -> dict[str, tuple[int, int]]:
    """Re-encrypt every stored value that the first key does not yet encrypt.

    Returns {model label: (values read, values re-encrypted)}. Each table is done in batches in
    its own transaction; running it again after an interruption carries on where it stopped.
    """
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    multi = fernet()
    counts = {}
    for model, fields in all_encrypted_fields():
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        columns = [quote(field.column) for field in fields]
        read = changed = 0
        last = None
        while True:
            where = f"WHERE {pk} > %s " if last is not None else ""
            select = (
                f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608  # nosec B608
                f"{where}ORDER BY {pk} LIMIT {int(batch)}"
            )
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last] if last is not None else [])
                rows = cursor.fetchall()
                for row_pk, *values in rows:
                    for column, value in zip(columns, values, strict=True):
                        if not value:
                            continue
                        read += 1
                        token = value.encode("ascii")
                        if uses_primary_key(token):
                            continue
                        new = multi.rotate(token).decode("ascii")
                        changed += 1
                        if not dry_run:
                            update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608  # nosec B608
                            cursor.execute(update, [new, row_pk])
            if len(rows) < batch:
                break
            last = rows[-1][0]
        counts[model._meta.label] = (read, changed)
    return counts
