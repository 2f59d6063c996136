"""Every page needs a user who logged in with both factors, except pages marked public."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login


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
        if getattr(view_func, "kaketoe_public", False):
            return None
        if request.user.is_authenticated and request.user.is_verified():
            return None
        return redirect_to_login(request.get_full_path())
