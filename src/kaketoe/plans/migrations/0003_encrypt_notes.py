# Free-text notes that can hold health or trauma details are encrypted at rest (issue 8).

import kaketoe.crypto
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_voice_from_toolkit_answer"),
    ]

    operations = [
        migrations.AlterField(
            model_name="childvoice",
            name="because",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="because"
            ),
        ),
        migrations.AlterField(
            model_name="childvoice",
            name="said",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="what the child said matters"
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="minutes",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=8000, verbose_name="minutes"
            ),
        ),
        migrations.AlterField(
            model_name="planitem",
            name="what",
            field=kaketoe.crypto.EncryptedTextField(max_length=2000, verbose_name="what"),
        ),
        migrations.AlterField(
            model_name="planversion",
            name="snapshot",
            field=kaketoe.crypto.EncryptedJSONField(),
        ),
        kaketoe.crypto.encrypt_columns("plans", "childvoice", ["because", "said"]),
        kaketoe.crypto.encrypt_columns("plans", "meeting", ["minutes"]),
        kaketoe.crypto.encrypt_columns("plans", "planitem", ["what"]),
        kaketoe.crypto.encrypt_columns("plans", "planversion", ["snapshot"]),
    ]
