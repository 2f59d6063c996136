"""Step 2 guidance records: signals and grief per child, the school handover, parent talks.

Catalogue-based records store the catalogue version they were made against (catalogues/).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.models import Family, Person
from kaketoe.crypto import EncryptedTextField
from kaketoe.snapshots import Snapshot

TEXT_MAX = 2000


class SignalObservation(models.Model):
    """A reaction seen in a child (appendix 7): a catalogue signal or one in own words."""

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="signals")
    catalogue_version = models.CharField(max_length=20)
    code = models.CharField(_("signal"), max_length=20, blank=True)
    free_text = EncryptedTextField(_("signal in own words"), max_length=300, blank=True)
    observed_on = models.DateField(_("observed on"))
    context = EncryptedTextField(_("context"), max_length=TEXT_MAX, blank=True)
    observed_by = models.CharField(_("observed by"), max_length=150)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")

    def __str__(self) -> str:
        return self.code or self.free_text


class GriefNote(models.Model):
    """Where the child seems to be in the grief process (H4.5.4), and a stress reaction."""

    class Phase(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledging the return and its losses")
        LIVE_THROUGH = "live_through", _("Living through sadness and other emotions")
        ADAPT = "adapt", _("Adapting to the new situation")
        CONNECT = "connect", _("Connecting: giving the loss a place")

    class Reaction(models.TextChoices):
        FIGHT = "fight", _("Fight: anger, not accepting the return")
        FLIGHT = "flight", _("Flight: seeking distraction, not wanting to talk about it")
        FREEZE = "freeze", _("Freeze: shutting down, unable to express")

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grief_notes")
    noted_on = models.DateField(_("date"))
    phase = models.CharField(_("grief phase"), max_length=14, choices=Phase.choices, blank=True)
    reaction = models.CharField(
        _("stress reaction"), max_length=8, choices=Reaction.choices, blank=True
    )
    note = EncryptedTextField(_("note"), max_length=TEXT_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-noted_on", "-pk"]
        verbose_name = _("grief note")
        verbose_name_plural = _("grief notes")

    def __str__(self) -> str:
        return f"{self.noted_on}: {self.phase or self.reaction}"


# (present field, translated field, label) for the documents the school in the country of
# return needs (H4.7 point 3).
DOCUMENTS = [
    ("birth_certificate", _("Birth certificate")),
    ("diplomas", _("Diplomas")),
    ("school_reports", _("School reports")),
]


class SchoolHandover(models.Model):
    """What the school in the Netherlands hands over for one child (H4.7). Each save is a
    version; a save based on an older version is refused (see services)."""

    child = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="school_handover")
    school_nl = models.CharField(_("school in the Netherlands"), max_length=200, blank=True)
    teacher = models.CharField(_("teacher"), max_length=150, blank=True)
    learning_development = EncryptedTextField(
        _("learning development"), max_length=TEXT_MAX, blank=True
    )
    support_needs = EncryptedTextField(_("support needs"), max_length=TEXT_MAX, blank=True)
    birth_certificate_present = models.BooleanField(_("birth certificate present"), default=False)
    birth_certificate_translated = models.BooleanField(
        _("birth certificate translated"), default=False
    )
    diplomas_present = models.BooleanField(_("diplomas present"), default=False)
    diplomas_translated = models.BooleanField(_("diplomas translated"), default=False)
    school_reports_present = models.BooleanField(_("school reports present"), default=False)
    school_reports_translated = models.BooleanField(_("school reports translated"), default=False)
    school_abroad = models.CharField(
        _("school in the country of return"), max_length=300, blank=True
    )
    farewell_on = models.DateField(_("farewell at school on"), null=True, blank=True)
    farewell_done = models.BooleanField(_("farewell at school done"), default=False)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("school handover")
        verbose_name_plural = _("school handovers")

    def __str__(self) -> str:
        return f"{self.child} (v{self.version})"

    def clean(self):
        errors = {}
        for name, label in DOCUMENTS:
            if getattr(self, f"{name}_translated") and not getattr(self, f"{name}_present"):
                errors[f"{name}_translated"] = _(
                    "%(document)s cannot be translated when it is not present."
                ) % {"document": label}
        if self.farewell_done and not self.farewell_on:
            errors["farewell_on"] = _("Give the date of the farewell that was done.")
        if self.farewell_done and self.farewell_on and self.farewell_on > timezone.localdate():
            errors["farewell_done"] = _("A farewell in the future cannot be done yet.")
        if errors:
            raise ValidationError(errors)

    def documents(self) -> list[tuple[str, bool, bool]]:
        """(label, present, translated) per document."""
        return [
            (label, getattr(self, f"{name}_present"), getattr(self, f"{name}_translated"))
            for name, label in DOCUMENTS
        ]


class SchoolHandoverVersion(Snapshot):
    """A snapshot of a school handover as it was saved: who changed what."""

    handover = models.ForeignKey(SchoolHandover, on_delete=models.CASCADE, related_name="versions")

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["handover", "number"], name="one_snapshot_per_handover_version"
            )
        ]


class ParentConversation(models.Model):
    """A conversation with the parents about guiding their children (chapter 5)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="parent_talks")
    held_on = models.DateField(_("date"))
    parents_present = models.ManyToManyField(
        Person, verbose_name=_("parents present"), related_name="+"
    )
    interpreter = models.CharField(
        _("interpreter"),
        max_length=150,
        blank=True,
        help_text=_("Language and name. Leave empty if no interpreter took part."),
    )
    catalogue_version = models.CharField(max_length=20)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("parent conversation")
        verbose_name_plural = _("parent conversations")

    def __str__(self) -> str:
        return f"{self.family} {self.held_on}"
