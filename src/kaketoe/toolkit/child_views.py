"""Child mode: the pages the child sees on the tablet. No case data, no way out but the PIN.

Every page goes through `child_page`: access (edit rights on the case) → the session of this
child → this browser must be locked to it (otherwise back to the professional's session page).
Texts come from the toolkit catalogue in the session's language, never from the UI translation.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.toolkit import content, lock, queries, rules, services
from kaketoe.toolkit.forms import FarewellForm, PinForm, WishForm, WordsForm
from kaketoe.toolkit.models import Answer, ChildSession, Sticker
from kaketoe.toolkit.views import may_hold, png_response

SAVED_KEY = "toolkit_saved"


def child_page(view):
    @functools.wraps(view)
    def wrapper(request, pk: int, child_pk: int, session_pk: int, **kwargs):
        family = _family_or_none(request, pk)
        partner = family is not None and access.can_hold_part_d_session(request.user, family)
        child = access.get_child(request, pk, child_pk, edit=not partner, monitor=partner)
        session = get_object_or_404(
            ChildSession.objects.select_related("child", "family"), pk=session_pk, child=child
        )
        if not may_hold(request.user, session):
            record(request, Action.DENIED, session, detail="toolkit child mode")
            raise Http404
        if not lock.holds(request, session):
            return redirect(session.get_absolute_url())
        if session.only_part and request.resolver_match.url_name not in rules.PART_ONLY_PAGES:
            return redirect(session.child_url())
        try:
            return view(request, session, content.for_session(session), **kwargs)
        except LookupError:
            raise Http404 from None

    return wrapper


def _family_or_none(request, pk: int):
    return access.visible_families(request.user).filter(pk=pk).first()


def _in_session(session, part: str) -> str:
    """The part, if this session may show it (a part-D session shows part D only)."""
    if not rules.part_allowed(session.only_part, part):
        raise LookupError(f"part {part} is not in this session")
    return part


def _render(request, session, texts, template: str, context: dict | None = None, status=200):
    return render(
        request,
        f"toolkit/{template}",
        {
            "session": session,
            "ui": texts.ui,
            "lang": texts.language,
            "dir": rules.direction(texts.language),
            "hello": texts.ui["hello"].format(name=session.child.given_name),
            "saved": request.session.pop(SAVED_KEY, False),
            "limited": bool(session.only_part),
            **(context or {}),
        },
        status=status,
    )


def _answered(session) -> set[str]:
    return set(
        Answer.objects.filter(child_id=session.child_id).values_list("question_code", flat=True)
    )


@child_page
def home(request, session, texts):
    template = "child_road.html" if session.kit == rules.BOOKLET else "child_decks.html"
    stickers = set(Sticker.objects.filter(child_id=session.child_id).values_list("part", flat=True))
    return _render(
        request,
        session,
        texts,
        template,
        {
            "parts": [p for p in texts.parts if rules.part_allowed(session.only_part, p.letter)],
            "decks": [d for d in texts.decks if rules.part_allowed(session.only_part, d.letter)],
            "stickers": stickers,
            "languages": texts.language_names(),
            "has_info": bool(texts.info_pages),  # not in sessions of catalogue 2026.1
        },
    )


@require_POST
@child_page
def language(request, session, texts):
    services.set_language(session, request.POST.get("language", ""))
    return redirect(session.child_url())


@child_page
def part(request, session, texts, part_code: str):
    _in_session(session, part_code)
    stickered = Sticker.objects.filter(child_id=session.child_id, part=part_code).exists()
    return _render(
        request,
        session,
        texts,
        "child_part.html",
        {
            "part": texts.part(part_code),
            "info_pages": texts.info_for_part(part_code),
            "answered": _answered(session),
            "stickered": stickered,
        },
    )


@require_POST
@child_page
def sticker(request, session, texts, part_code: str):
    services.put_sticker(session, texts.part(_in_session(session, part_code)).letter)
    return redirect(session.child_url() + f"#part-{part_code}")


@child_page
def question(request, session, texts, question_code: str):
    asked = texts.question(question_code)
    _in_session(session, asked.part)
    back = _back_url(session, asked)
    previous = Answer.objects.filter(session=session, question_code=asked.code).first()
    error = None
    if request.method == "POST":
        error, answer = _save(request, session, asked)
        if error is None:
            request.session[SAVED_KEY] = True
            return redirect(_share_url(session, answer, back))
    if previous is not None:
        record(request, Action.VIEW, previous, detail="toolkit answer in child mode")
    return _render(
        request,
        session,
        texts,
        "child_question.html",
        {
            "question": asked,
            "back": back,
            "previous": previous,
            "feelings": texts.feelings(),
            "error": error,
        },
        status=400 if error else 200,
    )


def _back_url(session, asked: content.Question) -> str:
    if asked.card:
        return session.child_url("child_card", card_code=asked.card)
    return session.child_url("child_part", part_code=asked.part) + f"#q-{asked.code}"


def _save(request, session, asked: content.Question) -> tuple[str | None, Answer | None]:
    """Save the posted answer: (None, the answer), or (the problem in words, English for the
    log, None) if it can't be saved."""
    if asked.kind == "draw":
        try:
            drawing = rules.png_from_data_url(request.POST.get("drawing", ""))
        except ValueError as problem:
            return str(problem), None
        return None, services.save_answer(request, session, asked, drawing=drawing)
    if asked.kind in ("choice", "feeling"):
        allowed = (
            {code for code, _ in asked.options}
            if asked.kind == "choice"
            else {code for code, _face, _label in content.Content("en").feelings()}
        )
        chosen = [code for code in request.POST.getlist("choice") if code in allowed]
        return None, services.save_answer(request, session, asked, choices=chosen[: len(allowed)])
    form = WordsForm(request.POST)
    if not form.is_valid():
        return "too long", None
    return None, services.save_answer(request, session, asked, words=form.cleaned_data["words"])


def _share_url(session, answer: Answer, then: str) -> str:
    """After an answer: the child's question of who may see it, then on to `then`."""
    return session.child_url("child_share", answer_pk=answer.pk) + "?" + urlencode({"next": then})


@child_page
def share(request, session, texts, answer_pk: int):
    """Who may see this? The child picks one of three pictures, or goes on (it stays private)."""
    answer = get_object_or_404(Answer, pk=answer_pk, session=session)
    then = request.POST.get("next") or request.GET.get("next", "")
    if not then.startswith(session.child_url()):  # only back into this child-mode session
        then = session.child_url()
    if request.method == "POST":
        choice = request.POST.get("shared_with", "")
        if choice in rules.SHARING:
            services.set_sharing(request, answer, choice, in_child_mode=True)
        return redirect(then)
    return _render(
        request,
        session,
        texts,
        "child_share.html",
        {"answer": answer, "next": then, "choices": _share_choices(texts)},
    )


def _share_choices(texts) -> list[tuple[str, str, str]]:
    """(value, picture, words) of the three choices, the private one first."""
    return [
        (rules.SHARE_PRIVATE, "private", texts.ui["share_private"]),
        (rules.SHARE_PARENTS, "parents", texts.ui["share_parents"]),
        (rules.SHARE_TEAM, "team", texts.ui["share_team"]),
    ]


@child_page
def info(request, session, texts, page_code: str):
    """An information page: what is going to happen, with only the case facts the adult ticked.
    In the information booklet (cards, 10-12) the child may write a point for his return plan."""
    page = texts.info_page(page_code)
    _in_session(session, page.part)
    form = WishForm(request.POST or None) if session.kit == rules.CARDS else None
    if form is not None and form.is_valid():
        point = services.add_info_point(request, session, page, form.cleaned_data["what"])
        request.session[SAVED_KEY] = True
        here = session.child_url("child_info", page_code=page.code)
        return redirect(_share_url(session, point, here))
    points = _info_points(request, session, page) if form is not None else []
    return _render(
        request,
        session,
        texts,
        "child_info.html",
        {
            "page": page,
            "facts": _facts(session, texts, page),
            "form": form,
            "points": points,
            "next_page": texts.info_after(page, session.only_part),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _facts(session, texts, page) -> list[tuple[str, str]]:
    """(label, value) of the facts this page shows: only those ticked for this session."""
    known = queries.case_facts(session.child, texts.language, met_by=session.met_by)
    shown = rules.facts_to_show(page.facts, session.shown_facts, known)
    return [(texts.ui[f"fact_{fact}"], value) for fact, value in shown]


def _info_points(request, session, page) -> list[Answer]:
    points = access.visible_answers(
        request.user, Answer.objects.filter(child_id=session.child_id, question_code=page.code)
    )
    if points:
        record(request, Action.VIEW, session.child, detail="toolkit information points")
    return list(points)


@child_page
def info_booklet(request, session, texts):
    """The information booklet of the cards (10-12): every information page, in order."""
    pages = [p for p in texts.info_pages if rules.part_allowed(session.only_part, p.part)]
    return _render(request, session, texts, "child_info_booklet.html", {"pages": pages})


@child_page
def deck(request, session, texts, deck_code: str):
    deck = texts.deck(_in_session(session, deck_code))
    return _render(request, session, texts, "child_deck.html", {"deck": deck})


@require_POST
@child_page
def draw_card(request, session, texts, deck_code: str):
    code = services.draw_card(session, texts.deck(_in_session(session, deck_code)))
    return redirect(session.child_url("child_card", card_code=code))


@child_page
def card(request, session, texts, card_code: str):
    _in_session(session, texts.card(card_code).part)
    return _render(
        request,
        session,
        texts,
        "child_card.html",
        {"card": texts.card(card_code), "answered": _answered(session)},
    )


@child_page
def plan(request, session, texts):
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wish = services.add_wish(
            request, session, form.cleaned_data["what"], form.cleaned_data["helper"]
        )
        request.session[SAVED_KEY] = True
        return redirect(_share_url(session, wish, session.child_url("child_plan")))
    wishes = access.visible_answers(
        request.user, Answer.objects.filter(child_id=session.child_id, kind=Answer.Kind.WISH)
    )
    if wishes:
        record(request, Action.VIEW, session.child, detail="toolkit wishes in child mode")
    return _render(request, session, texts, "child_plan.html", {"form": form, "wishes": wishes})


@child_page
def farewell(request, session, texts):
    """A farewell page the child watches a friend (or a grown-up) write. The contact field is
    there only when the parents agreed; contact details posted without it are refused."""
    child = session.child
    allowed = services.contact_allowed(child)
    form = FarewellForm(
        request.POST or None, contact_allowed=allowed, no_contact=texts.ui["farewell_no_contact"]
    )
    problem = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.add_farewell(request, request.user, child, session=session, **data)
            request.session[SAVED_KEY] = True
            return redirect(session.child_url("child_farewell"))
        codes = {error.code for error in form.non_field_errors().as_data()}
        problem = (
            texts.ui["farewell_no_contact"]
            if "contact_not_agreed" in codes
            else texts.ui["farewell_needs"]
        )
    pages = queries.farewell_pages(child, contact_allowed=allowed)
    if pages:
        record(request, Action.VIEW, child, detail="farewell pages in child mode")
    writers = [(code, texts.ui[key]) for code, key in queries.WRITER_CODES.items()]
    return _render(
        request,
        session,
        texts,
        "child_farewell.html",
        {
            "form": form,
            "pages": [(page, dict(writers).get(page.writer, "")) for page in pages],
            "writers": writers,
            "contact_allowed": allowed,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@child_page
def unlock(request, session, texts):
    form = PinForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_child_mode(request, session, form.cleaned_data["pin"])
        except services.PinLocked:
            problem = "locked"
        except services.WrongPin:
            problem = "wrong" if rules.may_try_pin(session.pin_failures) else "locked"
        else:
            return redirect(session.get_absolute_url())
    if not rules.may_try_pin(session.pin_failures):
        problem = "locked"
    return _render(
        request,
        session,
        texts,
        "child_unlock.html",
        {"form": form, "problem": problem},
        status=400 if problem else 200,
    )


@child_page
def drawing(request, session, texts, answer_pk: int):
    answer = get_object_or_404(Answer, pk=answer_pk, session=session, drawing__isnull=False)
    record(request, Action.VIEW, answer, detail="toolkit drawing in child mode")
    return png_response(answer)
