"""Read-side helpers: catalogue labels in the reader's language and the care prompt per child."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kaketoe.cases.models import Person
from kaketoe.catalogues import loader
from kaketoe.guidance import rules
from kaketoe.guidance.models import DOCUMENTS, SignalObservation

SIGNALS = "signals"
PARENT_GUIDANCE = "parent_guidance"
PARENT_BROCHURE = "parent_brochure"
CULTURE = "culture_reference"
LETTER = "handover_letter"


@dataclass(frozen=True)
class Signal:
    observation: SignalObservation
    label: str
    serious: bool


def signal_choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue's signals grouped as in the handbook, for a select with optgroups."""
    catalogue = loader.load(SIGNALS)
    choices = []
    for group in catalogue.data["groups"]:
        items = [catalogue.item(entry["code"]) for entry in group["items"]]
        title = loader.Item(group["code"], group["title"]).label(language)
        choices.append((title, [(item.code, _choice_label(item, language)) for item in items]))
    return choices


def _choice_label(item: loader.Item, language: str) -> str:
    mark = " (!)" if item.attrs.get("serious") else ""
    return f"{item.label(language)}{mark}"


def signals_of(child: Person, language: str) -> list[Signal]:
    """The child's signals, newest first, labelled from the catalogue version each used."""
    return [_labelled(observation, language) for observation in child.signals.all()]


def _labelled(observation: SignalObservation, language: str) -> Signal:
    if not observation.code:
        return Signal(observation, observation.free_text, False)
    item = loader.load(SIGNALS, observation.catalogue_version).item(observation.code)
    return Signal(observation, item.label(language), bool(item.attrs.get("serious")))


def care_prompt(signals: list[Signal], today: date) -> rules.CarePrompt | None:
    return rules.care_prompt(
        [rules.Observed(s.label, s.observation.observed_on, s.serious) for s in signals], today
    )


def family_prompts(children: list[Person], language: str, today: date) -> list[tuple]:
    """(child, care prompt) for every child who has one; one query for all their signals."""
    by_child: dict[int, list[Signal]] = {child.pk: [] for child in children}
    for observation in SignalObservation.objects.filter(child__in=children):
        by_child[observation.child_id].append(_labelled(observation, language))
    prompts = [(child, care_prompt(by_child[child.pk], today)) for child in children]
    return [(child, prompt) for child, prompt in prompts if prompt]


def topic_choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Parent-guidance principles (H5.1.1) and handles (H5.2.2), grouped, for checkboxes."""
    catalogue = loader.load(PARENT_GUIDANCE)
    groups = []
    for section in ("principles", "handles"):
        title = loader.Item(section, catalogue.data[f"{section}_title"]).label(language)
        items = [node for item in catalogue.section(section) for node in item.walk()]
        groups.append((title, [(item.code, item.label(language)) for item in items]))
    return groups


def topic_labels(version: str, codes: list[str], language: str) -> list[str]:
    catalogue = loader.load(PARENT_GUIDANCE, version)
    return [catalogue.item(code).label(language) for code in codes]


def brochure(language: str) -> dict:
    """The parent brochure in one language as plain data for a template."""
    catalogue = loader.load(PARENT_BROCHURE)
    data = catalogue.data

    def text(value: dict) -> str:
        return loader.Item("", value).label(language)

    return {
        "version": catalogue.version,
        "language": language,
        "rtl": language in data["right_to_left"],
        "title": catalogue.label(language),
        "intro": text(data["intro"]["text"]),
        "sections": [
            {
                "code": section["code"],
                "title": text(section["title"]),
                "paragraphs": [text(p["text"]) for p in section["paragraphs"]],
            }
            for section in data["sections"]
        ],
        "closing": text(data["closing"]["text"]),
        "review_note": text(data["review_note"]) if language in data["unreviewed"] else "",
    }


def brochure_languages() -> list[str]:
    return list(loader.load(PARENT_BROCHURE).data["languages"])


def culture_reference(language: str) -> dict:
    catalogue = loader.load(CULTURE)
    data = catalogue.data

    def text(value: dict) -> str:
        return loader.Item("", value).label(language)

    return {
        "title": catalogue.label(language),
        "source": catalogue.source,
        "caveat": text(data["caveat_note"]),
        "regions": text(data["regions_note"]),
        "collectivist": text(data["collectivist_title"]),
        "individualist": text(data["individualist_title"]),
        "themes": [
            {
                "title": text(theme["title"]),
                "rows": [
                    (text(row["collectivist"]["text"]), text(row["individualist"]["text"]))
                    for row in theme["rows"]
                ],
            }
            for theme in data["themes"]
        ],
    }


def letter_languages() -> dict[str, str]:
    """Every language the letter can be made in, code -> its own name (nl, en, ar, hy, ru)."""
    return dict(loader.load(LETTER).data["language_names"])


def letter_second_languages() -> list[str]:
    """The languages a letter can have after its Dutch or English part (ar, hy, ru)."""
    data = loader.load(LETTER).data
    return [code for code in data["languages"] if code not in data["base_languages"]]


def letter_country_language(country: str) -> str:
    """The letter's second language for a country of return ('' if none is supported)."""
    language = loader.load(LETTER).data["country_languages"].get(str(country or "").upper(), "")
    return language if language in letter_second_languages() else ""


def letter_unchecked_note(language: str, reader_language: str) -> str:
    """'The Armenian text of this letter has not yet been checked ...' in the reader's language
    (Dutch or English), or '' when `language` has been checked."""
    data = loader.load(LETTER).data
    if language not in data["unchecked_languages"]:
        return ""
    name = loader.Item("", data["language_titles"][language]).label(reader_language)
    return loader.Item("", data["unchecked_note"]).label(reader_language).format(language=name)


def handover_letters(handover, child: Person, language: str, second: str, today: date) -> list:
    """The letter in `language` (nl or en) and, when `second` is given, again in that language:
    one context per part, each with its language, direction and (in the first part) the note
    that the second part has not yet been checked by a native speaker."""
    rtl = loader.load(LETTER).data["right_to_left"]
    parts = []
    for code in [language] + ([second] if second else []):
        part = handover_letter(handover, child, code, today)
        part.update(language=code, rtl=code in rtl, unchecked="")
        parts.append(part)
    if second:
        parts[0]["unchecked"] = letter_unchecked_note(second, language)
    return parts


def handover_letter(handover, child: Person, language: str, today: date) -> dict:
    """The wording of the school handover letter in `language`, filled in."""
    catalogue = loader.load(LETTER)
    values = {
        "name": child.given_name,
        "date": _day(today),
        "version": handover.version if handover else 0,
    }
    letter = {item.code: item.label(language).format(**values) for item in catalogue.items()}
    letter["title"] = catalogue.label(language)
    context = {"letter": letter}
    if handover is None:
        return context
    context["documents"] = [
        (letter[name], present, translated) for name, present, translated in _documents(handover)
    ]
    if handover.farewell_done or handover.farewell_on:
        key = "farewell_done" if handover.farewell_done else "farewell_planned"
        context["farewell"] = (
            catalogue.item(key).label(language).format(date=_day(handover.farewell_on))
        )
    else:
        context["farewell"] = letter["farewell_none"]
    return context


def _documents(handover) -> list[tuple[str, bool, bool]]:
    return [
        (name, getattr(handover, f"{name}_present"), getattr(handover, f"{name}_translated"))
        for name, _label in DOCUMENTS
    ]


def _day(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"
