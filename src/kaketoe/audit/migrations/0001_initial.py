# Hand-written: the model plus database triggers that make the table append-only.
# SQLite refuses updates only: Django's test flush empties tables with DELETE there.
# PostgreSQL refuses both (its flush uses TRUNCATE).
import django.utils.timezone
from django.db import migrations, models

SQLITE = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;",
]
POSTGRES = [
    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$;",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]


def add_triggers(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("actor_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("actor_username", models.CharField(blank=True, max_length=150)),
                ("action", models.CharField(choices=[("view", "viewed"), ("create", "created"), ("change", "changed"), ("denied", "was refused"), ("login", "logged in"), ("login_failed", "failed to log in"), ("logout", "logged out"), ("export", "exported"), ("search", "searched")], max_length=16)),
                ("object_type", models.CharField(blank=True, max_length=40)),
                ("object_id", models.CharField(blank=True, max_length=40)),
                ("family_id", models.IntegerField(blank=True, db_index=True, null=True)),
                ("path", models.CharField(blank=True, max_length=300)),
                ("ip", models.GenericIPAddressField(blank=True, null=True)),
                ("detail", models.CharField(blank=True, max_length=300)),
            ],
            options={"verbose_name": "audit event", "verbose_name_plural": "audit events",
                     "ordering": ["-at", "-pk"]},
        ),
        migrations.RunPython(add_triggers, migrations.RunPython.noop),
    ]
