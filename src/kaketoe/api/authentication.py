"""Who is calling the API: a bearer token (stored hashed, revocable) or a two-factor session.

The project's TwoFactorRequiredMiddleware lets API views through (they answer 401, not a
redirect to the login page); these classes are where the API insists on the same: a session
counts only once both factors are done.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from kaketoe.accounts.models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send exactly one token: 'Bearer <token>'."))
        token = ApiToken.find_active(header[1].decode("latin-1"))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is unknown or revoked."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="kaketoe"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The browser's session, only after the second factor (and with CSRF on writes)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not getattr(result[0], "is_verified", lambda: False)():
            return None
        return result
