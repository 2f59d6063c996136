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
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts.models import ApiToken, Membership, ResetRequest
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


def add_colleague(request, organisation, data: dict):
    """Create a user in the admin's organisation with a one-time password; 2FA is set up at
    first login. Returns (user, password) — the password is shown once, never stored plainly."""
    password = get_random_string(20)
    user = get_user_model().objects.create_user(
        username=data["username"],
        email=data["email"],
        password=password,
        first_name=data["first_name"],
        last_name=data["last_name"],
    )
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=data["role"],
        sees_all_organisation_cases=data["sees_all_organisation_cases"],
        language="en" if organisation.is_abroad_partner else "",  # English abroad by default
        must_change_password=True,  # the one-time password is changed at first login
    )
    record(request, Action.CREATE, user, detail=f"role={data['role']}")
    return user, password


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
