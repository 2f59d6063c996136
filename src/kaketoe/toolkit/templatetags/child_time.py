"""Time in a toolkit session: Tuki's sun on the child's pages (no numbers) and the minutes used
on the adult's record. The length comes from appendix 6 for the child's age (`minutes` of the
age group `rules.guidance_group` picks); the server renders the current state, so it works
without JavaScript, and static/toolkit/child_time.js moves the sun on while a page stays open."""

from __future__ import annotations

from django import template
from django.utils import timezone

from kaketoe.catalogues.loader import load
from kaketoe.toolkit import rules

register = template.Library()

GUIDANCE = "child_conversation"


def suggested_minutes(child) -> tuple[int, int]:
    """Appendix 6: the (shortest, longest) conversation for this child's age, in minutes."""
    group = rules.guidance_group(child.age(), load(GUIDANCE).data["age_groups"])
    low, high = group["minutes"]
    return low, high


def elapsed_seconds(session, now=None) -> float:
    """Seconds from the start of the session to its end (or to now while it is open)."""
    end = session.ended_at or now or timezone.now()
    return (end - session.started_at).total_seconds()


@register.simple_tag
def child_time(session) -> dict:
    """Where Tuki's sun is now, and whether the child sees the gentle word about a break."""
    now = timezone.now()
    length = suggested_minutes(session.child)[0]
    elapsed = elapsed_seconds(session, now)
    return {
        "step": rules.time_step(elapsed, length),
        "steps": rules.TIME_STEPS,
        "break_due": rules.break_due(elapsed, length),
        "length_seconds": length * 60,
        "started_ms": int(session.started_at.timestamp() * 1000),
        "now_ms": int(now.timestamp() * 1000),
    }


@register.simple_tag
def session_time(session) -> dict:
    """The minutes the session took (so far) and appendix 6's suggestion for this child."""
    low, high = suggested_minutes(session.child)
    return {"used": rules.minutes_used(elapsed_seconds(session)), "low": low, "high": high}
