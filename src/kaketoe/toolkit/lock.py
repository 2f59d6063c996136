"""Child mode on this browser: a flag in the (server-side) session that locks it to one child
session. ChildModeLockMiddleware enforces it; only services.leave_child_mode (the PIN) or
logging out (which flushes the session) lift it."""

from __future__ import annotations

SESSION_KEY = "toolkit_child_mode"


def engage(request, session) -> None:
    request.session[SESSION_KEY] = {
        "session": session.pk,
        "family": session.family_id,
        "child": session.child_id,
    }
    request.session.cycle_key()


def current(request) -> dict | None:
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def holds(request, session) -> bool:
    """Is this browser in child mode for exactly this session?"""
    lock = current(request)
    return bool(lock and lock.get("session") == session.pk)


def release(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
