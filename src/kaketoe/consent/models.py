"""The consent ledger of a family and its handovers to partner organisations abroad.

The ledger is append-only: a withdrawal is a new entry, never an edit. Whether a partner
organisation may see a case is derived from the ledger on every request (see
`HandoverQuerySet.in_force` and cases/access.py), so a withdrawal or an expiry ends access at once.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe import uploads
from kaketoe.accounts.models import Organisation
from kaketoe.cases.models import Family, Person
from kaketoe.consent import rules
from kaketoe.crypto import EncryptedTextField


class AppendOnlyError(Exception):
    pass


class Purpose(models.TextChoices):
    HANDOVER = "handover", _("Handover of the return plan and case data")
    MONITORING = "monitoring", _("Monitoring after return")


class Decision(models.TextChoices):
    GIVEN = rules.GIVEN, _("Given")
    REFUSED = rules.REFUSED, _("Refused")
    WITHDRAWN = rules.WITHDRAWN, _("Withdrawn")


class How(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    VERBAL_INTERPRETER = "verbal_interpreter", _("Verbally, with an interpreter")
    VERBAL = "verbal", _("Verbally")
    OTHER = "other", _("Other")


DECIDERS = {Person.Relation.PARENT, Person.Relation.GUARDIAN}


class ConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("consent entries cannot be changed; record a new entry")

    def delete(self):
        raise AppendOnlyError("consent entries cannot be deleted; record a withdrawal")


class ConsentEntry(models.Model):
    """One decision of a parent or guardian about sharing the case with one organisation."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recipient organisation"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    given_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parent or guardian"),
    )
    how = models.CharField(_("how"), max_length=20, choices=How.choices)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    recorded_on = models.DateField(_("date of the decision"))
    scope = models.TextField(
        _("scope"),
        max_length=2000,
        blank=True,
        help_text=_("What may be shared, for example 'return plan and school reports'."),
    )
    expires_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The last day on which the consent holds. Leave empty if it does not expire."),
    )
    child_assent = EncryptedTextField(
        _("child's assent or view"),
        max_length=2000,
        blank=True,
        help_text=_("What the children said about it, in their own words where possible."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("consent entry")
        verbose_name_plural = _("consent entries")
        indexes = [models.Index(fields=["family", "organisation", "purpose", "recorded_on"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.organisation}: {self.get_decision_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("consent entries cannot be changed; record a new entry")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("consent entries cannot be deleted; record a withdrawal")

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.recorded_on and self.recorded_on > today:
            errors["recorded_on"] = _("A decision cannot be dated in the future.")
        if self.recorded_on and self.expires_on and self.expires_on <= self.recorded_on:
            errors["expires_on"] = _("The consent must end after the date of the decision.")
        if self.how == How.VERBAL_INTERPRETER and not self.interpreter_language.strip():
            errors["interpreter_language"] = _("Enter the language the interpreter used.")
        if self.given_by_id and not self._given_by_decides():
            errors["given_by"] = _("Choose a parent or guardian of this family.")
        if errors:
            raise ValidationError(errors)

    def is_in_force(self, today: date) -> bool:
        return rules.is_in_force(self, today)

    def _given_by_decides(self) -> bool:
        person = self.given_by
        return person.family_id == self.family_id and person.relation in DECIDERS


class HandoverQuerySet(models.QuerySet):
    def in_force(self, today: date) -> HandoverQuerySet:
        """Handovers not ended whose deciding handover consent is given and not expired.

        The deciding entry is the newest by (recorded_on, pk) of those dated up to today, as
        consent/rules.py orders them. Written as "a given, unexpired entry with no newer entry"
        (a semi-join over an anti-join), which the database answers with hash joins over the
        ledger instead of one newest-entry lookup per handover: access follows the ledger at once
        and a caseload of thousands of families needs no extra queries.
        """
        same_ledger = {
            "family": OuterRef("family_id"),
            "organisation": OuterRef("organisation_id"),
            "purpose": Purpose.HANDOVER,
            "recorded_on__lte": today,
        }
        newer = ConsentEntry.objects.filter(**same_ledger).filter(
            Q(recorded_on__gt=OuterRef("recorded_on"))
            | Q(recorded_on=OuterRef("recorded_on"), pk__gt=OuterRef("pk"))
        )
        deciding_given = (
            ConsentEntry.objects.filter(**same_ledger, decision=Decision.GIVEN)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
            .filter(~Exists(newer))
        )
        return self.filter(ended_at__isnull=True).filter(Exists(deciding_given))


class Handover(models.Model):
    """The case was handed over to a partner organisation in the country of return."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="handovers")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("partner organisation"),
    )
    consent = models.ForeignKey(
        ConsentEntry, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent")
    )
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    at = models.DateTimeField(_("handed over at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        indexes = [models.Index(fields=["organisation", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="one_open_handover_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} → {self.organisation}"


class ScanQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("a scan cannot be changed; attach another one")

    def delete(self):
        raise AppendOnlyError("a scan cannot be deleted; only erasure of the case removes it")


class ConsentScan(models.Model):
    """A scan of the paper on which a parent or guardian signed a decision of the ledger.

    The scan is its own record: attaching one leaves the ledger entry as it was. Like the ledger
    it is append-only. It is evidence for the entry, so no one replaces or removes it; a better or
    corrected scan is attached next to it. Only erasure of the case (retention, or erasure on
    request) removes the file (services.erase_scans). The file itself is encrypted outside the
    web root (kaketoe/uploads.py) and opened only through views.scan_download.
    """

    class ContentType(models.TextChoices):
        PDF = uploads.PDF, "PDF"
        JPEG = uploads.JPEG, "JPEG"
        PNG = uploads.PNG, "PNG"

    entry = models.ForeignKey(
        ConsentEntry,
        on_delete=models.CASCADE,
        related_name="scans",
        verbose_name=_("consent entry"),
    )
    label = models.CharField(_("file name"), max_length=uploads.LABEL_LENGTH)
    content_type = models.CharField(_("type"), max_length=40, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attached by"),
    )
    uploaded_at = models.DateTimeField(_("attached at"), default=timezone.now)

    objects = ScanQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("scan of a consent form")
        verbose_name_plural = _("scans of consent forms")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("a scan cannot be changed; attach another one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("a scan cannot be deleted; only erasure of the case removes it")

    @property
    def family_id(self) -> int:
        """For the audit log (audit.services.record), which files an event under its case."""
        return self.entry.family_id

    def download_name(self) -> str:
        """A file name without personal data for the download (the label may name the family)."""
        extension = uploads.EXTENSIONS[self.content_type]
        return f"consent-{self.entry_id}-scan-{self.pk}.{extension}"
