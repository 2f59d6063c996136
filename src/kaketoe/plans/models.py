"""The return plan of a family (step 1B, handbook §15.1–15.4), the child's voice in it (§13.10),
its versions, and the meetings of the multidisciplinary team (chapter 8)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.models import Family, Person, TeamMember
from kaketoe.crypto import EncryptedJSONField, EncryptedTextField
from kaketoe.plans import rules
from kaketoe.snapshots import Snapshot

TEXT_MAX = 2000


class Domain(models.TextChoices):
    HOUSING = "housing", _("Housing")
    INCOME_WORK = "income_work", _("Income and work")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("(Mental) health care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    SOCIAL_NETWORK = "social_network", _("Social network and activities")
    SAFETY = "safety", _("Safety")
    DOCUMENTS = "documents", _("Documents")
    CHILD_BUDGET = "child_budget", _("Child budget")
    FAREWELL = "farewell", _("Farewell")


class Timing(models.TextChoices):
    BEFORE_DEPARTURE = rules.BEFORE_DEPARTURE, _("Before departure")
    ON_ARRIVAL = rules.ON_ARRIVAL, _("On arrival")
    AFTER_ARRIVAL = rules.AFTER_ARRIVAL, _("Within some months after arrival")


class TextLanguage(models.TextChoices):
    """The language a professional wrote an item's text in (the family version says so)."""

    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Source(models.TextChoices):
    PRECONDITION = "precondition", _("Unmet precondition")
    FACTOR = "factor", _("Risk or protective factor")
    MEASURE = "measure", _("Protective measure")
    MEETING = "meeting", _("Meeting decision")
    CHILD_VOICE = "child_voice", _("The child's own words")
    OTHER = "other", _("Other")


class ReturnPlan(models.Model):
    """One per family. Holds the attention-point checklist; its items hang off the family."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="return_plan")
    attention_catalogue_version = models.CharField(max_length=20, blank=True)
    attention = EncryptedJSONField(default=dict, blank=True)  # the evidence is free text
    attention_version = models.PositiveIntegerField(default=0)
    # Days the busiest owner still needs before departure (rules.needed_days), kept up to date
    # by the services so the caseload can flag a family without a query per row.
    needed_days = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("return plan")
        verbose_name_plural = _("return plans")

    def __str__(self) -> str:
        return f"{self.family} v{self.version}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        KINDGESPREK = "kindgesprek", _("Conversation about the child (kindgesprek)")
        JOINT_1 = "joint_1", _("Joint conversation 1")
        JOINT_2 = "joint_2", _("Joint conversation 2")
        LTO = "lto_referral", _("Referral to the local return consultation (LTO)")
        BEST_INTERESTS_WG = "bic_referral", _("Referral to the best-interests working group")
        TEAM = "team", _("Team meeting")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(
        TeamMember, blank=True, related_name="meetings", verbose_name=_("participants")
    )
    agenda = models.ManyToManyField(
        "PlanItem", blank=True, related_name="on_agenda_of", verbose_name=_("agenda")
    )
    minutes = EncryptedTextField(_("minutes"), max_length=8000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class PlanItem(models.Model):
    """Something to arrange for the whole family (child empty) or for one child."""

    class Status(models.TextChoices):
        OPEN = rules.OPEN, _("Open")
        ARRANGED = rules.ARRANGED, _("Arranged")
        DONE = rules.DONE, _("Done")
        DROPPED = rules.DROPPED, _("Dropped")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="plan_items")
    child = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_items",
        verbose_name=_("child"),
    )
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    what = EncryptedTextField(_("what"), max_length=TEXT_MAX)
    owner_member = models.ForeignKey(
        TeamMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
        verbose_name=_("owner on the team"),
    )
    owner_organisation = models.CharField(_("or owning organisation"), max_length=150, blank=True)
    timing = models.CharField(
        _("due"), max_length=16, choices=Timing.choices, default=Timing.BEFORE_DEPARTURE
    )
    months = models.PositiveSmallIntegerField(_("months after arrival"), null=True, blank=True)
    weeks_needed = models.PositiveSmallIntegerField(_("weeks needed to arrange"), default=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    drop_reason = models.CharField(_("reason for dropping"), max_length=500, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.OTHER
    )
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    # The family version of the plan (issue 14 §4) shows only the items shared with the family;
    # their `what` as written, marked with the language it was written in.
    share_with_family = models.BooleanField(
        _("share with the family"),
        default=False,
        help_text=_("Show this item in the family version of the plan, in the family's language."),
    )
    text_language = models.CharField(
        _("written in"), max_length=2, choices=TextLanguage.choices, default=TextLanguage.DUTCH
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_id", "domain", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.what[:60]

    def clean(self):
        errors = {}
        if rules.drop_needs_reason(self.status, self.drop_reason):
            errors["drop_reason"] = _("Say why this item is dropped.")
        if not rules.months_fit_timing(self.timing, self.months):
            errors["months"] = (
                _("Say within how many months after arrival (1 or more).")
                if self.timing == rules.AFTER_ARRIVAL
                else _("Months only apply to 'within some months after arrival'.")
            )
        if self.child_id and self.child.family_id != self.family_id:
            errors["child"] = _("This child is not in this family.")
        if self.owner_member_id and self.owner_member.family_id != self.family_id:
            errors["owner_member"] = _("This person is not on the family's team.")
        if self.owner_member_id and self.owner_organisation.strip():
            errors["owner_organisation"] = _("Choose a team member or an organisation, not both.")
        if self.weeks_needed is not None and not 1 <= self.weeks_needed <= 52:
            errors["weeks_needed"] = _("Between 1 and 52 weeks.")
        if errors:
            raise ValidationError(errors)

    @property
    def owner_name(self) -> str:
        if self.owner_member_id:
            return self.owner_member.display_name
        return self.owner_organisation

    @property
    def owner_key(self) -> str:
        if self.owner_member_id:
            return f"member:{self.owner_member_id}"
        return f"org:{self.owner_organisation}" if self.owner_organisation else ""

    def work(self) -> rules.Work:
        return rules.Work(self.status, self.timing, self.months, self.weeks_needed, self.owner_key)

    def due_on(self, departure: date | None) -> date | None:
        return rules.due_date(self.timing, self.months, departure)

    def state(self, departure: date | None, today: date) -> str:
        return rules.item_state(self.work(), departure, today)

    @property
    def is_open(self) -> bool:
        return self.status in rules.UNFINISHED


class ChildVoice(models.Model):
    """What a child said matters to them, and how the plan answers it: entered by a professional
    (`said`), or linked to an answer the child flagged for the return plan in a toolkit session
    (`toolkit_answer`; the child's words stay in the toolkit, not copied here)."""

    class TakenIntoAccount(models.TextChoices):
        NOT_YET = "", _("Not decided yet")
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="voices")
    said = EncryptedTextField(_("what the child said matters"), max_length=TEXT_MAX, blank=True)
    toolkit_answer = models.OneToOneField(
        "toolkit.Answer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plan_voice",
        verbose_name=_("the child's answer in a toolkit session"),
    )
    heard_how = models.CharField(
        _("how and where it was said"),
        max_length=200,
        blank=True,
        help_text=_("For example 'in the booklet, part C' or 'second kindgesprek'."),
    )
    answered_by = models.ManyToManyField(
        PlanItem, blank=True, related_name="answers_to", verbose_name=_("answered by plan items")
    )
    taken_into_account = models.CharField(
        _("taken into account"), max_length=8, choices=TakenIntoAccount.choices, blank=True
    )
    because = EncryptedTextField(_("because"), max_length=TEXT_MAX, blank=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_id", "recorded_at", "pk"]
        verbose_name = _("the child's voice")
        verbose_name_plural = _("the child's voice")

    def __str__(self) -> str:
        return self.said[:60]

    @property
    def quote(self) -> str:
        """The child's words: the linked toolkit answer's (as the child wrote them) or `said`."""
        return self.toolkit_answer.words if self.toolkit_answer_id else self.said

    def clean(self):
        errors = {}
        if self.toolkit_answer_id is None and not self.said.strip():
            errors["said"] = _("Write down what the child said.")
        if self.toolkit_answer_id and self.toolkit_answer.child_id != self.child_id:
            errors["toolkit_answer"] = _("This answer is not this child's.")
        if self.taken_into_account in {"partly", "no"} and not self.because.strip():
            errors["because"] = _("Say why the plan takes this only partly or not into account.")
        if errors:
            raise ValidationError(errors)


class PlanVersion(Snapshot):
    """Every saved change to the plan: who, when, what changed, and the whole plan as it was."""

    plan = models.ForeignKey(ReturnPlan, on_delete=models.CASCADE, related_name="versions")
    # Copies of the plan's free text (issue 15, H1): encrypted like the item, voice or minutes.
    subject = EncryptedTextField(max_length=200)
    changes = EncryptedJSONField(default=list)
    # What was saved ("item:12", "voice:3", "meeting:4", "attention") and the version it got:
    # a refused concurrent save lists the changes made after the version its editor saw.
    object_key = models.CharField(max_length=40, db_index=True)
    object_version = models.PositiveIntegerField(default=0)

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_snapshot_per_number")
        ]
