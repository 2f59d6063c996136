"""Every page needs a user who logged in with both factors, except pages marked public.

Also: a session started before the user's last "log out everywhere" is ended, and a user with a
one-time password from their administrator changes it before anything else.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

SESSION_VERSION = "kaketoe_session_version"


def public(view):
    """Mark a view as reachable without login (login steps, language switch)."""
    view.kaketoe_public = True
    return view


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        membership = _membership(request)
        if membership and request.session.get(SESSION_VERSION, 1) != membership.session_version:
            logout(request)  # logged out everywhere since this session began
            membership = None
        if getattr(view_func, "kaketoe_public", False):
            return None
        if request.user.is_authenticated and request.user.is_verified():
            if (
                membership
                and membership.must_change_password
                and not getattr(view_func, "kaketoe_password_change", False)
            ):
                return redirect(reverse("accounts:password") + "?required=1")
            return None
        return redirect_to_login(request.get_full_path())


def _membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "membership", None)


def password_change_allowed(view):
    """Reachable while the one-time password must still be changed (the page, logout)."""
    view.kaketoe_password_change = True
    return view
