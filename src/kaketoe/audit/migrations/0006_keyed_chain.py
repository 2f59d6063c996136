# Hand-written around the generated fields: the one-off move of an existing chain to the keyed
# chain (issue 15, H3). The plain SHA-256 chain is checked first; if it is intact, every event is
# chained again as an HMAC under the current audit key (KAKETOE_AUDIT_KEY, else <var>/audit_key),
# in this migration's transaction, with the append-only trigger off only meanwhile. A broken
# plain chain stops the migration and changes nothing: find out what happened first.
# Only the hash columns change, never an event's content.
from django.conf import settings
from django.db import migrations, models

from kaketoe.audit import chain

SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
)
UPDATE = "UPDATE audit_auditevent SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s"


def keyed(rows, key: bytes):
    """(prev_hash, hash, key_id, id) of each event chained under `key`; ValueError on a break
    in the plain chain."""
    kid, plain_previous, previous, broken = chain.key_id(key), "", "", []
    for row in rows:
        if row["prev_hash"] != plain_previous or chain.plain_hash(row["prev_hash"], row) != row["hash"]:
            broken.append(row["id"])
        plain_previous = row["hash"]
        digest = chain.event_hash(previous, row, key)
        yield previous, digest, kid, row["id"]
        previous = digest
    if broken:
        raise ValueError(
            f"the plain audit chain is broken at events {broken[:20]}: run verify_audit with the "
            "previous version and find out why before moving to the keyed chain"
        )


def key_the_chain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    connection = schema_editor.connection
    if connection.vendor == "sqlite":  # adding the column rebuilt the table: trigger back on
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update")
    elif connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
    key = settings.KAKETOE_AUDIT_KEYS[0].encode()
    rows = AuditEvent.objects.order_by("pk").values("id", "prev_hash", "hash", *chain.FIELDS)
    count, last = 0, ("", "", chain.key_id(key), 0)
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
    if count:
        AuditChainHead.objects.update_or_create(
            pk=1, defaults={"last_hash": last[1], "events": count, "key_id": last[2]}
        )
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)
    elif connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_erasure_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="events",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="key_id",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.RunPython(key_the_chain, migrations.RunPython.noop),
    ]
