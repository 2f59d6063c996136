# Free-text notes that can hold health or trauma details are encrypted at rest (issue 8).

import kaketoe.crypto
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="griefnote",
            name="note",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="note"
            ),
        ),
        migrations.AlterField(
            model_name="parentconversation",
            name="notes",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="notes"
            ),
        ),
        migrations.AlterField(
            model_name="schoolhandover",
            name="learning_development",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="learning development"
            ),
        ),
        migrations.AlterField(
            model_name="schoolhandover",
            name="support_needs",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="support needs"
            ),
        ),
        migrations.AlterField(
            model_name="schoolhandoverversion",
            name="snapshot",
            field=kaketoe.crypto.EncryptedJSONField(),
        ),
        migrations.AlterField(
            model_name="signalobservation",
            name="context",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="context"
            ),
        ),
        kaketoe.crypto.encrypt_columns("guidance", "griefnote", ["note"]),
        kaketoe.crypto.encrypt_columns("guidance", "parentconversation", ["notes"]),
        kaketoe.crypto.encrypt_columns(
            "guidance", "schoolhandover", ["learning_development", "support_needs"]
        ),
        kaketoe.crypto.encrypt_columns("guidance", "schoolhandoverversion", ["snapshot"]),
        kaketoe.crypto.encrypt_columns("guidance", "signalobservation", ["context"]),
    ]
