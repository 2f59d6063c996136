from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from kaketoe.audit import queries
from kaketoe.audit.forms import AuditFilterForm
from kaketoe.audit.services import Action, record
from kaketoe.cases import access


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
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})
