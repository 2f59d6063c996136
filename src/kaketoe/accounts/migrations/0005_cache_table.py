"""The table of the shared cache (kaketoe/shared_cache.py), made here so that `migrate` is all a
deployment runs; the same as `manage.py createcachetable` makes."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "kaketoe_cache"


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_api_token_expiry")]

    operations = [migrations.RunPython(create, drop)]
