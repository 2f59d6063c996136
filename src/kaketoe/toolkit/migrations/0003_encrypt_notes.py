# Free-text notes that can hold health or trauma details are encrypted at rest (issue 8).

import kaketoe.crypto
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("toolkit", "0002_farewell"),
    ]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="words",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="the child's words"
            ),
        ),
        migrations.AlterField(
            model_name="childsession",
            name="how_it_went",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=4000, verbose_name="how it went"
            ),
        ),
        migrations.AlterField(
            model_name="farewellmessage",
            name="memory",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="a good memory"
            ),
        ),
        migrations.AlterField(
            model_name="farewellmessage",
            name="wish",
            field=kaketoe.crypto.EncryptedTextField(
                blank=True, max_length=2000, verbose_name="a wish"
            ),
        ),
        kaketoe.crypto.encrypt_columns("toolkit", "answer", ["words"]),
        kaketoe.crypto.encrypt_columns("toolkit", "childsession", ["how_it_went"]),
        kaketoe.crypto.encrypt_columns("toolkit", "farewellmessage", ["memory", "wish"]),
    ]
