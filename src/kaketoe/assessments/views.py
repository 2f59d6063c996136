"""Step-1A pages: the preconditions checklist per family, the factor grid per child."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.assessments import factor_queries, instruments, queries, rules, services
from kaketoe.assessments.forms import (
    BestInterestsForm,
    ChecklistForm,
    FactorForm,
    MeasureForm,
    SafetyAssessmentForm,
    SourceFormSet,
)
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
            messages.success(
                request,
                ngettext("%(count)s answer saved.", "%(count)s answers saved.", saved)
                % {"count": saved},
            )
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
            "can_edit": access.can_edit_family(request.user, family),
            "rows": queries.form_rows(section, form),
        },
    )


def _factor_page(request, family, child, *, factor_form=None, measure_form=None, status=200):
    language = get_language()
    catalogue = loader.load(instruments.FACTORS)
    recorded = factor_queries.recorded_factors(child, language)
    accumulation = factor_queries.accumulation(catalogue, recorded)
    return render(
        request,
        "assessments/factors.html",
        {
            "family": family,
            "child": child,
            "grid": factor_queries.grid(catalogue, recorded, language, accumulation),
            "accumulation": accumulation,
            "rule_note": loader.Item("rule", catalogue.data["accumulation_rule"]["note"]).label(
                language
            ),
            "guidance": factor_queries.guidance(language),
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
    services.record_factor(request, request.user, child, catalogue, form.cleaned_data)
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
    return FactorForm(data, **factor_queries.form_kwargs(catalogue, language))


def _measure_labels(language) -> dict:
    catalogue = loader.load(instruments.MEASURES)
    return {
        item["code"]: loader.Item(item["code"], item["text"]).label(language)
        for item in catalogue.data["measures"]
    }


def _measure_form(data, language):
    return MeasureForm(data, categories=[("", "—")] + list(_measure_labels(language).items()))


def best_interests(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=request.method == "POST")
    catalogue = loader.load(instruments.BEST_INTERESTS)
    assessment = child.best_interests.first()
    form = _bia_form(request.POST or None, child, catalogue, assessment)
    stale = None
    if form.is_valid():
        try:
            services.save_best_interests(
                request,
                request.user,
                child,
                catalogue.version,
                form.cleaned_data["version"],
                findings=form.findings(),
                participants=form.cleaned_data["participants"],
                **{k: form.cleaned_data[k] for k in BIA_TEXT_FIELDS},
            )
        except services.StaleAssessment as conflict:
            stale = conflict
        except services.NotAllowed:
            messages.error(request, _("This assessment is final and can no longer be changed."))
        else:
            messages.success(request, _("The best-interests assessment has been saved."))
            return redirect("assessments:best_interests", pk=pk, child_pk=child_pk)
    elif request.method == "GET":
        record(request, Action.VIEW, child, detail="best interests")
    return render(
        request,
        "assessments/best_interests.html",
        {
            "family": child.family,
            "child": child,
            "assessment": assessment,
            "form": form,
            "sections": _bia_sections(form, catalogue),
            "stale": stale,
            "versions": assessment.versions.select_related("saved_by") if assessment else [],
            "can_edit": access.can_edit_family(request.user, child.family),
            "can_sign": access.can_sign_assessment(request.user, child.family),
            **_sign_off_state(request.user, assessment),
        },
    )


def _sign_off_state(user, assessment) -> dict:
    if assessment is None:
        return {"sign_offs": [], "still_needed": [], "signed_by_me": False}
    sign_offs = assessment.sign_offs.filter(version=assessment.signed_version).select_related(
        "user", "organisation"
    )
    missing = [] if assessment.is_final else services.sign_off_missing(assessment)
    return {
        "sign_offs": sign_offs,
        "still_needed": [str(SIGN_OFF_NEEDS[code]) for code in missing],
        "signed_by_me": any(s.user_id == user.pk for s in sign_offs),
    }


SIGN_OFF_NEEDS = {
    rules.TWO_PEOPLE: gettext_lazy("a sign-off by at least two team members"),
    rules.TWO_ORGANISATIONS: gettext_lazy("sign-offs from two different organisations"),
    rules.CARE_PROFESSIONAL: gettext_lazy(
        "a sign-off by a child-protection or care professional (care worker or guardian)"
    ),
    rules.PARTNER_CONTRIBUTION: gettext_lazy(
        "the contribution of the partner organisation in the country of return (a handover "
        "exists or is planned)"
    ),
}


@require_POST
def best_interests_finalise(request, pk: int, child_pk: int):
    child = _child_for_signing(request, pk, child_pk)
    assessment = child.best_interests.filter(status="draft").first()
    if assessment is None:
        messages.error(request, _("There is no draft assessment to sign off."))
        return redirect("assessments:best_interests", pk=pk, child_pk=child_pk)
    try:
        final = services.sign_off_best_interests(
            request, request.user, assessment, int(request.POST.get("version", -1))
        )
    except (services.StaleAssessment, services.NotAllowed, ValueError):
        messages.error(
            request,
            _("The assessment changed since you opened it. Check it and sign it off again."),
        )
    else:
        if final:
            messages.success(request, _("The best-interests assessment is now final."))
        else:
            messages.success(
                request,
                _(
                    "Your sign-off is recorded. The assessment is final once the sign-offs are "
                    "complete."
                ),
            )
    return redirect("assessments:best_interests", pk=pk, child_pk=child_pk)


@require_POST
def best_interests_reopen(request, pk: int, child_pk: int):
    child = _child_for_signing(request, pk, child_pk)
    assessment = child.best_interests.filter(status="final").first()
    if assessment is None:
        messages.error(request, _("There is no final assessment to start a new draft from."))
        return redirect("assessments:best_interests", pk=pk, child_pk=child_pk)
    services.reopen_best_interests(request, request.user, assessment)
    messages.success(request, _("A new draft has been started from the final assessment."))
    return redirect("assessments:best_interests", pk=pk, child_pk=child_pk)


def _child_for_signing(request, pk: int, child_pk: int):
    return access.require_signer(request, access.get_child(request, pk, child_pk))


BIA_TEXT_FIELDS = [
    "child_view",
    "child_heard_how",
    "child_heard_by",
    "conclusion",
    "recommendations",
    "partner_contribution",
]


def _bia_form(data, child, catalogue, assessment):
    language = get_language()
    items = [
        (entry["code"], catalogue.item(entry["code"]).label(language))
        for key in ("aspects", "elements")
        for entry in catalogue.data[key]
    ]
    team = child.family.team.filter(removed_at__isnull=True).select_related("user")
    initial = {"version": assessment.version if assessment else 0}
    if assessment:
        initial |= {k: getattr(assessment, k) for k in BIA_TEXT_FIELDS}
        initial |= {f"finding__{c}": t for c, t in assessment.findings.items()}
        initial["participants"] = list(assessment.participants.values_list("pk", flat=True))
    return BestInterestsForm(data, initial=initial, items=items, team=team)


def _bia_sections(form, catalogue) -> list[tuple[str, list]]:
    language = get_language()
    return [
        (
            catalogue.data.get(f"{key}_title", {}).get(language) or title,
            [form[f"finding__{entry['code']}"] for entry in catalogue.data[key]],
        )
        for key, title in (
            ("aspects", _("Five aspects (UNHCR / UN Committee on the Rights of the Child)")),
            ("elements", _("Eight elements (EASO)")),
        )
    ]


def safety(request, pk: int):
    family = access.get_family(request, pk, edit=request.method == "POST")
    form = SafetyAssessmentForm(
        request.POST or None,
        initial={
            "assessed_on": timezone.localdate(),
            "place": f"{family.country_of_return.name}, {family.place_of_return}".strip(", "),
        },
    )
    sources = SourceFormSet(request.POST or None, prefix="source")
    if request.method == "POST" and form.is_valid() and sources.is_valid():
        services.record_safety(
            request, request.user, family, sources=_sources(sources), **form.cleaned_data
        )
        messages.success(request, _("The safety assessment has been recorded."))
        return redirect("assessments:safety", pk=pk)
    if request.method == "GET":
        record(request, Action.VIEW, family, detail="safety")
    return render(
        request,
        "assessments/safety.html",
        {
            "family": family,
            "form": form,
            "sources": sources,
            "assessments": family.safety_assessments.select_related("assessed_by"),
            "warning": queries.safety_warning(family),
            "general_risks": factor_queries.general_post_return_risks(get_language()),
            "can_edit": access.can_edit_family(request.user, family),
        },
        status=400 if request.method == "POST" else 200,
    )


def _sources(formset) -> list[dict]:
    return [
        {
            "title": f.cleaned_data["title"],
            "link": f.cleaned_data.get("link", ""),
            "published": f.cleaned_data["published"].isoformat()
            if f.cleaned_data.get("published")
            else "",
        }
        for f in formset.forms
        if f.cleaned_data.get("title")
    ]
