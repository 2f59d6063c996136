"""The family version of the return plan (issue 14 §4): only the items the team shared with the
family, in the family's language. Everything around the items comes from the `family_plan`
catalogue; an item's own text is shown as the professional wrote it, marked with its language.
Nothing else of the case (attention points, the child's voice, other items, notes) goes in."""

from __future__ import annotations

from datetime import date

from kaketoe.cases.models import Family, Person
from kaketoe.catalogues import loader
from kaketoe.guidance import queries as guidance_queries
from kaketoe.plans import rules
from kaketoe.plans.models import PlanItem, ReturnPlan
from kaketoe.plans.queries import departure_of

FAMILY_PLAN = "family_plan"


def languages() -> dict[str, str]:
    """Code -> the language's own name, in the catalogue's order (nl, en, ar, hy, ru)."""
    data = loader.load(FAMILY_PLAN).data
    return {code: data["language_names"][code] for code in data["languages"]}


def language_for(family: Family, requested: str | None) -> str:
    """?lang= when offered; else from the family's languages spoken; else the country of return
    (the school handover letter's mapping); else Dutch."""
    data = loader.load(FAMILY_PLAN).data
    return rules.family_language(
        requested or "",
        data["languages"],
        spoken=rules.spoken_language(family.languages, data["spoken_names"]),
        country_language=guidance_queries.letter_country_language(family.country_of_return),
    )


def unchecked_note(language: str, reader_language: str) -> str:
    """For the professional: 'The Arabic texts of the family version have not yet been checked
    by a native speaker.' in Dutch or English; '' for a checked language."""
    data = loader.load(FAMILY_PLAN).data
    if language not in data["unchecked_languages"]:
        return ""
    name = loader.Item("", data["language_titles"][language]).label(reader_language)
    return loader.Item("", data["unchecked_note"]).label(reader_language).format(language=name)


def shared_items(family: Family):
    return family.plan_items.filter(share_with_family=True).order_by("child_id", "domain", "pk")


def document(family: Family, plan: ReturnPlan, language: str, today: date) -> dict:
    """The family version as plain data for the page and the PDF."""
    catalogue = loader.load(FAMILY_PLAN)
    data = catalogue.data

    def text(code: str) -> str:
        return catalogue.item(code).label(language)

    departure = departure_of(family)
    items = list(shared_items(family))
    children = family.members.filter(relation=Person.Relation.CHILD, pk__in=_child_ids(items))
    parts = [(text("whole_family"), [item for item in items if item.child_id is None])]
    parts += [
        (text("for_child").format(name=child.given_name), _of(items, child)) for child in children
    ]
    return {
        "version": catalogue.version,
        "language": language,
        "rtl": language in data["right_to_left"],
        "title": catalogue.label(language),
        "intro": text("intro"),
        "columns": [text(code) for code in ("col_topic", "col_what", "col_when", "col_status")],
        "parts": [
            {"heading": heading, "rows": [_row(item, departure, text) for item in rows]}
            for heading, rows in parts
            if rows
        ],
        "nothing_shared": text("nothing_shared"),
        "ask_title": text("ask_title"),
        "ask_text": text("ask_text"),
        "printed": text("printed").format(date=_day(today), version=plan.version),
        "review_note": (
            loader.Item("", data["review_note"]).label(language)
            if language in data["unchecked_languages"]
            else ""
        ),
    }


def _child_ids(items: list[PlanItem]) -> set[int]:
    return {item.child_id for item in items if item.child_id}


def _of(items: list[PlanItem], child: Person) -> list[PlanItem]:
    return [item for item in items if item.child_id == child.pk]


def _row(item: PlanItem, departure: date | None, text) -> dict:
    due = item.due_on(departure)
    return {
        "topic": text(item.domain),
        "what": item.what,
        "what_language": item.text_language,
        "written": text(f"written_{item.text_language}"),
        "when": _when(item, text),
        "planned_for": text("planned_for"),
        "due": _day(due) if due else "",
        "status": text(f"status_{item.status}"),
    }


def _when(item: PlanItem, text) -> str:
    if item.timing == rules.AFTER_ARRIVAL and item.months:
        return text("timing_after_arrival_months").format(months=item.months)
    return text(f"timing_{item.timing}")


def _day(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"
