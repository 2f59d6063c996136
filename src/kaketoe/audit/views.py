from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from kaketoe.audit import erasure as erasures
from kaketoe.audit import privacy, queries, rules
from kaketoe.audit.forms import AuditFilterForm, ErasureDecisionForm, ErasureRequestForm
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Family


class CappedPaginator(Paginator):
    """Counts at most CAP events. The log outgrows every case (each page view adds an event), so
    an exact count of an unfiltered log costs a scan of all of it; past CAP the privacy officer
    narrows the filters instead of paging back further."""

    CAP = 1_000

    @cached_property
    def _bounded_count(self) -> int:
        return self.object_list.values("pk")[: self.CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.CAP)

    @property
    def capped(self) -> bool:
        return self._bounded_count > self.CAP


def audit_log(request):
    if not access.can_read_audit(request.user):
        record(request, Action.DENIED, detail="audit log")
        raise Http404
    record(request, Action.VIEW, detail="audit log")  # before the query: the page stays whole
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = queries.filtered_events(
        access.audit_family_ids(request.user), access.audit_actor_ids(request.user), **filters
    )
    page = CappedPaginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})


def _privacy_officer(request, page: str) -> None:
    if not access.can_read_audit(request.user):
        record(request, Action.DENIED, detail=page)
        raise Http404
    record(request, Action.VIEW, detail=page)


def break_glass_uses(request):
    """Emergency accesses (break-glass) for the privacy officer of the organisation."""
    _privacy_officer(request, "break-glass uses")
    page = Paginator(access.break_glass_uses(request.user), 100).get_page(request.GET.get("page"))
    return render(request, "audit/break_glass.html", {"page": page})


def records_of_processing(request):
    """GDPR article 30: what personal data Kaketoe holds, why, for whom and how long."""
    _privacy_officer(request, "records of processing")
    return render(request, "audit/processing.html", {"records": privacy.records_of_processing()})


# Erasure on request (GDPR art. 17, docs/erasure.md) -------------------------------------------


def erasure_requests(request):
    """The erasure requests of the organisation and its cases, open ones first."""
    _privacy_officer(request, "erasure requests")
    requests = access.erasure_requests(request.user).open_first()
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(request, "audit/erasure_list.html", {"page": page})


def erasure_new(request):
    """A privacy officer asks for the erasure of a case; a second one decides on it."""
    _privacy_officer(request, "new erasure request")
    form = ErasureRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and (family := _family_to_erase(request, form)):
        reason = form.cleaned_data["reason"]
        try:
            erasure = erasures.request_erasure(request, request.user, family, reason)
        except erasures.ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Erasure requested. Another privacy officer decides."))
            return redirect("audit:erasure", erasure_pk=erasure.pk)
    status = 400 if form.errors else 200
    return render(request, "audit/erasure_new.html", {"form": form}, status=status)


def _family_to_erase(request, form) -> Family | None:
    """The case by its number if this privacy officer may ask for its erasure; else a form error
    that does not say whether the case exists (the refusal is audited)."""
    pk = form.cleaned_data["case"]
    family = Family.objects.filter(pk=pk).first()
    if family is not None and access.can_request_erasure(request.user, family):
        return family
    record(request, Action.DENIED, family_id=family and family.pk, detail="erasure request")
    form.add_error("case", _("There is no case with this number among your organisation's cases."))
    return None


def erasure_detail(request, erasure_pk: int):
    """The request, what the erasure will touch, and for a second privacy officer the decision."""
    erasure = access.get_erasure_request(request, erasure_pk)
    if request.method == "POST" and not access.can_approve_erasure(request.user, erasure):
        record(request, Action.DENIED, erasure, detail=f"decide erasure #{erasure.pk}")
        messages.error(request, _refusal_to_decide(request.user, erasure))
        return _erasure_page(request, erasure, ErasureDecisionForm(), status=403)
    form = ErasureDecisionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            _decide(request, erasure, form.cleaned_data)
        except erasures.ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("audit:erasure", erasure_pk=erasure.pk)
    return _erasure_page(request, erasure, form, status=400 if form.errors else 200)


def _decide(request, erasure, data) -> None:
    if data["decision"] == ErasureDecisionForm.APPROVE:
        erasures.approve(request, request.user, erasure, data["note"])
        messages.success(request, _("The personal data of the case has been erased."))
    else:
        erasures.reject(request, request.user, erasure, data["note"])
        messages.success(request, _("The erasure request has been rejected; nothing was erased."))


def _refusal_to_decide(user, erasure) -> str:
    return rules.decision_refusal(
        is_open=erasure.is_open, requested_by_id=erasure.requested_by_id, decider_id=user.pk
    ) or rules.role_refusal(False)


def _erasure_page(request, erasure, form, *, status: int):
    if erasure.family_id:  # the page names the case and counts its records: a read of it
        record(request, Action.VIEW, erasure, detail=f"erasure request #{erasure.pk}")
    may_decide = erasure.is_open and access.can_approve_erasure(request.user, erasure)
    blocked = erasures.erasure_refusal(erasure) if erasure.is_open else None
    context = {
        "erasure": erasure,
        "form": form,
        "may_decide": may_decide,
        "blocked": blocked,
        "own_request": erasure.requested_by_id == request.user.pk,
        "preview": erasures.preview(erasure.family) if erasure.is_open and not blocked else [],
        "erased_rows": erasures.rows_for_display(erasure.erased_rows),
    }
    return render(request, "audit/erasure_detail.html", context, status=status)
