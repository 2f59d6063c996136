"""Step-2 guidance pages: signals and grief per child, the school handover, parents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Person
from kaketoe.catalogues import loader
from kaketoe.guidance import queries, services
from kaketoe.guidance.forms import (
    GriefNoteForm,
    ParentConversationForm,
    SchoolHandoverForm,
    SignalForm,
)
from kaketoe.guidance.models import SchoolHandover
from kaketoe.reports import pdf as reports

LETTER_LANGUAGES = {"nl", "en"}


# -- signals and grief per child -------------------------------------------------------------


def child_guidance(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    record(request, Action.VIEW, child, detail="guidance")
    return _child_page(request, child)


@require_POST
def signal_add(request, pk: int, child_pk: int):
    child = access.get_child_for_school_part(request, pk, child_pk)
    form = _signal_form(request.POST)
    if not form.is_valid():
        return _child_page(request, child, signal_form=form, status=400)
    version = loader.load(queries.SIGNALS).version
    services.record_signal(request, request.user, child, version, **form.cleaned_data)
    messages.success(request, _("The signal has been recorded."))
    return redirect("guidance:child", pk=pk, child_pk=child_pk)


@require_POST
def grief_add(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    form = GriefNoteForm(request.POST)
    if not form.is_valid():
        return _child_page(request, child, grief_form=form, status=400)
    services.note_grief(request, request.user, child, **form.cleaned_data)
    messages.success(request, _("The note on grief and stress has been recorded."))
    return redirect("guidance:child", pk=pk, child_pk=child_pk)


def _signal_form(data=None):
    return SignalForm(
        data,
        signal_choices=queries.signal_choices(get_language()),
        initial={"observed_on": timezone.localdate()},
    )


def _child_page(request, child: Person, *, signal_form=None, grief_form=None, status=200):
    signals = queries.signals_of(child, get_language())
    catalogue = loader.load(queries.SIGNALS)
    return render(
        request,
        "guidance/child.html",
        {
            "family": child.family,
            "child": child,
            "signals": signals,
            "prompt": queries.care_prompt(signals, timezone.localdate()),
            "purpose": loader.Item("", catalogue.data["purpose_note"]).label(get_language()),
            "grief_notes": child.grief_notes.select_related("recorded_by"),
            "signal_form": signal_form or _signal_form(),
            "grief_form": grief_form or GriefNoteForm(initial={"noted_on": timezone.localdate()}),
            "can_edit": access.can_edit_family(request.user, child.family),
            "can_record_signal": access.can_edit_school_part(request.user, child.family),
        },
        status=status,
    )


# -- school handover ---------------------------------------------------------------------------


def school_handover(request, pk: int, child_pk: int):
    if request.method == "POST":
        child = access.get_child_for_school_part(request, pk, child_pk)
    else:
        child = access.get_child(request, pk, child_pk)
    handover = SchoolHandover.objects.filter(child=child).first() or SchoolHandover(child=child)
    form = SchoolHandoverForm(request.POST or None, instance=handover)
    stale = None
    if form.is_valid():
        try:
            services.save_school_handover(
                request, request.user, child, form.cleaned_data["version"], form.changes()
            )
        except services.StaleHandover as conflict:
            stale = conflict
        else:
            messages.success(request, _("The school handover has been saved."))
            return redirect("guidance:school_handover", pk=pk, child_pk=child_pk)
    elif request.method == "GET":
        record(request, Action.VIEW, child, detail="school handover")
    saved = SchoolHandover.objects.filter(child=child).first()
    return render(
        request,
        "guidance/school_handover.html",
        {
            "family": child.family,
            "child": child,
            "handover": saved,
            "form": form,
            "stale": stale,
            "stale_fields": _labels(stale.changed) if stale else [],
            "versions": saved.versions.select_related("saved_by") if saved else [],
            "can_edit": access.can_edit_school_part(request.user, child.family),
            "letter_second": _letter_second(child),
        },
        status=409 if stale else 400 if request.method == "POST" else 200,
    )


def _letter_second(child: Person) -> dict | None:
    """The letter's second language for the school handover page: code, name and whether a
    native speaker has yet to check it (as the toolkit and brochure say for their texts)."""
    code = _country_language(child)
    if not code:
        return None
    return {
        "code": code,
        "name": queries.letter_languages()[code],
        "unchecked": queries.letter_unchecked_note(code, get_language()),
    }


def _labels(names: list[str]) -> list[str]:
    return [str(SchoolHandover._meta.get_field(name).verbose_name) for name in names]


def school_handover_pdf(request, pk: int, child_pk: int):
    """The letter in Dutch or English (`lang`), followed by the same letter in the language of
    the country of return when Kaketoe has it (`also=ar|hy|ru` chooses another, `also=none`
    leaves it out)."""
    child = access.get_child(request, pk, child_pk)
    language = request.GET.get("lang")
    language = language if language in LETTER_LANGUAGES else get_language()
    language = language if language in LETTER_LANGUAGES else "en"
    second = request.GET.get("also")
    if second not in queries.letter_second_languages():
        second = "" if second == "none" else _country_language(child)
    handover = SchoolHandover.objects.filter(child=child).first()
    html = render_to_string(
        "guidance/school_handover_pdf.html",
        {
            "child": child,
            "handover": handover,
            "language": language,
            "letters": queries.handover_letters(
                handover, child, language, second, timezone.localdate()
            ),
        },
    )
    languages = f"{language}+{second}" if second else language
    record(request, Action.EXPORT, child, detail=f"school handover letter {languages}")
    return _pdf(html, f"school-handover-{child.pk}-{languages}.pdf")


def _country_language(child: Person) -> str:
    return queries.letter_country_language(child.family.country_of_return)


# -- parents -------------------------------------------------------------------------------------


def parents(request, pk: int):
    family = access.get_family(request, pk, edit=request.method == "POST")
    form = _conversation_form(request.POST or None, family)
    if form.is_valid():
        data = dict(form.cleaned_data)
        services.record_parent_conversation(
            request,
            request.user,
            family,
            loader.load(queries.PARENT_GUIDANCE).version,
            parents_present=data.pop("parents_present"),
            **data,
        )
        messages.success(request, _("The parent conversation has been recorded."))
        return redirect("guidance:parents", pk=pk)
    if request.method == "GET":
        record(request, Action.VIEW, family, detail="parent conversations")
    language = get_language()
    talks = family.parent_talks.prefetch_related("parents_present").select_related("recorded_by")
    return render(
        request,
        "guidance/parents.html",
        {
            "family": family,
            "form": form,
            "talks": [
                (talk, queries.topic_labels(talk.catalogue_version, talk.topics, language))
                for talk in talks
            ],
            "languages": queries.brochure_languages(),
            "can_edit": access.can_edit_family(request.user, family),
        },
        status=400 if request.method == "POST" else 200,
    )


def _conversation_form(data, family):
    parents_qs = family.members.filter(
        relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN]
    )
    return ParentConversationForm(
        data,
        parents=parents_qs,
        topic_choices=queries.topic_choices(get_language()),
        initial={"held_on": timezone.localdate()},
    )


def brochure(request):
    language = _brochure_language(request)
    return render(
        request,
        "guidance/brochure.html",
        {
            "brochure": queries.brochure(language),
            "languages": queries.brochure_languages(),
        },
    )


def brochure_pdf(request):
    language = _brochure_language(request)
    html = render_to_string("guidance/brochure_pdf.html", {"brochure": queries.brochure(language)})
    return _pdf(html, f"kaketoe-parent-brochure-{language}.pdf")


def _brochure_language(request) -> str:
    wanted = request.GET.get("lang") or get_language()
    return wanted if wanted in queries.brochure_languages() else "en"


def culture(request):
    return render(
        request, "guidance/culture.html", {"reference": queries.culture_reference(get_language())}
    )


def _pdf(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(reports.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
