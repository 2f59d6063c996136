# Hand-written around the generated fields: the one-off move of an existing chain to the keyed
# chain (issue 15, H3; audit/legacy.py). The plain SHA-256 chain is checked first; if it is
# intact, every event is chained again as an HMAC under the current audit key (KAKETOE_AUDIT_KEY,
# else <var>/audit_key), in this migration's transaction, with the append-only trigger off only
# meanwhile (adding a column on SQLite rebuilt the table: the trigger is created again). A broken
# plain chain stops the migration and changes nothing. Only the hash columns change.
from django.conf import settings
from django.db import migrations, models

from kaketoe.audit import legacy


def key_the_chain(apps, schema_editor):
    legacy.key_the_chain(
        schema_editor.connection,
        apps.get_model("audit", "AuditEvent"),
        apps.get_model("audit", "AuditChainHead"),
        settings.KAKETOE_AUDIT_KEYS[0].encode(),
    )


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
