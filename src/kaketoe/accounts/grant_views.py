"""Grants waiting for a second person (issue 15, M1): the privacy officers and the other
administrators of the organisation approve or reject them. Both are audited."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.accounts import rules, services
from kaketoe.accounts.models import Grant
from kaketoe.audit.services import Action, record
from kaketoe.cases import access


def waiting_for(user):
    """The grants this user may decide on now."""
    membership = access.membership_of(user)
    if membership is None or membership.role not in rules.APPROVER_ROLES:
        return Grant.objects.none()
    grants = Grant.objects.filter(
        organisation_id=membership.organisation_id, status=Grant.Status.PENDING
    ).select_related("user", "requested_by")
    return [grant for grant in grants if rules.may_decide(user, grant)]


def grants(request):
    membership = access.membership_of(request.user)
    if membership is None or membership.role not in rules.APPROVER_ROLES:
        record(request, Action.DENIED, detail="grants")
        raise Http404
    decided = (
        Grant.objects.filter(organisation_id=membership.organisation_id)
        .exclude(status=Grant.Status.PENDING)
        .select_related("user", "requested_by", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "accounts/grants.html",
        {"waiting": waiting_for(request.user), "decided": decided},
    )


@require_POST
def decide(request, grant_pk: int):
    grant = Grant.objects.filter(pk=grant_pk, status=Grant.Status.PENDING).first()
    if grant is None or not rules.may_decide(request.user, grant):
        record(request, Action.DENIED, detail=f"grant {grant_pk}")
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return HttpResponseBadRequest()
    with transaction.atomic():
        services.decide(request, grant, decision == "approve")
    if decision == "approve":
        messages.success(request, _("Approved: %(grant)s.") % {"grant": _describe(grant)})
    else:
        messages.success(request, _("Rejected: %(grant)s.") % {"grant": _describe(grant)})
    return redirect("accounts:grants")


def _describe(grant) -> str:
    return f"{grant.get_kind_display()}, {grant.user.username}"
