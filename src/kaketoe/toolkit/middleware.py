"""While a browser is in child mode, every page outside that child session leads back into it.

Typed URLs, the back button, links and form posts all end up on the child's start page; only the
child pages of the locked session, the PIN page among them, logging out and static files pass.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from kaketoe.toolkit import lock, rules


class ChildModeLockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        held = lock.current(request)
        if held and not self._allowed(request.path_info, held):
            return redirect(
                reverse(
                    "toolkit:child_home",
                    kwargs={
                        "pk": held["family"],
                        "child_pk": held["child"],
                        "session_pk": held["session"],
                    },
                )
            )
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str, held: dict) -> bool:
        if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return rules.allowed_in_child_mode(match.view_name, match.kwargs, held)
