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


def child_overview(child, language: str) -> dict:
    answers = (
        Answer.objects.filter(child=child).select_related("session").order_by("created_at", "pk")
    )
    rows = answers_in_words(answers, language)
    return {
        "kit": rules.kit_for(child.age_band()),
        "sessions": child.toolkit_sessions.all(),
        "answers": rows,
        "plan_answers": answers_in_words(answers_for_return_plan(child), language),
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


def answers_for_return_plan(child):
    """The answers (and wishes) the child wants in the return plan, oldest first: for the
    plan's child's-voice section to show (linked, not copied)."""
    return Answer.objects.filter(child=child, for_return_plan=True).order_by("created_at", "pk")


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
        "source": guidance.source,
        "unchecked_note": _pick(load(content.TOOLKIT).data.get("unchecked_note"), language),
    }


def _pick(text: dict | None, language: str) -> str:
    if not text:
        return ""
    return text.get(language) or text.get("en", "")
