"""Step 1A instruments filled in for a family and its children.

Every answer stores the catalogue name and version it was given against (catalogues/), so a
new catalogue version never changes an old answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.accounts.models import Role
from kaketoe.cases.models import Family, Person
from kaketoe.crypto import EncryptedJSONField, EncryptedTextField
from kaketoe.snapshots import Snapshot

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
    note = EncryptedTextField(_("note"), max_length=NOTE_MAX, blank=True)
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
                fields=["family", "catalogue_version", "item_code"],
                condition=models.Q(child__isnull=True),
                name="one_family_answer_per_item",
            ),
            models.UniqueConstraint(
                fields=["child", "catalogue_version", "item_code"],
                condition=models.Q(child__isnull=False),
                name="one_child_answer_per_item",
            ),
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
    free_text = EncryptedTextField(_("own description"), max_length=300, blank=True)
    note = EncryptedTextField(_("note"), max_length=NOTE_MAX, blank=True)
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
    description = EncryptedTextField(_("description"), max_length=NOTE_MAX)
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


class BestInterestsAssessment(models.Model):
    """The best-interests assessment of one child: the five UNHCR/CRC aspects and the eight
    EASO elements, made by the team, with the child's own view. Each save is a version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="best_interests")
    catalogue_version = models.CharField(max_length=20)
    findings = EncryptedJSONField(default=dict, blank=True)  # free text per item
    participants = models.ManyToManyField(
        "cases.TeamMember", blank=True, verbose_name=_("participants"), related_name="+"
    )
    child_view = EncryptedTextField(_("the child's view"), max_length=4000, blank=True)
    child_heard_how = models.CharField(_("how the child was heard"), max_length=300, blank=True)
    child_heard_by = models.CharField(_("heard by"), max_length=150, blank=True)
    conclusion = EncryptedTextField(_("conclusion"), max_length=4000, blank=True)
    recommendations = EncryptedTextField(_("recommendations"), max_length=4000, blank=True)
    partner_contribution = EncryptedTextField(
        _("contribution of the partner organisation in the country of return"),
        max_length=4000,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("best-interests assessment")
        verbose_name_plural = _("best-interests assessments")

    def __str__(self) -> str:
        return f"{self.child} ({self.get_status_display()}, v{self.version})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def signed_version(self) -> int:
        """The version the sign-offs are about: making it final saves one more version."""
        return self.version - 1 if self.is_final else self.version


class SignOff(models.Model):
    """A team member signs a version of a best-interests assessment off. The assessment becomes
    final when the sign-offs of one version satisfy rules.sign_off_missing (who decides)."""

    assessment = models.ForeignKey(
        BestInterestsAssessment, on_delete=models.CASCADE, related_name="sign_offs"
    )
    version = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # As they were when signing: a later move to another organisation changes nothing.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version", "user"], name="one_sign_off_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} v{self.version}"


class AssessmentVersion(Snapshot):
    """A snapshot of a best-interests assessment as it was saved: 'who changed what'."""

    assessment = models.ForeignKey(
        BestInterestsAssessment, on_delete=models.CASCADE, related_name="versions"
    )

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "number"], name="one_snapshot_per_version"
            )
        ]


class SafetyAssessment(models.Model):
    """Safety of the country and place of return for this family's children."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="safety_assessments")
    assessed_on = models.DateField(_("date of the assessment"))
    place = models.CharField(_("country and place assessed"), max_length=200)
    sources = models.JSONField(_("sources"), default=list)
    child_risks = EncryptedTextField(_("child-specific risks found"), max_length=4000)
    measures = EncryptedTextField(_("measures"), max_length=4000, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("safety assessment")
        verbose_name_plural = _("safety assessments")

    def __str__(self) -> str:
        return f"{self.place} ({self.assessed_on})"
