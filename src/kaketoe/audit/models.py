"""Append-only log of every read and write of case data."""

from __future__ import annotations

from django.db import models
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
        ERASE = "erase", _("erased (retention)")

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
    # Tamper evidence: each event carries the hash of the one before it (see audit/chain.py).
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

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
    """One row: the hash of the newest event. Locked while an event is added, so the chain
    stays a single line even with several app servers writing at once."""

    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.last_hash[:12]
