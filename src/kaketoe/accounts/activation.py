"""The one-use link by which a colleague activates their account, or enrols a new authenticator
after a reset (issue 15, M1): they choose their own password and enrol their own authenticator.
Nobody else ever sees that password.

Django's signed tokens (like the password reset) with their own salt; a link stops working once
the password is chosen or an authenticator is confirmed, and after KAKETOE_PASSWORD_RESET_MINUTES.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override

from kaketoe.audit.services import Action, record


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "kaketoe.accounts.activation"

    def _make_hash_value(self, user, timestamp):
        devices = user.totpdevice_set.filter(confirmed=True).values_list("pk", flat=True)
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{list(devices)}"


tokens = ActivationTokenGenerator()


def link_for(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:activate", kwargs={"uidb64": uid, "token": tokens.make_token(user)})
    return settings.KAKETOE_BASE_URL.rstrip("/") + path


def send_link(request, user) -> bool:
    """Mail the one-use link to the user's own address (in their interface language)."""
    if not user.email:
        record(request, Action.CHANGE, user, detail="activation link: no e-mail address")
        return False
    language = getattr(getattr(user, "membership", None), "language", "") or settings.LANGUAGE_CODE
    with override(language):
        subject = _("Activate your Kaketoe account")
        body = render_to_string(
            "accounts/activate_email.txt", {"user": user, "link": link_for(user)}
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    record(request, Action.CHANGE, user, detail="activation link sent")
    return True
