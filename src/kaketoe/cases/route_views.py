"""The route map page: every step with what its evidence still misses, the notes that settle a
piece, and marking a step done against the evidence (cases/route_map.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.audit.services import Action, record
from kaketoe.cases import access, route_map, rules


def route(request, pk: int, status: int = 200, problem: dict | None = None):
    family = access.get_family(request, pk)
    if request.method == "GET":
        record(request, Action.VIEW, family, detail="route map")
    return render(
        request,
        "cases/route.html",
        {
            "family": family,
            "steps": route_map.route_map(family),
            "can_edit": access.can_edit_family(request.user, family),
            "min_reason": rules.OVERRIDE_MIN_REASON,
            "problem": problem or {},
        },
        status=status,
    )


@require_POST
def note(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    key = request.POST.get("need", "")
    try:
        route_map.write_note(request, request.user, family, key, request.POST.get("text", ""))
    except ValidationError as error:
        return route(request, pk, status=400, problem={key: error.messages})
    messages.success(request, _("The note has been saved."))
    return redirect(_anchor(pk, key.split(":", 1)[0]))


@require_POST
def mark(request, pk: int, step: str):
    family = access.get_family(request, pk, edit=True)
    try:
        route_map.mark_done(request, request.user, family, step, request.POST.get("reason", ""))
    except ValidationError as error:
        return route(request, pk, status=400, problem={step: error.messages})
    messages.success(request, _("The step has been marked done, with your reason."))
    return redirect(_anchor(pk, step))


@require_POST
def unmark(request, pk: int, step: str):
    family = access.get_family(request, pk, edit=True)
    route_map.withdraw_mark(request, request.user, family, step)
    messages.success(request, _("The mark has been withdrawn."))
    return redirect(_anchor(pk, step))


def _anchor(pk: int, step: str) -> str:
    return reverse("cases:route", args=[pk]) + f"#step-{step}"
