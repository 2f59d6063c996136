from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property

from kaketoe.audit import privacy, queries
from kaketoe.audit.forms import AuditFilterForm
from kaketoe.audit.services import Action, record
from kaketoe.cases import access


class CappedPaginator(Paginator):
    """Counts at most CAP events. The log outgrows every case (each page view adds an event), so
    an exact count of an unfiltered log costs a scan of all of it; past CAP the privacy officer
    narrows the filters instead of paging back further."""

    CAP = 2_000

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
