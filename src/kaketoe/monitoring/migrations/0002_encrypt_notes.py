# Free-text notes that can hold health or trauma details are encrypted at rest (issue 8).

import kaketoe.crypto
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="alert",
            name="closing_note",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="closing note"
            ),
        ),
        migrations.AlterField(
            model_name="alert",
            name="follow_up",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="follow-up"
            ),
        ),
        migrations.AlterField(
            model_name="progressline",
            name="notes",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="notes"
            ),
        ),
        migrations.AlterField(
            model_name="progressline",
            name="what",
            field=kaketoe.crypto.EncryptedTextField(max_length=2000),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="family_view",
            field=kaketoe.crypto.EncryptedTextField(
                help_text="In the family's words.",
                max_length=4000,
                verbose_name="the family's own view",
            ),
        ),
        migrations.AlterField(
            model_name="progressreport",
            name="new_needs",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="new needs"
            ),
        ),
        kaketoe.crypto.encrypt_columns("monitoring", "alert", ["closing_note", "follow_up"]),
        kaketoe.crypto.encrypt_columns("monitoring", "progressline", ["notes", "what"]),
        kaketoe.crypto.encrypt_columns(
            "monitoring", "progressreport", ["family_view", "new_needs"]
        ),
    ]
