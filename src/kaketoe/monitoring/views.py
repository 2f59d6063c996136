"""Monitoring pages. Each view: fetch through cases.access → early return → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe import paging
from kaketoe.audit.listing import record_listing
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Person, Stage
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring import queries, scoring, services
from kaketoe.monitoring.forms import AlertForm, ProgressReportForm, VisitForm, WorkDoneForm
from kaketoe.monitoring.models import Alert, MonitoringVisit, ProgressReport, ScheduledWork
from kaketoe.reports import tables
from kaketoe.reports.pdf import pdf_from_html

# The overview shows a page of families and the most urgent open work; the due page has it all.
FAMILIES_PER_PAGE = 25
FAMILIES_WORK_SHOWN = 20


def families_abroad(request):
    families = access.visible_families(request.user)
    if access.sees_internal_notes(request.user):  # the Dutch side: their departed families
        families = families.filter(stage__in=[Stage.DEPARTED, Stage.MONITORING])
    today = timezone.localdate()
    page = paging.get_page(
        families.order_by("name", "pk"), request.GET.get("page"), FAMILIES_PER_PAGE
    )
    work = queries.open_work(families, today, limit=FAMILIES_WORK_SHOWN)
    shown = [f.pk for f in page.object_list] + [w.family_id for w, _state in work]
    record_listing(request, Action.VIEW, shown, f"monitoring overview page {page.number}")
    return render(
        request,
        "monitoring/families.html",
        {
            "families": page.object_list,
            "page": page,
            # The most urgent; the whole list is on the due page.
            "work": work,
            "work_cut": FAMILIES_WORK_SHOWN,
            "today": today,
        },
    )


def due(request):
    families = access.visible_families(request.user)
    today = timezone.localdate()
    work, alerts = queries.open_work(families, today), list(queries.open_alerts(families))
    shown = [w.family_id for w, _state in work] + [a.family_id for a in alerts]
    record_listing(request, Action.VIEW, shown, "monitoring due")
    return render(
        request,
        "monitoring/due.html",
        {
            "work": work,
            "alerts": alerts,
            "today": today,
        },
    )


def family(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="monitoring")
    today = timezone.localdate()
    return render(
        request,
        "monitoring/family.html",
        {
            "family": family,
            "children": family.members.filter(relation=Person.Relation.CHILD),
            "plan_items": family.plan_items.select_related("child", "owner_member__user"),
            "work": [(w, w.state(today)) for w in family.scheduled_work.all()],
            "visits": family.monitoring_visits.select_related("child"),
            "alerts": family.monitoring_alerts.select_related("child", "owner"),
            "reports": family.progress_reports.all(),
            "can_monitor": access.can_monitor(request.user, family),
            "domains_total": len(checklists.load().domains),
            "early_closings": family.early_closings.all(),
            "today": today,
        },
    )


@require_POST
def work_done(request, pk: int, work_pk: int):
    family = access.get_family(request, pk, monitor=True)
    work = get_object_or_404(ScheduledWork, pk=work_pk, family=family)
    form = WorkDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the contact took place."))
        return redirect("monitoring:family", pk=pk)
    try:
        services.mark_done(request, request.user, work, **form.cleaned_data)
    except services.MonitoringError as error:
        messages.error(request, str(error))
        return redirect("monitoring:family", pk=pk)
    messages.success(request, _("Recorded as done."))
    return redirect("monitoring:family", pk=pk)


def visit_add(request, pk: int, child_pk: int):
    """The checklist, one section per domain; "Check the ratings" shows the summary (the
    profile and the alerts it would raise) before "Save visit" saves it."""
    child = access.get_child(request, pk, child_pk, monitor=True)
    checklist = checklists.load()
    form = VisitForm(request.POST or None, checklist=checklist, language=get_language())
    summary = None
    if form.is_valid() and request.POST.get("action") == "check":
        summary = _summary(form, child, checklist)
    elif form.is_valid():
        try:
            visit = services.record_visit(
                request,
                request.user,
                child,
                form.cleaned_data["month"],
                form.cleaned_data["visit_date"],
                form.ratings(),
                window_reason=form.cleaned_data["window_reason"],
            )
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The monitoring visit has been saved."))
            return redirect("monitoring:visit", pk=pk, visit_pk=visit.pk)
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "family": child.family, "child": child, "summary": summary}
    return render(request, "monitoring/visit_form.html", context, status=status)


def _summary(form, child, checklist) -> dict | None:
    month, visit_date = form.cleaned_data["month"], form.cleaned_data["visit_date"]
    try:
        summary = queries.visit_summary(checklist, form.ratings(), month, get_language())
    except scoring.RatingError as error:
        form.add_error(None, str(error))
        return None
    if not form.cleaned_data["window_reason"]:
        summary["window"] = services.window_problem(child.family, month, visit_date)
    return summary


def visit(request, pk: int, visit_pk: int):
    family = access.get_family(request, pk)
    visit = get_object_or_404(
        MonitoringVisit.objects.select_related("child"), pk=visit_pk, family=family
    )
    record(request, Action.VIEW, visit)
    checklist = checklists.load(visit.catalogue_version)
    context = {
        "family": family,
        "visit": visit,
        "rows": queries.profile_rows(checklist, visit.domains, get_language()),
        "domains_total": len(checklist.domains),
        "alerts": visit.alerts.all(),
    }
    return render(request, "monitoring/visit.html", context)


def trend(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    record(request, Action.VIEW, child, detail="monitoring trend")
    return render(
        request,
        "monitoring/trend.html",
        {"family": child.family, "child": child, **queries.trend(child, get_language())},
    )


def alert(request, pk: int, alert_pk: int):
    family = access.get_family(request, pk)
    alert = get_object_or_404(
        Alert.objects.select_related("child", "visit"), pk=alert_pk, family=family
    )
    may_change = access.can_monitor(request.user, family) and alert.is_open
    if request.method == "POST" and not access.can_monitor(request.user, family):
        record(request, Action.DENIED, family_id=family.pk, detail="alert follow-up")
        raise Http404
    initial = {"owner": alert.owner, "follow_up": alert.follow_up}
    form = AlertForm(request.POST or None, alert=alert, initial=initial)
    if may_change and form.is_valid():
        try:
            services.follow_up_alert(request, request.user, alert, **form.cleaned_data)
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The alert has been saved."))
            return redirect("monitoring:family", pk=pk)
    record(request, Action.VIEW, alert)
    return render(
        request,
        "monitoring/alert.html",
        {"family": family, "alert": alert, "form": form, "may_change": may_change},
        status=400 if form.is_bound and may_change else 200,
    )


def report_add(request, pk: int):
    family = access.get_family(request, pk, monitor=True)
    form = ProgressReportForm(request.POST or None, family=family)
    if form.is_valid():
        try:
            report = services.record_progress_report(
                request,
                request.user,
                family,
                reported_on=form.cleaned_data["reported_on"],
                family_view=form.cleaned_data["family_view"],
                new_needs=form.cleaned_data["new_needs"],
                lines=form.lines(),
                new_item=form.new_item(),
            )
        except services.MonitoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The progress report has been saved."))
            return redirect("monitoring:report", pk=pk, report_pk=report.pk)
    return render(
        request,
        "monitoring/report_form.html",
        {"form": form, "family": family},
        status=400 if form.is_bound else 200,
    )


def _report(request, pk: int, report_pk: int):
    family = access.get_family(request, pk)
    report = get_object_or_404(ProgressReport, pk=report_pk, family=family)
    return family, report


def report(request, pk: int, report_pk: int):
    family, report = _report(request, pk, report_pk)
    record(request, Action.VIEW, report)
    return render(
        request,
        "monitoring/report.html",
        {"family": family, "report": report, "lines": report.lines.all()},
    )


def report_pdf(request, pk: int, report_pk: int):
    family, report = _report(request, pk, report_pk)
    language = request.GET.get("lang")
    language = language if language in {"nl", "en"} else get_language()
    with translation.override(language):
        html = render_to_string(
            "monitoring/report_pdf.html",
            {
                "family": family,
                "report": report,
                "lines": report.lines.all(),
                "today": timezone.localdate(),
                "LANGUAGE_CODE": language,
            },
        )
    record(request, Action.EXPORT, report, detail=f"progress report pdf {language}")
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    name = f"progress-report-{family.reference}-{report.reported_on}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cohort(request):
    if not access.can_see_cohort(request.user):
        record(request, Action.DENIED, detail="cohort figures")
        raise Http404
    return queries.cohort(access.cohort_families(request.user), get_language())


def cohort(request):
    figures = _cohort(request)
    record(request, Action.VIEW, detail="cohort figures")
    context = {"figures": figures, "domains": queries.cohort_by_domain(figures)}
    return render(request, "monitoring/cohort.html", context)


def cohort_csv(request):
    table = queries.cohort_table(_cohort(request))
    record(request, Action.EXPORT, detail="cohort figures csv")
    return tables.download(table, "csv", "kaketoe-cohort", "cohort")


def cohort_xlsx(request):
    table = queries.cohort_table(_cohort(request))
    record(request, Action.EXPORT, detail="cohort figures xlsx")
    return tables.download(table, "xlsx", "kaketoe-cohort", "cohort")
