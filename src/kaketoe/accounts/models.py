"""Organisations, the people who work in them, and their role (handbook chapter 8)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class AttentionArea(models.TextChoices):
    """The three attention areas around the child, plus the informal network (chapter 8)."""

    LEGAL = "legal", _("Legal")
    PSYCHOSOCIAL = "psychosocial_medical", _("Psychosocial & medical")
    RETURN_GUIDANCE = "return_guidance", _("Return guidance")
    INFORMAL = "informal", _("Informal network")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        RETURN_AUTHORITY = "return_authority", _("Return authority (DT&V)")
        RECEPTION = "reception", _("Reception / case management (COA)")
        RETURN_ORGANISATION = "return_organisation", _("Return organisation")
        LEGAL_AID = "legal_aid", _("Legal aid")
        CARE = "care", _("Medical / psychosocial care")
        SCHOOL = "school", _("School")
        GUARDIANSHIP = "guardianship", _("Guardianship (Nidos)")
        PARTNER_ABROAD = "partner_abroad", _("Partner organisation in the country of return")
        NGO = "ngo", _("Other NGO")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    country = CountryField(_("country"), default="NL")
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_abroad_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER_ABROAD


class Role(models.TextChoices):
    REGIEVOERDER = "regievoerder", _("Return officer (regievoerder)")
    CASE_MANAGER = "casemanager", _("Case manager")
    COUNSELLOR = "counsellor", _("Return counsellor")
    LAWYER = "lawyer", _("Lawyer")
    TEACHER = "teacher", _("Teacher")
    CARE_WORKER = "careworker", _("Care worker")
    GUARDIAN = "guardian", _("Guardian")
    PARTNER = "partner", _("Partner organisation worker")
    PRIVACY_OFFICER = "privacy", _("Privacy officer")
    ORG_ADMIN = "orgadmin", _("Organisation administrator")


ROLE_AREA = {
    Role.REGIEVOERDER: AttentionArea.RETURN_GUIDANCE,
    Role.CASE_MANAGER: AttentionArea.PSYCHOSOCIAL,
    Role.COUNSELLOR: AttentionArea.RETURN_GUIDANCE,
    Role.LAWYER: AttentionArea.LEGAL,
    Role.TEACHER: AttentionArea.PSYCHOSOCIAL,
    Role.CARE_WORKER: AttentionArea.PSYCHOSOCIAL,
    Role.GUARDIAN: AttentionArea.PSYCHOSOCIAL,
    Role.PARTNER: AttentionArea.RETURN_GUIDANCE,
}


class Membership(models.Model):
    """A user's place in one organisation. Access to cases is decided in cases/access.py."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sees_all_organisation_cases = models.BooleanField(
        _("sees every case of the organisation"),
        default=False,
        help_text=_(
            "Granted explicitly, e.g. to a team lead: every family on whose team "
            "a colleague of this organisation works."
        ),
    )
    language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    # "Log out everywhere" raises it; a session that logged in under an older number is ended
    # (accounts/middleware.py).
    session_version = models.PositiveIntegerField(default=1, editable=False)
    # A one-time password from the organisation administrator: change it before anything else.
    must_change_password = models.BooleanField(default=False, editable=False)
    # False for a new colleague and after a reset authenticator: an authenticator is enrolled only
    # through the one-use link sent by e-mail (accounts/activation.py), never at a plain login.
    may_enrol_at_login = models.BooleanField(default=True, editable=False)
    # Set while the administrator has deactivated the account (is_active is then off too).
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.organisation})"

    @property
    def attention_area(self) -> str:
        return ROLE_AREA.get(self.role, AttentionArea.RETURN_GUIDANCE)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry():
    """When a token issued now stops working: KAKETOE_API_TOKEN_DAYS from now."""
    return timezone.now() + timedelta(days=settings.KAKETOE_API_TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def revoke(self) -> int:
        """Revoke the still active ones; returns how many."""
        return self.active().update(revoked_at=timezone.now())


class ApiToken(models.Model):
    """A bearer token for the REST API. Only the hash is stored; the token is shown once.

    It works until `expires_at` (KAKETOE_API_TOKEN_DAYS after it was issued) or until it is
    revoked: by its owner on the tokens page, or with all of the user's tokens when they log out
    everywhere or get a new password (accounts/services.py, revoke_api_tokens)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=token_expiry)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple[ApiToken, str]:
        raw = "kkt_" + secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            name=name,
            key_hash=hash_token(raw),
            prefix=raw[:8],
            created_at=now,
            expires_at=now + timedelta(days=settings.KAKETOE_API_TOKEN_DAYS),
        )
        return token, raw

    @classmethod
    def find_active(cls, raw: str) -> ApiToken | None:
        return cls.objects.active().filter(key_hash=hash_token(raw)).first()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ResetRequest(models.Model):
    """One "forgot your password" request, kept for an hour or so to limit how often an address
    or a client may ask. Kept in the database (not a per-process cache) so the limits hold
    across app servers. The address is stored only as a hash."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    email_digest = models.CharField(max_length=64, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"reset request {self.at:%Y-%m-%d %H:%M}"


class Grant(models.Model):
    """A change of someone's access that waits for a second person (issue 15, M1): a new
    colleague, a new role or organisation-wide visibility, or a reset authenticator. The
    administrator who asks can never approve it (accounts/rules.py, may_decide)."""

    class Kind(models.TextChoices):
        NEW_ACCOUNT = "new_account", _("New colleague")
        ROLE = "role", _("Change of role")
        AUTHENTICATOR = "authenticator", _("Reset authenticator")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    sees_all_organisation_cases = models.BooleanField(
        _("sees every case of the organisation"), default=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
