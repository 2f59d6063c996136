"""The organisation administrator's pages: the people of their organisation. No case data.

Every change is audited. What adds access (a new colleague, a new role, organisation-wide
visibility, a reset authenticator for a role that sees cases) waits for a second person
(accounts/rules.py; approved on grant_views.py).
"""

from axes.utils import reset
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.accounts import activation, services
from kaketoe.accounts.forms import NewColleagueForm, OrganisationSettingsForm, RoleForm
from kaketoe.accounts.models import Grant, Membership
from kaketoe.audit.services import Action, record
from kaketoe.cases import access


def _organisation(request):
    if not access.can_manage_organisation(request.user):
        record(request, Action.DENIED, detail="organisation")
        raise Http404
    return request.user.membership.organisation


def _member(request, pk: int) -> Membership:
    org = _organisation(request)
    membership = Membership.objects.filter(pk=pk, organisation=org).select_related("user").first()
    if membership is None:
        record(request, Action.DENIED, detail=f"organisation member {pk}")
        raise Http404
    return membership


def _waiting(request, user) -> None:
    messages.info(
        request,
        _(
            "Saved. This waits for a privacy officer or another administrator of your "
            "organisation to approve it; until then nothing changes for %(username)s."
        )
        % {"username": user.username},
    )


def organisation(request):
    org = _organisation(request)
    form = NewColleagueForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            grant = services.add_colleague(request, org, form.cleaned_data)
        _waiting(request, grant.user)
        return redirect("accounts:organisation")
    members = (
        Membership.objects.filter(organisation=org)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )
    pending = set(
        Grant.objects.filter(organisation=org, status=Grant.Status.PENDING).values_list(
            "user_id", flat=True
        )
    )
    return render(
        request,
        "accounts/organisation.html",
        {"organisation": org, "members": members, "form": form, "pending": pending},
    )


def member(request, pk: int):
    """One colleague: change their role, reset their authenticator, (de)activate them."""
    membership = _member(request, pk)
    form = RoleForm(
        request.POST or None,
        initial={
            "role": membership.role,
            "sees_all_organisation_cases": membership.sees_all_organisation_cases,
        },
    )
    if form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            grant = services.change_role(
                request, membership, data["role"], data["sees_all_organisation_cases"]
            )
        if grant:
            _waiting(request, membership.user)
        else:
            messages.success(request, _("The role has been changed."))
        return redirect("accounts:member", pk=pk)
    grants = Grant.objects.filter(user=membership.user).select_related("requested_by", "decided_by")
    return render(
        request,
        "accounts/member.html",
        {
            "member": membership,
            "form": form,
            "grants": grants,
            "pending": {g.user_id for g in grants if g.is_pending},
            "is_self": membership.user == request.user,
        },
    )


@require_POST
def unlock(request, pk: int):
    membership = _member(request, pk)
    reset(username=membership.user.username)
    record(request, Action.CHANGE, membership.user, detail="unlocked")
    messages.success(
        request, _("%(username)s can log in again.") % {"username": membership.user.username}
    )
    return redirect("accounts:organisation")


@require_POST
def deactivate(request, pk: int):
    membership = _member(request, pk)
    if membership.user == request.user:
        messages.error(request, _("You cannot deactivate your own account."))
    elif membership.user.is_active:
        with transaction.atomic():
            services.deactivate(request, membership)
        messages.success(
            request,
            _("%(username)s is deactivated: their sessions and API tokens have ended.")
            % {"username": membership.user.username},
        )
    return redirect("accounts:member", pk=pk)


@require_POST
def reactivate(request, pk: int):
    membership = _member(request, pk)
    if membership.deactivated_at is not None:  # never a new account waiting for approval
        with transaction.atomic():
            services.reactivate(request, membership)
        messages.success(
            request, _("%(username)s can log in again.") % {"username": membership.user.username}
        )
    return redirect("accounts:member", pk=pk)


@require_POST
def reset_authenticator(request, pk: int):
    membership = _member(request, pk)
    if membership.user == request.user:
        messages.error(request, _("Another administrator resets your own authenticator."))
        return redirect("accounts:member", pk=pk)
    if not membership.user.is_active:  # waiting for approval or deactivated: nothing to reset
        return redirect("accounts:member", pk=pk)
    with transaction.atomic():
        grant = services.reset_authenticator(request, membership)
    if grant:
        _waiting(request, membership.user)
    else:
        messages.success(
            request,
            _("The authenticator is reset; %(username)s got a link by e-mail to set up a new one.")
            % {"username": membership.user.username},
        )
    return redirect("accounts:member", pk=pk)


@require_POST
def send_link(request, pk: int):
    """A new activation link for an approved account whose link expired before it was used."""
    membership = _member(request, pk)
    if membership.user.is_active and not membership.may_enrol_at_login:
        activation.send_link(request, membership.user)
        messages.success(request, _("A new link has been sent."))
    return redirect("accounts:member", pk=pk)


def settings_page(request):
    org = _organisation(request)
    form = OrganisationSettingsForm(request.POST or None, instance=org)
    if form.is_valid():
        services.update_organisation(request, form.save(commit=False), form.changed_data)
        messages.success(request, _("The organisation's settings have been saved."))
        return redirect("accounts:organisation")
    return render(
        request, "accounts/organisation_settings.html", {"form": form, "organisation": org}
    )
