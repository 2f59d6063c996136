"""Lockout of failed logins (django-axes), per username and address plus a limit per address.

- Five failures (KAKETOE_LOCKOUT_FAILURES) of one username from one address lock that pair:
  nobody else can lock a user out of the address they work from.
- KAKETOE_LOCKOUT_ADDRESS_FAILURES failures from one address, whatever the usernames, lock the
  address: spraying usernames or passwords from one place stops there.
Both last KAKETOE_LOCKOUT_MINUTES. The attempts are rows in the database (axes' database
handler), so the counts hold across every worker and app server. The address is the one the
audit log records (KAKETOE_BEHIND_PROXY: the last X-Forwarded-For hop).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from kaketoe.audit.services import client_ip


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same client address as the audit log."""
    return client_ip(request)


def address_failures(request) -> int:
    """Failed logins from the request's address within the lockout time, any username."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PairAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler with the address limit on top of its per-pair count."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.KAKETOE_LOCKOUT_ADDRESS_FAILURES:
            return max(failures, get_failure_limit(request, credentials))
        return failures
