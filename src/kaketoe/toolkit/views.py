"""The professional's toolkit pages: before the session (guidance, timer, start), after it (the
record and the child's words), and the child's overview. Child mode is in child_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Person
from kaketoe.reports import pdf as reports
from kaketoe.toolkit import queries, rules, services
from kaketoe.toolkit.forms import AfterForm, FarewellConsentForm, FarewellForm, StartForm
from kaketoe.toolkit.models import (
    Answer,
    ChildLanguage,
    ChildSession,
    FarewellConsent,
    Sharing,
)


def child_overview(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    record(request, Action.VIEW, child, detail="toolkit: the child's answers")
    return render(
        request,
        "toolkit/child.html",
        {
            "family": child.family,
            "child": child,
            **queries.child_overview(child, _visible(request, child), request.LANGUAGE_CODE),
            "can_edit": access.can_edit_family(request.user, child.family),
            "can_start": session_part(request.user, child.family) is not None,
            "can_take_home": access.can_print_take_home(request.user, child),
            "booklet_languages": list(ChildLanguage.choices),
            "sharing_choices": Sharing.choices,
        },
    )


def _visible(request, child):
    """The child's answers this user may read (cases.access decides, per the child's choice)."""
    return access.visible_answers(request.user, Answer.objects.filter(child=child))


def _answer(request, child, answer_pk: int, **lookups) -> Answer:
    """One answer of the child that this user may read; else 404, audited like any refusal."""
    answer = _visible(request, child).filter(pk=answer_pk, **lookups).first()
    if answer is None:
        record(request, Action.DENIED, child, detail=f"toolkit answer {answer_pk}")
        raise Http404
    return answer


def session_part(user, family) -> str | None:
    """Which sessions this user may hold with the family's children: "" all parts (the Dutch
    team's editors), "D" part D only (the partner abroad after return), None none."""
    if access.can_edit_family(user, family):
        return ""
    if access.can_hold_part_d_session(user, family):
        return rules.PART_AFTER_RETURN
    return None


def may_hold(user, session: ChildSession) -> bool:
    """May this user run (or record) this session in child mode?"""
    allowed = session_part(user, session.family)
    return allowed == "" or (bool(allowed) and session.only_part == allowed)


def prepare(request, pk: int, child_pk: int, form: StartForm | None = None, status: int = 200):
    child = access.get_child(request, pk, child_pk)
    record(request, Action.VIEW, child, detail="toolkit preparation")
    only_part = session_part(request.user, child.family)
    can_edit = only_part is not None
    context = queries.preparation(child, request.LANGUAGE_CODE)
    context["only_part"] = only_part
    if form is None and can_edit:
        form = _start_form(child, request.LANGUAGE_CODE, initial=queries.start_initial(child))
    return render(
        request,
        "toolkit/prepare.html",
        {"family": child.family, "child": child, "form": form, **context, "can_edit": can_edit},
        status=status,
    )


def _start_form(child, language: str, data=None, initial=None) -> StartForm:
    return StartForm(
        data,
        initial=initial,
        known=queries.case_facts(child, language),
        first_session=not child.toolkit_sessions.exists(),
    )


@require_POST
def start(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk)
    only_part = session_part(request.user, child.family)
    if only_part is None:
        record(request, Action.DENIED, child, detail="toolkit: start a session")
        raise Http404
    form = _start_form(child, request.LANGUAGE_CODE, request.POST)
    if not form.is_valid():
        return prepare(request, pk, child_pk, form=form, status=400)
    fields = form.session_fields()
    session = services.start_session(request, request.user, child, only_part=only_part, **fields)
    return redirect(session.child_url())


def session_record(request, pk: int, child_pk: int, session_pk: int):
    child = access.get_child(request, pk, child_pk)
    session = get_object_or_404(ChildSession, pk=session_pk, child=child)
    if request.method == "POST" and not may_hold(request.user, session):
        record(request, Action.DENIED, session, detail="toolkit: record the session")
        raise Http404
    form = AfterForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.record_after(request, request.user, form.save(commit=False))
        return redirect("toolkit:child", pk=pk, child_pk=child_pk)
    record(request, Action.VIEW, session, detail="toolkit session and the child's answers")
    return render(
        request,
        "toolkit/session.html",
        {
            "family": child.family,
            "child": child,
            "session": session,
            "form": form,
            "answers": queries.answers_in_words(
                access.visible_answers(request.user, session.answers.all()), request.LANGUAGE_CODE
            ),
            "kept_private": session.answers.count()
            - access.visible_answers(request.user, session.answers.all()).count(),
            "holds_session": session.started_by_id == request.user.pk,
            "sharing_choices": Sharing.choices,
            "can_edit": access.can_edit_family(request.user, child.family),
            "can_record": may_hold(request.user, session),
        },
    )


@require_POST
def answer_plan(request, pk: int, child_pk: int, answer_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    answer = _answer(request, child, answer_pk)
    services.mark_for_plan(request, answer, request.POST.get("for_return_plan") == "1")
    back = request.POST.get("next", "")
    if back == "session":
        return redirect(answer.session.get_absolute_url() + f"#answer-{answer.pk}")
    return redirect("toolkit:child", pk=pk, child_pk=child_pk)


@require_POST
def answer_sharing(request, pk: int, child_pk: int, answer_pk: int):
    """The professional the child talked with records the child's choice of who may see it."""
    child = access.get_child(request, pk, child_pk, edit=True)
    answer = _answer(request, child, answer_pk)
    if not access.may_set_sharing(request.user, answer):
        record(request, Action.DENIED, answer, detail="toolkit answer sharing")
        raise Http404
    choice = request.POST.get("shared_with", "")
    if choice not in Sharing.values:
        messages.error(request, _("Choose who may see the answer."))
    else:
        services.set_sharing(request, answer, choice, in_child_mode=False)
        messages.success(request, _("The child's choice has been recorded."))
    return redirect(answer.session.get_absolute_url() + f"#answer-{answer.pk}")


def drawing(request, pk: int, child_pk: int, answer_pk: int):
    child = access.get_child(request, pk, child_pk)
    answer = _answer(request, child, answer_pk, drawing__isnull=False)
    record(request, Action.VIEW, answer, detail="toolkit drawing")
    return png_response(answer)


def png_response(answer: Answer) -> HttpResponse:
    response = HttpResponse(bytes(answer.drawing), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="drawing-{answer.pk}.png"'
    response["Cache-Control"] = "no-store, private"
    return response


# -- farewell pages (entered by a professional on the child's behalf) ---------------------------


def farewell(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=request.method == "POST")
    allowed = services.contact_allowed(child)
    form = FarewellForm(request.POST or None, contact_allowed=allowed)
    if request.method == "POST" and form.is_valid():
        services.add_farewell(
            request,
            request.user,
            child,
            language=get_language()[:2] if get_language()[:2] in ("nl", "en") else "nl",
            **{key: value for key, value in form.cleaned_data.items()},
        )
        messages.success(request, _("The farewell page has been saved."))
        return redirect("toolkit:farewell", pk=pk, child_pk=child_pk)
    if request.method == "GET":
        record(request, Action.VIEW, child, detail="farewell pages")
    return _farewell_page(request, child, form=form, status=400 if form.is_bound else 200)


def _farewell_page(request, child, *, form=None, consent_form=None, status=200):
    allowed = services.contact_allowed(child)
    return render(
        request,
        "toolkit/farewell.html",
        {
            "family": child.family,
            "child": child,
            "pages": queries.farewell_pages(child, contact_allowed=allowed),
            "consent": FarewellConsent.objects.filter(child=child)
            .select_related("agreed_by")
            .first(),
            "contact_allowed": allowed,
            "form": form or FarewellForm(contact_allowed=allowed),
            "consent_form": consent_form or _consent_form(child),
            "can_edit": access.can_edit_family(request.user, child.family),
        },
        status=status,
    )


def _consent_form(child, data=None):
    parents = child.family.members.filter(
        relation__in=[Person.Relation.PARENT, Person.Relation.GUARDIAN]
    )
    return FarewellConsentForm(data, parents=parents, initial={"agreed_on": timezone.localdate()})


@require_POST
def farewell_consent(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    if request.POST.get("withdraw") == "1":
        erased = services.withdraw_farewell_consent(
            request, request.user, child, timezone.localdate()
        )
        messages.success(
            request,
            _("The agreement has been withdrawn; %(count)s contact details were erased.")
            % {"count": erased},
        )
        return redirect("toolkit:farewell", pk=pk, child_pk=child_pk)
    form = _consent_form(child, request.POST)
    if not form.is_valid():
        return _farewell_page(request, child, consent_form=form, status=400)
    services.record_farewell_consent(request, request.user, child, **form.cleaned_data)
    messages.success(request, _("The parents' agreement has been recorded."))
    return redirect("toolkit:farewell", pk=pk, child_pk=child_pk)


# -- the child's own booklet as a PDF -------------------------------------------------------------


def booklet_pdf(request, pk: int, child_pk: int):
    """The child's own take-home booklet, printed by a professional who held a session with the
    child: what the child made with them, and what the child shared with the parents."""
    child = access.get_child(request, pk, child_pk, edit=True)
    if not access.can_print_take_home(request.user, child):
        record(request, Action.DENIED, child, detail="toolkit: the child's own booklet")
        raise Http404
    answers = access.take_home_answers(request.user, Answer.objects.filter(child=child))
    return _booklet(request, child, answers, "booklet", team=False)


def shared_pdf(request, pk: int, child_pk: int):
    """The team's document: only what the child shared with the team."""
    child = access.get_child(request, pk, child_pk)
    answers = Answer.objects.filter(child=child, shared_with=rules.SHARE_TEAM)
    return _booklet(request, child, answers, "shared", team=True)


def _booklet(request, child, answers, name: str, *, team: bool) -> HttpResponse:
    language = queries.booklet_language(child, request.GET.get("lang"))
    allowed = services.contact_allowed(child) and not team
    context = queries.booklet(child, answers, language, contact_allowed=allowed)
    html = render_to_string("toolkit/booklet_pdf.html", {"child": child, "team": team, **context})
    record(request, Action.EXPORT, child, detail=f"toolkit: {name} PDF {language}")
    response = HttpResponse(reports.pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{child.pk}-{language}.pdf"'
    response["Cache-Control"] = "no-store, private"
    return response
