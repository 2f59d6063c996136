"""Step-1A pages: the preconditions checklist per family, the factor grid per child."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.assessments import factor_queries, instruments, queries, services
from kaketoe.assessments.forms import ChecklistForm, FactorForm, MeasureForm
from kaketoe.assessments.models import ChildFactor
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.catalogues import loader
from kaketoe.reports import pdf as reports


def preconditions(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="preconditions")
    overview = queries.checklist_overview(
        family, loader.load(instruments.PRECONDITIONS), get_language()
    )
    return render(
        request,
        "assessments/preconditions.html",
        {
            "family": family,
            "overview": overview,
            "can_edit": access.can_edit_family(request.user, family),
        },
    )


def preconditions_area(request, pk: int, area: str):
    family = access.get_family(request, pk, edit=request.method == "POST")
    catalogue = loader.load(instruments.PRECONDITIONS)
    overview = queries.checklist_overview(family, catalogue, get_language())
    section = overview.section(area)
    if section is None:
        raise Http404
    current = services.current_answers(family, catalogue.version)
    form = ChecklistForm(request.POST or None, slots=section.slots, current=current)
    conflicts = []
    if form.is_valid():
        try:
            saved = services.save_checklist(
                request, request.user, family, catalogue.version, form.entries()
            )
        except services.EditConflict as conflict:
            conflicts = queries.describe_conflicts(conflict.conflicts, section)
        else:
            messages.success(request, _("%(count)s answers saved.") % {"count": saved})
            return redirect("assessments:preconditions", pk=pk)
    elif request.method == "GET":
        record(request, Action.VIEW, family, detail=f"preconditions {area}")
    return render(
        request,
        "assessments/preconditions_area.html",
        {
            "family": family,
            "section": section,
            "form": form,
            "conflicts": conflicts,
            "rows": queries.form_rows(section, form),
        },
    )


def _factor_page(request, family, child, *, factor_form=None, measure_form=None, status=200):
    language = get_language()
    catalogue = loader.load(instruments.FACTORS)
    recorded = factor_queries.recorded_factors(child, language)
    return render(
        request,
        "assessments/factors.html",
        {
            "family": family,
            "child": child,
            "grid": factor_queries.grid(catalogue, recorded, language),
            "flags": factor_queries.flags(catalogue, recorded),
            "age_text": factor_queries.age_text(child, language),
            "measures": child.measures.filter(withdrawn_at__isnull=True),
            "measure_labels": _measure_labels(language),
            "factor_form": factor_form or _factor_form(None, catalogue, language),
            "measure_form": measure_form or _measure_form(None, language),
            "can_edit": access.can_edit_family(request.user, family),
        },
        status=status,
    )


def factors(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    record(request, Action.VIEW, child, detail="factors")
    return _factor_page(request, child.family, child)


@require_POST
def factor_add(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    catalogue = loader.load(instruments.FACTORS)
    form = _factor_form(request.POST, catalogue, get_language())
    if not form.is_valid():
        return _factor_page(request, child.family, child, factor_form=form, status=400)
    services.add_factor(
        request,
        request.user,
        child,
        catalogue.version,
        **_factor_fields(catalogue, form.cleaned_data),
    )
    messages.success(request, _("The factor has been added."))
    return redirect("assessments:factors", pk=pk, child_pk=child_pk)


@require_POST
def factor_withdraw(request, pk: int, child_pk: int, factor_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    factor = get_object_or_404(ChildFactor, pk=factor_pk, child=child, withdrawn_at__isnull=True)
    services.withdraw_factor(request, request.user, factor)
    messages.success(request, _("The factor has been withdrawn."))
    return redirect("assessments:factors", pk=pk, child_pk=child_pk)


@require_POST
def measure_add(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    form = _measure_form(request.POST, get_language())
    if not form.is_valid():
        return _factor_page(request, child.family, child, measure_form=form, status=400)
    services.add_measure(
        request, request.user, child, loader.load(instruments.MEASURES).version, **form.cleaned_data
    )
    messages.success(request, _("The protective measure has been recorded."))
    return redirect("assessments:factors", pk=pk, child_pk=child_pk)


def factors_pdf(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    language = (
        request.GET.get("lang") if request.GET.get("lang") in {"nl", "en"} else get_language()
    )
    with translation.override(language):
        catalogue = loader.load(instruments.FACTORS)
        recorded = factor_queries.recorded_factors(child, language)
        html = render_to_string(
            "assessments/factors_pdf.html",
            {
                "family": child.family,
                "child": child,
                "today": timezone.localdate(),
                "grid": factor_queries.grid(catalogue, recorded, language),
                "flags": factor_queries.flags(catalogue, recorded),
                "measures": child.measures.filter(withdrawn_at__isnull=True),
                "measure_labels": _measure_labels(language),
            },
        )
    record(request, Action.EXPORT, child, detail=f"factors pdf {language}")
    response = HttpResponse(reports.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="factors-{child.pk}-{language}.pdf"'
    return response


def _factor_form(data, catalogue, language):
    return FactorForm(
        data,
        factor_choices=factor_queries.factor_choices(catalogue, language),
        levels=_titles(catalogue, "levels", language),
        phases=_titles(catalogue, "phases", language),
    )


def _titles(catalogue, key: str, language: str) -> list[tuple[str, str]]:
    return [(g["code"], g["title"].get(language) or g["title"]["en"]) for g in catalogue.data[key]]


def _factor_fields(catalogue, data) -> dict:
    if data["code"]:
        entry = next(e for e in instruments.factor_entries(catalogue) if e["code"] == data["code"])
        return {
            "code": entry["code"],
            "level": entry["level"],
            "phase": entry["phase"],
            "kind": entry["kind"],
            "note": data["note"],
        }
    return {key: data[key] for key in ("free_text", "level", "phase", "kind", "note")}


def _measure_labels(language) -> dict:
    catalogue = loader.load(instruments.MEASURES)
    return {
        item["code"]: loader.Item(item["code"], item["text"]).label(language)
        for item in catalogue.data["measures"]
    }


def _measure_form(data, language):
    return MeasureForm(data, categories=list(_measure_labels(language).items()))
