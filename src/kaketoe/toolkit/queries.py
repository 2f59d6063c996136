"""Plain data for the professional's toolkit pages."""

from __future__ import annotations

from kaketoe.catalogues.loader import load
from kaketoe.toolkit import content, rules
from kaketoe.toolkit.models import Answer

GUIDANCE = "child_conversation"


def professional_content(language: str) -> content.Content:
    """Question texts for professionals: their own language (nl or en)."""
    return content.Content(language if language in ("nl", "en") else "en")


def answers_in_words(answers, language: str) -> list[dict]:
    """Each answer with its question and the answer in words (the child's words verbatim)."""
    texts = professional_content(language)
    rows = []
    for answer in answers:
        if answer.question_code == content.PLAN:
            question = texts.ui["plan"]
            part = ""
        elif answer.question_code.startswith(content.INFO_PREFIX):
            question, part = _info_question(texts, answer.question_code)
        else:
            try:
                asked = texts.question(answer.question_code)
            except LookupError:  # a question of another catalogue version
                asked = None
            question = asked.text if asked else answer.question_code
            part = asked.part if asked else ""
        rows.append(
            {
                "answer": answer,
                "question": question,
                "part": part,
                "text": texts.answer_text(answer),
            }
        )
    return rows


def _info_question(texts: content.Content, code: str) -> tuple[str, str]:
    """A point from the information booklet: "<information booklet>: <page title>"."""
    try:
        page = texts.info_page(code)
    except LookupError:
        return code, ""
    return f"{texts.ui['info_booklet']}: {page.title}", page.part


def child_overview(child, answers, language: str) -> dict:
    """The child's toolkit overview from the answers the viewer may read (cases.access
    .visible_answers); `kept_private` counts the others, without showing anything of them."""
    answers = list(answers.select_related("session").order_by("created_at", "pk"))
    return {
        "kit": rules.kit_for(child.age_band()),
        "sessions": child.toolkit_sessions.all(),
        "answers": answers_in_words(answers, language),
        "plan_answers": answers_in_words([a for a in answers if a.for_return_plan], language),
        "kept_private": Answer.objects.filter(child=child).count() - len(answers),
        "stickers": sorted(child.toolkit_stickers.values_list("part", flat=True)),
        "plan_link": plan_link(child),
    }


def plan_link(child) -> str | None:
    """The child's-voice section of the return plan, once kaketoe.plans offers one."""
    from django.apps import apps
    from django.urls import NoReverseMatch, reverse

    if not apps.is_installed("kaketoe.plans"):
        return None
    try:
        return reverse("plans:voices", kwargs={"pk": child.family_id, "child_pk": child.pk})
    except NoReverseMatch:
        return None


def preparation(child, language: str) -> dict:
    """Appendix 6 for this child's age, the eleven conditions and the trauma guidance."""
    guidance = load(GUIDANCE)
    groups = guidance.data["age_groups"]
    group = rules.guidance_group(child.age(), groups)
    rows = {row.code: row.label(language) for row in guidance.groups("rows")}
    return {
        "kit": rules.kit_for(child.age_band()),
        "age": child.age(),
        "group": {
            "code": group["code"],
            "title": guidance.group(group["code"]).label(language),
            "minutes": group["minutes"],
            "minutes_note": _pick(group.get("minutes_note"), language),
            "rows": [
                (rows[entry["row"]], guidance.item(entry["code"]).label(language))
                for entry in group["items"]
            ],
        },
        "conditions": [
            (item.label(language), _pick(item.attrs.get("guidance"), language))
            for item in guidance.section("conditions")
        ],
        "trauma": [item.label(language) for item in guidance.section("trauma")],
        "before_session": before_session(language),
        "source": guidance.source,
        "unchecked_note": _pick(load(content.TOOLKIT).data.get("unchecked_note"), language),
    }


def _pick(text: dict | None, language: str) -> str:
    if not text:
        return ""
    return text.get(language) or text.get("en", "")


# -- farewell pages and the child's own booklet --------------------------------------------------

WRITER_CODES = {
    "friend": "farewell_friend",
    "teacher": "farewell_teacher",
    "adult": "farewell_adult",
}


def farewell_pages(child, *, contact_allowed: bool) -> list:
    """The child's farewell pages, oldest first; contact details only while the parents'
    agreement is in force (they are erased on withdrawal, this is a second guard)."""
    from kaketoe.toolkit.models import FarewellMessage

    pages = list(FarewellMessage.objects.filter(child=child).order_by("created_at", "pk"))
    if not contact_allowed:
        for page in pages:
            page.contact = ""
    return pages


def booklet_language(child, wanted: str | None) -> str:
    """The language of the child's booklet PDF: asked for, else the child's last session's."""
    if wanted in rules.CHILD_LANGUAGES:
        return wanted
    last = child.toolkit_sessions.order_by("-started_at", "-pk").first()
    return last.language if last else rules.CHILD_LANGUAGES[0]


def booklet(child, answers, language: str, *, contact_allowed: bool) -> dict:
    """A booklet in the child's language from these answers (the take-home ones or the ones
    shared with the team, cases.access decides): the road with stickers, the answers per part
    (drawings as PNG data URIs), the cards answered, the wishes on "my return plan" and the
    farewell pages."""
    import base64

    texts = content.Content(language)
    answers = answers.order_by("created_at", "pk")
    wishes = list(answers.filter(kind=Answer.Kind.WISH))  # "my return plan" and info points
    answers = list(answers.exclude(kind=Answer.Kind.WISH))
    stickers = set(child.toolkit_stickers.values_list("part", flat=True))

    def row(answer, asked):
        drawing = (
            "data:image/png;base64," + base64.b64encode(bytes(answer.drawing)).decode()
            if answer.drawing
            else ""
        )
        return {
            "question": asked.text,
            "text": texts.answer_text(answer),
            "drawing": drawing,
            "dir": rules.direction(answer.language),
            "lang": answer.language,
        }

    by_code = {}
    for answer in answers:
        try:
            by_code[answer.question_code] = (answer, texts.question(answer.question_code))
        except LookupError:  # a question no longer in the catalogue
            continue
    parts = [
        {
            "letter": part.letter,
            "colour": part.colour,
            "title": part.title,
            "sticker": part.letter in stickers,
            "answers": [row(*by_code[q.code]) for q in part.questions if q.code in by_code],
        }
        for part in texts.parts
    ]
    cards = []
    for deck in texts.decks:
        for card in deck.cards:
            answered = [row(*by_code[q.code]) for q in card.questions if q.code in by_code]
            if answered:
                cards.append(
                    {
                        "colour": deck.colour,
                        "letter": deck.letter,
                        "prompt": card.prompt,
                        "answers": answered,
                    }
                )
    return {
        "lang": texts.language,
        "dir": rules.direction(texts.language),
        "ui": texts.ui,
        "title": texts.catalogue.label(texts.language),
        "parts": parts,
        "has_booklet": any(part["answers"] or part["sticker"] for part in parts),
        "cards": cards,
        "wishes": wishes,
        "farewells": [
            {"page": page, "writer": texts.ui[WRITER_CODES.get(page.writer, "farewell_adult")]}
            for page in farewell_pages(child, contact_allowed=contact_allowed)
        ],
    }


# -- the case facts an information page may show ---------------------------------------------------


def case_facts(child, language: str, *, met_by: str = "") -> dict[str, str]:
    """What the case knows of the six facts (rules.CASE_FACTS), in `language` where a fact has
    a translation (the country's name, the month). Unknown facts are left out. The caller shows
    only what the adult ticked (rules.facts_to_show): this is the one place child mode reads
    the case."""
    from django.utils import formats, translation

    family = child.family
    departure = family.actual_departure or family.planned_departure
    with translation.override(language):
        known = {
            rules.FACT_COUNTRY: str(family.country_of_return.name or ""),
            rules.FACT_CITY: family.place_of_return,
            rules.FACT_MONTH: formats.date_format(departure, "F Y") if departure else "",
            rules.FACT_MET_BY: met_by,
            rules.FACT_PARTNER: _partner_name(family),
            rules.FACT_SCHOOL: _new_school(child),
        }
    return {fact: value.strip() for fact, value in known.items() if value and value.strip()}


def _partner_name(family) -> str:
    """The partner organisation abroad the family is (or was last) handed over to."""
    from django.db.models import F

    from kaketoe.consent.models import Handover

    handover = (
        Handover.objects.filter(family=family)
        .select_related("organisation")
        .order_by(F("ended_at").asc(nulls_first=True), "-at")  # the one in force first
        .first()
    )
    return handover.organisation.name if handover else ""


def _new_school(child) -> str:
    from kaketoe.guidance.models import SchoolHandover

    handover = SchoolHandover.objects.filter(child=child).only("school_abroad").first()
    return handover.school_abroad if handover else ""


def start_initial(child) -> dict:
    """The start form as the child's last session left it: the parents' date and the child's
    wishes carry over; the facts are ticked afresh every time (nothing ticked by default)."""
    last = child.toolkit_sessions.order_by("-started_at", "-pk").first()
    initial = {"kit": rules.kit_for(child.age_band()), "language": "nl"}
    if last is not None:
        initial.update(
            language=last.language,
            talk_with=last.talk_with,
            interpreter_preference=last.interpreter_preference,
            parents_informed_on=child.toolkit_sessions.exclude(parents_informed_on=None)
            .values_list("parents_informed_on", flat=True)
            .first(),
        )
    return initial


def before_session(language: str) -> list[dict]:
    """The professional's guidance before a session: tell the parents first, loyalty, a man or
    a woman, what the information pages show, and that the texts are our own adaptation."""
    guidance = load(GUIDANCE)
    return [
        {
            "code": entry["code"],
            "title": _pick(entry["title"], language),
            "text": _pick(entry["text"], language),
        }
        for entry in guidance.data.get("before_session") or ()
    ]
