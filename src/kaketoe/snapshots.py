"""The one shape of a saved version: number, the record as it was, who saved it and when.

Assessments, school handovers and return plans each keep their own table (with the link to
what was versioned); they share these fields and this behaviour.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from kaketoe.crypto import EncryptedJSONField


class Snapshot(models.Model):
    number = models.PositiveIntegerField()
    snapshot = EncryptedJSONField()  # copies notes, so encrypted like them
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}"
