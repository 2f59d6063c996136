"""The case: a family returning with children, its members, its team and its timeline."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from kaketoe.accounts.models import AttentionArea, Organisation, Role
from kaketoe.cases import rules
from kaketoe.crypto import EncryptedJSONField, EncryptedTextField


class Stage(models.TextChoices):
    PREPARING = "preparing", _("Preparing return")
    GUIDING = "guiding", _("Guiding during return")
    DEPARTED = "departed", _("Departed")
    MONITORING = "monitoring", _("Monitoring after return")
    CLOSED = "closed", _("Closed")


ROUTE_STEP_TITLES = {
    "1A": _("1A Map risk factors and protective measures"),
    "1B": _("1B Child-friendly return plan"),
    "2A": _("2A Guiding the children"),
    "2B": _("2B Guiding the parents"),
    "3": _("3 Monitoring and re-integration"),
}


class InterpreterGender(models.TextChoices):
    ANY = "", _("No preference")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Family(models.Model):
    """The case. Its number (KKT-000001) is the reference professionals use with each other."""

    name = models.CharField(_("family name"), max_length=120)
    country_of_return = CountryField(_("country of return"))
    place_of_return = models.CharField(_("place of return"), max_length=120, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("Separate languages with commas."),
    )
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    interpreter_dialect = models.CharField(_("interpreter dialect"), max_length=60, blank=True)
    interpreter_gender = models.CharField(
        _("interpreter gender"), max_length=8, blank=True, choices=InterpreterGender.choices
    )
    departure_deadline = models.DateField(_("departure deadline"), null=True, blank=True)
    planned_departure = models.DateField(_("planned departure"), null=True, blank=True)
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    next_monitoring = models.DateField(_("next monitoring contact"), null=True, blank=True)
    stage = models.CharField(
        _("route-map stage"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.PREPARING,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the stage becomes "closed" (cases/services.py); the retention period counts from it.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # Set by apply_retention: the personal data of this case has been erased.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    @property
    def reference(self) -> str:
        return f"KKT-{self.pk:06d}" if self.pk else "KKT-new"

    def deadlines(self) -> list[rules.Deadline]:
        return rules.upcoming_deadlines(
            stage=self.stage,
            departure_deadline=self.departure_deadline,
            planned_departure=self.planned_departure,
            next_monitoring=self.next_monitoring,
        )

    def next_deadline(self) -> rules.Deadline | None:
        return rules.next_deadline(self.deadlines())


class Person(models.Model):
    class Relation(models.TextChoices):
        PARENT = "parent", _("Parent")
        GUARDIAN = "guardian", _("Guardian")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other household member")

    class Sex(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        FEMALE = "female", _("Girl / woman")
        MALE = "male", _("Boy / man")
        OTHER = "other", _("Other")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["family", "relation", "date_of_birth", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        indexes = [models.Index(fields=["name_key", "date_of_birth"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = rules.name_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_child(self) -> bool:
        return self.relation == self.Relation.CHILD

    def age(self, today: date | None = None) -> int | None:
        if not self.date_of_birth:
            return None
        return rules.age_on(self.date_of_birth, today or timezone.localdate())

    def age_band(self, today: date | None = None) -> str | None:
        age = self.age(today)
        return None if age is None else rules.age_band(age)


class TeamMember(models.Model):
    """Someone on the multidisciplinary team of one family, formal or informal.

    Formal members are Kaketoe users; being an active formal member is what gives access
    (see cases/access.py). Informal members (a grandmother, a volunteer) are only recorded.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="team_places",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    description = models.CharField(
        _("role on this team"),
        max_length=120,
        blank=True,
        help_text=_("For example 'grandmother' or 'GZ psychologist'."),
    )
    area = models.CharField(_("attention area"), max_length=24, choices=AttentionArea.choices)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)
    has_family_trust = models.BooleanField(_("has the family's trust"), default=False)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Who removed the place and why (issue 17 §1); emptied again when the place is restored.
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removal_reason = models.CharField(_("reason for the removal"), max_length=300, blank=True)

    class Meta:
        ordering = ["area", "added_at", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "user"],
                condition=models.Q(removed_at__isnull=True, user__isnull=False),
                name="one_active_place_per_user",
            ),
        ]
        # Who sees which families (cases.access): a team lead's organisation, a user's own
        # places; covering, so thousands of places are read from the index alone (issue 9).
        indexes = [
            models.Index(
                fields=["organisation", "family"],
                condition=models.Q(removed_at__isnull=True),
                name="active_places_by_organisation",
            ),
            models.Index(
                fields=["user", "family"],
                condition=models.Q(removed_at__isnull=True),
                name="active_places_by_user",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return self.name

    @property
    def is_informal(self) -> bool:
        return self.area == AttentionArea.INFORMAL


class RouteNote(models.Model):
    """A professional's word on the route map where the evidence alone does not settle it:
    why one piece of evidence is missing or what was done instead (`need` is its key, see
    cases/route_map.py), or, with `need` empty, that the whole step is done against the
    evidence (an override, with its reason). Withdrawn notes stay, for the history."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="route_notes")
    step = models.CharField(_("route-map step"), max_length=2)
    need = models.CharField(max_length=80, blank=True)
    text = EncryptedTextField(_("note"), max_length=1000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("route-map note")
        verbose_name_plural = _("route-map notes")
        indexes = [models.Index(fields=["family", "step"], name="route_note_family_step")]

    def __str__(self) -> str:
        return f"{self.step} {self.need or 'override'}"

    @property
    def is_override(self) -> bool:
        return not self.need


class TimelineEvent(models.Model):
    """What happened in a case, written by the services that make it happen."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Case opened")
        CHANGED = "changed", _("Case details changed")
        STAGE = "stage", _("Route-map stage changed")
        MEMBER_ADDED = "member_added", _("Household member added")
        MEMBER_CHANGED = "member_changed", _("Household member changed")
        TEAM_ADDED = "team_added", _("Team member added")
        TEAM_REMOVED = "team_removed", _("Team member removed")
        TEAM_RESTORED = "team_restored", _("Team member restored")
        NOTE = "note", _("Note")
        PRECONDITIONS = "preconditions", _("Preconditions checklist updated")
        FACTORS = "factors", _("Risk and protective factors updated")
        MEASURES = "measures", _("Protective measure recorded")
        BEST_INTERESTS = "best_interests", _("Best-interests assessment saved")
        BEST_INTERESTS_FINAL = "best_interests_final", _("Best-interests assessment made final")
        SAFETY = "safety", _("Safety assessment recorded")
        PLAN_ITEM = "plan_item", _("Return plan item added")
        PLAN_CHANGED = "plan_changed", _("Return plan changed")
        PLAN_ATTENTION = "plan_attention", _("Return plan attention points updated")
        CHILD_VOICE = "child_voice", _("The child's voice recorded")
        MEETING = "meeting", _("Meeting recorded")
        NETWORK_TRUST = "network_trust", _("Family's trust in a network member updated")
        CONSENT = "consent", _("Consent recorded")
        HANDOVER = "handover", _("Handover to partner organisation")
        TOOLKIT_STARTED = "toolkit_started", _("Toolkit session with a child started")
        TOOLKIT_ENDED = "toolkit_ended", _("Toolkit session with a child ended")
        SIGNAL = "signal", _("Signal recorded")
        GRIEF = "grief", _("Grief phase or stress reaction noted")
        SCHOOL_HANDOVER = "school_handover", _("School handover saved")
        PARENT_TALK = "parent_talk", _("Parent conversation recorded")
        MONITORING_STARTED = "monitoring_started", _("Monitoring after return started")
        MONITORING_CONTACT = "monitoring_contact", _("Monitoring contact recorded")
        MONITORING_VISIT = "monitoring_visit", _("Monitoring visit recorded")
        ALERT = "alert", _("Monitoring alert raised")
        ALERT_CHANGED = "alert_changed", _("Monitoring alert followed up")
        PROGRESS_REPORT = "progress_report", _("Progress report recorded")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Encrypted (issue 15, H1): the subject can copy a plan item, the child's words or a name.
    subject = EncryptedTextField(max_length=200, blank=True)
    # What generated text needs, rendered in the reader's language at display time
    # (cases/timeline.py); `subject` stays as written for events without parameters.
    params = EncryptedJSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Dutch-side internal: never shown to the partner organisation abroad (access.py).
    internal = models.BooleanField(_("internal to the Dutch team"), default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_subject}"

    @property
    def display_subject(self) -> str:
        """The subject in the reader's language: generated text is rendered from `params`
        (cases/timeline.py); for changes the subject holds field names."""
        from kaketoe.cases import timeline  # the renderers know the other apps' labels

        rendered = timeline.render(self.kind, self.params)
        if rendered is not None:
            return rendered
        if self.kind != self.Kind.CHANGED:
            return self.subject
        names = [name.strip() for name in self.subject.split(",") if name.strip()]
        return ", ".join(str(_field_label(Family, name)) for name in names)


def _field_label(model, name: str) -> str:
    try:
        return model._meta.get_field(name).verbose_name
    except FieldDoesNotExist:  # a field renamed since the event was written
        return name


class BreakGlass(models.Model):
    """Emergency read access to a case by a user who is not on its team, with the reason they
    gave. Time-limited; cases/access.py decides who may and what it allows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_uses"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="break_glass_uses")
    reason = EncryptedTextField(_("reason"))  # may tell why: a child in hospital
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")

    def __str__(self) -> str:
        return f"{self.user} → {self.family_id} ({self.started_at:%Y-%m-%d %H:%M})"
