"""Monitoring after return (step 3, handbook chapter 7 and appendix 9): the schedule, checklist
visits with their scores, alerts, progress reports and the reminders sent about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaketoe.cases.models import Family, Person
from kaketoe.crypto import EncryptedTextField
from kaketoe.monitoring import rules
from kaketoe.plans.models import PlanItem

TEXT_MAX = 4000


class ScheduledWork(models.Model):
    """One planned contact: the first contact, a progress report or a checklist visit."""

    class Kind(models.TextChoices):
        FIRST_CONTACT = rules.FIRST_CONTACT, _("First contact after arrival")
        PROGRESS_REPORT = rules.PROGRESS_REPORT, _("Progress report")
        VISIT = rules.VISIT, _("Monitoring visit")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="scheduled_work")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("month after arrival"), default=0)
    opens_on = models.DateField(_("window opens"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "kind", "pk"]
        verbose_name = _("scheduled monitoring work")
        verbose_name_plural = _("scheduled monitoring work")
        constraints = [
            models.UniqueConstraint(
                fields=["family", "kind", "number"], name="one_planned_work_per_kind_and_month"
            )
        ]
        indexes = [
            # queries.open_work: a family's open work, with everything its order needs, read
            # from the index alone.
            models.Index(
                fields=["family", "opens_on", "due_on", "kind", "id"],
                condition=models.Q(done_on__isnull=True),
                name="open_work_by_family",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.Kind.FIRST_CONTACT:
            return str(self.get_kind_display())
        return _("%(kind)s at %(month)s months") % {
            "kind": self.get_kind_display(),
            "month": self.number,
        }

    def state(self, today) -> str:
        return rules.work_state(self.opens_on, self.due_on, self.done_on, today)


class MonitoringVisit(models.Model):
    """The checklist of appendix 9 filled in for one child at 6, 12 or 18 months."""

    class Month(models.IntegerChoices):
        SIX = 6, _("6 months")
        TWELVE = 12, _("12 months")
        EIGHTEEN = 18, _("18 months")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="monitoring_visits")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monitoring_visits")
    month = models.PositiveSmallIntegerField(_("monitoring round"), choices=Month.choices)
    visit_date = models.DateField(_("visit date"))
    catalogue_version = models.CharField(max_length=20)
    ratings = models.JSONField(default=list)  # as entered: [{"domain", "indicators", "level"}]
    domains = models.JSONField(default=dict)  # as scored: {domain: {"level", "points", ...}}
    total_points = models.PositiveSmallIntegerField(default=0)
    max_points = models.PositiveSmallIntegerField(default=0)
    complete = models.BooleanField(default=False)
    window_reason = EncryptedTextField(
        _("why the visit is outside its window"), max_length=1000, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["child_id", "month"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        constraints = [
            models.UniqueConstraint(fields=["child", "month"], name="one_visit_per_child_and_month")
        ]

    def __str__(self) -> str:
        return f"{self.child} @ {self.month}"

    def domain_level(self, domain: str) -> str | None:
        return (self.domains.get(domain) or {}).get("level")

    @property
    def domains_rated(self) -> int:
        return len(self.domains)

    def lowest_level_domains(self) -> list[str]:
        from kaketoe.monitoring import checklist, scoring

        return scoring.lowest_level_domains(checklist.load(self.catalogue_version), self.domains)

    def as_data(self) -> dict:
        """The visit as the API and the pages show it. The per-domain profile is the result;
        `total_points` is kept for systems that read it, but is not a handbook measure."""
        return {
            "id": self.pk,
            "child": self.child_id,
            "month": self.month,
            "visit_date": self.visit_date.isoformat(),
            "domains": {
                code: {key: value[key] for key in ("level", "points", "max_points")}
                for code, value in self.domains.items()
            },
            "domains_rated": self.domains_rated,
            "lowest_level_domains": self.lowest_level_domains(),
            "total_points": self.total_points,
            "max_points": self.max_points,
            "complete": self.complete,
            "window_reason": self.window_reason,
            "alerts": [alert.as_data() for alert in self.alerts.all()],
        }


class Alert(models.Model):
    """A critical level or indicator at a visit: owned, followed up and closed with a note.
    A watch is the same, for a level the handbook says needs time (education, social
    integration at 6 months)."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("critical")
        WATCH = "watch", _("watch")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="monitoring_alerts")
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="monitoring_alerts")
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="alerts")
    domain = models.CharField(_("domain"), max_length=32)
    level = models.CharField(_("level"), max_length=40, blank=True)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.CRITICAL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_alerts",
        verbose_name=_("owner"),
    )
    follow_up = EncryptedTextField(_("follow-up"), max_length=TEXT_MAX, blank=True)
    closing_note = EncryptedTextField(_("closing note"), max_length=TEXT_MAX, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["closed_at", "-raised_at", "pk"]
        verbose_name = _("monitoring alert")
        verbose_name_plural = _("monitoring alerts")

    def __str__(self) -> str:
        return f"{self.child}: {self.indicator or self.level}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def title(self) -> str:
        """The domain and the level or indicator in words, in the reader's language."""
        from django.utils.translation import get_language

        from kaketoe.monitoring import checklist

        appendix9, language = checklist.load(), get_language()  # codes are stable per version
        domain = appendix9.domain(self.domain)
        if domain is None:
            return self.indicator or self.domain
        name = checklist.label(domain.title, language)
        indicator = appendix9.indicators.get(self.indicator)
        if indicator is not None:
            return f"{name}: {checklist.label(indicator.text, language)}"
        level = domain.level(self.level)
        return f"{name}: {checklist.label(level.title, language)}" if level else name

    def as_data(self) -> dict:
        return {
            "id": self.pk,
            "domain": self.domain,
            "level": self.level,
            "indicator": self.indicator,
            "severity": self.severity,
            "open": self.is_open,
        }


class EarlyClosing(models.Model):
    """A case closed before the year of monitoring was over, and why (issue 16 §4)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="early_closings")
    reason = EncryptedTextField(_("why the case is closed before the monitoring year is over"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-closed_at", "-pk"]
        verbose_name = _("early closing")
        verbose_name_plural = _("early closings")

    def __str__(self) -> str:
        return f"{self.family} {self.closed_at:%Y-%m-%d}"


class ProgressReport(models.Model):
    """Every two months: how each plan item goes, new needs, and the family's own view."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="progress_reports")
    reported_on = models.DateField(_("date of the evaluation conversation"))
    month = models.PositiveSmallIntegerField(_("month after arrival"), null=True, blank=True)
    family_view = EncryptedTextField(
        _("the family's own view"), max_length=TEXT_MAX, help_text=_("In the family's words.")
    )
    new_needs = EncryptedTextField(_("new needs"), max_length=TEXT_MAX, blank=True)
    plan_version = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.family} {self.reported_on}"


class ProgressLine(models.Model):
    """What the report says about one return-plan item."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(PlanItem, null=True, on_delete=models.SET_NULL, related_name="+")
    what = EncryptedTextField(max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=PlanItem.Status.choices)
    notes = EncryptedTextField(_("notes"), max_length=TEXT_MAX, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.what[:60]


class SentReminder(models.Model):
    """A reminder or alert mail that went out: the same one is never sent twice."""

    work = models.ForeignKey(
        ScheduledWork, null=True, on_delete=models.CASCADE, related_name="reminders"
    )
    alert = models.ForeignKey(Alert, null=True, on_delete=models.CASCADE, related_name="reminders")
    state = models.CharField(max_length=10)  # soon, due, overdue, alert
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["work", "state", "recipient"],
                condition=models.Q(work__isnull=False),
                name="one_reminder_per_work_state",
            ),
            models.UniqueConstraint(
                fields=["alert", "recipient"],
                condition=models.Q(alert__isnull=False),
                name="one_mail_per_alert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.state}"
