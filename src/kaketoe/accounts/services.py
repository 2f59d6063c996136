"""Two-factor login: password first, then a TOTP code (enrolling a device on first login)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts import activation, rules
from kaketoe.accounts.models import ApiToken, Grant, Membership, ResetRequest
from kaketoe.audit.services import Action, record

PENDING = "kaketoe_pending_user"


def totp_device(user, *, create: bool = False) -> TOTPDevice | None:
    """The user's confirmed device, or with create=True their (new) unconfirmed one."""
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed or not create:
        return confirmed
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = BytesIO()
    image.save(out)
    return out.getvalue().decode()


def pending_user(request):
    pk = request.session.get(PENDING)
    if pk is None:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def current_code(device: TOTPDevice) -> str:
    """The code the user's app shows right now (demo logins and scripted browser checks)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def revoke_api_tokens(request, user, why: str) -> int:
    """End every API token of `user` with their sessions (log out everywhere, a new password)."""
    count = ApiToken.objects.filter(user=user).revoke()
    if count:
        record(
            request, Action.CHANGE, user, user=user, detail=f"api tokens revoked ({why}): {count}"
        )
    return count


def add_colleague(request, organisation, data: dict, *, by=None):
    """Create an inactive user in the admin's organisation, waiting for a second person's
    approval (issue 15, M1). Nobody knows a password: on approval the colleague gets a one-use
    link by e-mail to choose one and enrol their own authenticator (accounts/activation.py)."""
    user = get_user_model().objects.create_user(
        username=data["username"],
        email=data["email"],
        password=None,  # unusable until the colleague chooses one through the link
        first_name=data["first_name"],
        last_name=data["last_name"],
        is_active=False,
    )
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=data["role"],
        sees_all_organisation_cases=data["sees_all_organisation_cases"],
        language="en" if organisation.is_abroad_partner else "",  # English abroad by default
        may_enrol_at_login=False,
    )
    by = by if by is not None else request.user  # the demo data passes the administrator
    record(request, Action.CREATE, user, user=by, detail=f"role={data['role']}")
    return _ask(
        request,
        user,
        Grant.Kind.NEW_ACCOUNT,
        data["role"],
        data["sees_all_organisation_cases"],
        by=by,
    )


def _ask(request, user, kind: str, role: str, sees_all: bool, *, by=None) -> Grant:
    by = by if by is not None else request.user
    waiting = Grant.objects.filter(user=user, status=Grant.Status.PENDING)
    if waiting.filter(kind=Grant.Kind.NEW_ACCOUNT).exists():
        kind = Grant.Kind.NEW_ACCOUNT  # a new account's role changed before approval
    waiting.update(
        status=Grant.Status.REJECTED,
        decided_at=timezone.now(),  # superseded by this one
    )
    grant = Grant.objects.create(
        organisation=user.membership.organisation,
        user=user,
        kind=kind,
        role=role,
        sees_all_organisation_cases=sees_all,
        requested_by=by,
    )
    detail = f"grant asked: {kind} role={role} all={sees_all}"
    record(request, Action.CREATE, grant, user=by, detail=detail)
    return grant


def change_role(request, membership, role: str, sees_all: bool) -> Grant | None:
    """A new role or organisation-wide visibility: waits for a second person when it adds
    access (rules.needs_second_person); taking visibility away applies at once. A new account
    still waiting for approval gets its request replaced instead."""
    waiting_new = Grant.objects.filter(
        user=membership.user, status=Grant.Status.PENDING, kind=Grant.Kind.NEW_ACCOUNT
    ).exists()
    if waiting_new or rules.needs_second_person(
        role,
        sees_all,
        from_role=membership.role,
        from_sees_all=membership.sees_all_organisation_cases,
    ):
        return _ask(request, membership.user, Grant.Kind.ROLE, role, sees_all)
    Membership.objects.filter(pk=membership.pk).update(
        role=role, sees_all_organisation_cases=sees_all
    )
    record(request, Action.CHANGE, membership.user, detail=f"role={role} all={sees_all}")
    return None


def reset_authenticator(request, membership) -> Grant | None:
    """A lost authenticator: for roles that see cases a second person approves first; then the
    devices and recovery codes go, sessions and tokens end, and a one-use link is mailed."""
    if rules.reset_needs_second_person(membership.role):
        return _ask(
            request,
            membership.user,
            Grant.Kind.AUTHENTICATOR,
            membership.role,
            membership.sees_all_organisation_cases,
        )
    _clear_authenticator(request, membership.user)
    return None


def _clear_authenticator(request, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(request, user, "authenticator reset")
    Membership.objects.filter(user=user).update(may_enrol_at_login=False)
    record(request, Action.CHANGE, user, detail="authenticator reset")
    activation.send_link(request, user)


@transaction.atomic
def decide(request, grant: Grant, approve: bool) -> None:
    """Approve or reject a waiting grant; the caller checked rules.may_decide."""
    grant.status = Grant.Status.APPROVED if approve else Grant.Status.REJECTED
    grant.decided_by, grant.decided_at = request.user, timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    record(request, Action.CHANGE, grant, detail=f"grant {grant.status}: {grant.kind}")
    if not approve:
        return
    user = grant.user
    if grant.kind == Grant.Kind.NEW_ACCOUNT:
        Membership.objects.filter(user=user).update(
            role=grant.role, sees_all_organisation_cases=grant.sees_all_organisation_cases
        )
        get_user_model().objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        activation.send_link(request, user)
    elif grant.kind == Grant.Kind.ROLE:
        Membership.objects.filter(user=user).update(
            role=grant.role, sees_all_organisation_cases=grant.sees_all_organisation_cases
        )
        record(
            request,
            Action.CHANGE,
            user,
            detail=f"role={grant.role} all={grant.sees_all_organisation_cases}",
        )
    else:
        _clear_authenticator(request, user)


def end_sessions(request, user, why: str) -> None:
    """End every session and API token of `user` at once (as "log out everywhere" does)."""
    Membership.objects.filter(user=user).update(session_version=F("session_version") + 1)
    revoke_api_tokens(request, user, why)


def deactivate(request, membership) -> None:
    user = membership.user
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    Membership.objects.filter(pk=membership.pk).update(deactivated_at=timezone.now())
    end_sessions(request, user, "deactivated")
    record(request, Action.CHANGE, user, detail="deactivated")


def reactivate(request, membership) -> None:
    """Only an account the administrator deactivated; a new one waits for its approval."""
    get_user_model().objects.filter(pk=membership.user_id).update(is_active=True)
    Membership.objects.filter(pk=membership.pk).update(deactivated_at=None)
    record(request, Action.CHANGE, membership.user, detail="reactivated")


def make_recovery_codes(request, user, count: int = 10) -> list[str]:
    """New recovery codes for the second factor; the old ones stop working. Shown once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recovery"})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record(request, Action.CHANGE, user, user=user, detail=f"recovery codes made: {count}")
    return codes


def recovery_device(user, code: str) -> StaticDevice | None:
    """The user's recovery-code device if `code` is one of its unused codes (then used up)."""
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code.strip().lower()):
            return device
    return None


def update_organisation(request, organisation, changed: list[str]) -> None:
    organisation.save()
    record(request, Action.CHANGE, organisation, detail="settings: " + ", ".join(changed))


# Password reset requests per hour: per e-mail address (so nobody floods a colleague's inbox)
# and per client address (so nobody walks through a list of addresses).
RESET_LIMITS = {"email": 3, "ip": 20}
RESET_WINDOW = timedelta(hours=1)


@transaction.atomic
def reset_allowed(email: str, ip: str | None) -> bool:
    """Count a reset request; False once the address or the client has asked too often."""
    now = timezone.now()
    ResetRequest.objects.filter(at__lt=now - 24 * RESET_WINDOW).delete()  # nothing kept long
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    recent = ResetRequest.objects.filter(at__gte=now - RESET_WINDOW)
    if recent.filter(email_digest=digest).count() >= RESET_LIMITS["email"] or (
        ip and recent.filter(ip=ip).count() >= RESET_LIMITS["ip"]
    ):
        return False
    ResetRequest.objects.create(at=now, email_digest=digest, ip=ip)
    return True
