"""Break-glass: open a case one is not on, in an emergency, with a reason (cases/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.forms import EmergencyAccessForm


def emergency_access(request):
    if not access.can_break_glass(request.user):
        record(request, Action.DENIED, detail="emergency access")
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if form.is_valid():
        pk = form.cleaned_data["case"]
        if access.visible_families(request.user).filter(pk=pk).exists():
            return redirect("cases:family", pk=pk)
        family = access.break_glass(request, pk, form.cleaned_data["reason"])
        messages.warning(
            request,
            _(
                "Emergency access: you can read this case until %(hours)s hours from now. "
                "Every page you open is recorded."
            )
            % {"hours": access.BREAK_GLASS_HOURS},
        )
        return redirect("cases:family", pk=family.pk)
    return render(request, "cases/emergency_access.html", {"form": form})
