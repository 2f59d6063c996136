"""Throttling per token: each token has its own budget; a session shares the user's budget.

Counted in the shared cache (kaketoe/shared_cache.py), so the budget is one for all workers and
app servers: a counter per fixed window of the rate's length (for 1200/hour: each clock hour),
added to atomically. (DRF's own throttle keeps a list of every request's time in the cache and
writes it back whole, so concurrent requests in other workers overwrite each other's counts.)
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from kaketoe.accounts.models import ApiToken
from kaketoe.shared_cache import count_hit


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        count = count_hit(self.cache, f"{key}-{window}", self.window_end - self.now + 1)
        return count <= self.num_requests

    def wait(self) -> float:
        """Seconds until the next window (the Retry-After header of a 429)."""
        return max(self.window_end - self.now, 0.0)
