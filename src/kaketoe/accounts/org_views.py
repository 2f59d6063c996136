"""The organisation administrator's page: the people of their organisation. No case data."""

from axes.utils import reset
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.accounts import services
from kaketoe.accounts.forms import NewColleagueForm
from kaketoe.accounts.models import Membership
from kaketoe.audit.services import Action, record
from kaketoe.cases import access


def _organisation(request):
    if not access.can_manage_organisation(request.user):
        record(request, Action.DENIED, detail="organisation")
        raise Http404
    return request.user.membership.organisation


def organisation(request):
    org = _organisation(request)
    form = NewColleagueForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            user, password = services.add_colleague(request, org, form.cleaned_data)
        messages.success(
            request,
            _(
                "%(username)s can now log in once with the password "
                "%(password)s and will then set up two-factor login. "
                "This password is shown only now."
            )
            % {"username": user.username, "password": password},
        )
        return redirect("accounts:organisation")
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    return render(
        request,
        "accounts/organisation.html",
        {"organisation": org, "members": members, "form": form},
    )


@require_POST
def unlock(request, pk: int):
    org = _organisation(request)
    membership = get_object_or_404(Membership, pk=pk, organisation=org)
    reset(username=membership.user.username)
    record(request, Action.CHANGE, membership.user, detail="unlocked")
    messages.success(
        request, _("%(username)s can log in again.") % {"username": membership.user.username}
    )
    return redirect("accounts:organisation")
