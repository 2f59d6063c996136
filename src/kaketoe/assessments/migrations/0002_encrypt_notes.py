# Free-text notes that can hold health or trauma details are encrypted at rest (issue 8).

import kaketoe.crypto
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessmentversion",
            name="snapshot",
            field=kaketoe.crypto.EncryptedJSONField(),
        ),
        migrations.AlterField(
            model_name="bestinterestsassessment",
            name="child_view",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="the child's view"
            ),
        ),
        migrations.AlterField(
            model_name="bestinterestsassessment",
            name="conclusion",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="conclusion"
            ),
        ),
        migrations.AlterField(
            model_name="bestinterestsassessment",
            name="recommendations",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="recommendations"
            ),
        ),
        migrations.AlterField(
            model_name="childfactor",
            name="note",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=1000, verbose_name="note"
            ),
        ),
        migrations.AlterField(
            model_name="preconditionanswer",
            name="note",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=1000, verbose_name="note"
            ),
        ),
        migrations.AlterField(
            model_name="protectivemeasure",
            name="description",
            field=kaketoe.crypto.EncryptedTextField(max_length=1000, verbose_name="description"),
        ),
        migrations.AlterField(
            model_name="safetyassessment",
            name="child_risks",
            field=kaketoe.crypto.EncryptedTextField(
                max_length=4000, verbose_name="child-specific risks found"
            ),
        ),
        migrations.AlterField(
            model_name="safetyassessment",
            name="measures",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="measures"
            ),
        ),
        kaketoe.crypto.encrypt_columns("assessments", "assessmentversion", ["snapshot"]),
        kaketoe.crypto.encrypt_columns(
            "assessments",
            "bestinterestsassessment",
            ["child_view", "conclusion", "recommendations"],
        ),
        kaketoe.crypto.encrypt_columns("assessments", "childfactor", ["note"]),
        kaketoe.crypto.encrypt_columns("assessments", "preconditionanswer", ["note"]),
        kaketoe.crypto.encrypt_columns("assessments", "protectivemeasure", ["description"]),
        kaketoe.crypto.encrypt_columns(
            "assessments", "safetyassessment", ["child_risks", "measures"]
        ),
    ]
