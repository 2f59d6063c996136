"""Step 1A instruments filled in for a family and its children.

Every answer stores the catalogue name and version it was given against (catalogues/), so a
new catalogue version never changes an old answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.models import Family, Person

NOTE_MAX = 1000


class PreconditionAnswer(models.Model):
    """One item of the appendix-1 checklist, for the family (child empty) or for one child."""

    class Status(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "na", _("Not applicable")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="preconditions")
    child = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="preconditions"
    )
    catalogue_version = models.CharField(max_length=20)
    item_code = models.CharField(max_length=40)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.UNKNOWN
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("precondition answer")
        verbose_name_plural = _("precondition answers")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "child", "catalogue_version", "item_code"],
                name="one_answer_per_item",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.status}"


class ChildFactor(models.Model):
    """A risk or protective factor recorded for a child: from the catalogue or in free text."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk factor")
        PROTECTIVE = "protective", _("Protective factor")

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="factors")
    catalogue_version = models.CharField(max_length=20)
    code = models.CharField(max_length=60, blank=True)
    level = models.CharField(_("level"), max_length=20)
    phase = models.CharField(_("phase"), max_length=20)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    free_text = models.CharField(_("own description"), max_length=300, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["level", "phase", "kind", "recorded_at"]
        verbose_name = _("factor")
        verbose_name_plural = _("factors")

    def __str__(self) -> str:
        return self.code or self.free_text


class ProtectiveMeasure(models.Model):
    """A measure the team takes in answer to a child's risks (appendix-5 categories)."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="measures")
    catalogue_version = models.CharField(max_length=20)
    category = models.CharField(_("category"), max_length=30)
    description = models.TextField(_("description"), max_length=NOTE_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["category", "recorded_at"]
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")

    def __str__(self) -> str:
        return f"{self.category}: {self.description[:40]}"
