"""Append-only log of every read and write of case data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        DENIED = "denied", _("was refused")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed to log in")
        LOGOUT = "logout", _("logged out")
        EXPORT = "export", _("exported")
        SEARCH = "search", _("searched")
        BREAK_GLASS = "break_glass", _("used emergency access")
        ERASE = "erase", _("erased")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Plain columns, not foreign keys: the log must outlive what it describes.
    actor_id = models.IntegerField(null=True, blank=True, db_index=True)
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    family_id = models.IntegerField(null=True, blank=True, db_index=True)
    path = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    # Tamper evidence: each event carries the hash of the one before it, and its own hash is an
    # HMAC under the audit key named by key_id (the key itself is never stored: audit/chain.py).
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    key_id = models.CharField(max_length=12, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # The privacy officer's filters (case, username, period) in the log's own order.
        indexes = [
            models.Index(fields=["family_id", "at", "id"], name="audit_family_at"),
            models.Index(fields=["actor_username", "at", "id"], name="audit_username_at"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainHead(models.Model):
    """One row: the hash of the newest event, how many there are and the key they were chained
    with. Locked while an event is added, so the chain stays a single line even with several app
    servers writing at once."""

    last_hash = models.CharField(max_length=64, blank=True)
    events = models.PositiveBigIntegerField(default=0)
    key_id = models.CharField(max_length=12, blank=True)

    def __str__(self) -> str:
        return self.last_hash[:12]


class ErasureRequestQuerySet(models.QuerySet):
    def open_first(self) -> ErasureRequestQuerySet:
        waiting = Case(When(status=ErasureRequest.Status.REQUESTED, then=0), default=1)
        return self.order_by(waiting, "-requested_at", "-pk")


class ErasureRequest(models.Model):
    """A data subject's request to erase a family's personal data (GDPR art. 17), asked for by one
    privacy officer and decided by another (audit/rules.py, audit/erasure.py, docs/erasure.md).

    Approval and the erasure itself are one transaction, so an approved request is carried out."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for a second privacy officer")
        REJECTED = "rejected", _("rejected")
        CARRIED_OUT = "carried_out", _("approved and carried out")

    # The case may be deleted one day; its number stays, so the record of the erasure survives.
    family = models.ForeignKey(
        "cases.Family",
        null=True,
        on_delete=models.SET_NULL,
        related_name="erasure_requests",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case number"), max_length=20)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation of the requester"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("who asked, and on what ground"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), max_length=2000, blank=True)
    # What the erasure touched: model label -> number of records (retention.Erasure.rows).
    erased_rows = models.JSONField(_("records erased"), default=dict, blank=True)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(status="requested"),
                name="one_open_erasure_request_per_family",
            )
        ]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self) -> str:
        return f"{self.case_reference}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED


class ListedFamily(models.Model):
    """A family that a list or an export showed, linked to the one audit event of that page or
    file (audit/listing.py), so the privacy officer finds the event from each case it showed.
    Plain columns like the event's; the event's detail carries a digest of the listed ids, so
    the chain vouches for these rows too. Added, never changed."""

    event_id = models.BigIntegerField()
    family_id = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["event_id"], name="audit_listed_event"),
            models.Index(fields=["family_id", "event_id"], name="audit_listed_family"),
        ]

    def __str__(self) -> str:
        return f"event {self.event_id} listed family {self.family_id}"
