"""The child-facing content of the toolkit, read from the `toolkit` catalogue in one language.

Templates get plain objects (parts, questions, decks, cards) whose texts are already in the
child's language; `ui` holds the words of the child's screens (UI-NO-WRONG -> ui.no_wrong).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kaketoe.catalogues.loader import Catalogue, load, versions
from kaketoe.toolkit import rules

TOOLKIT = "toolkit"
PLAN = "PLAN"  # the question code of a wish on the child's own "my return plan" page
INFO_PREFIX = "INFO-"  # a point in the information booklet has its page's code


@dataclass(frozen=True)
class Question:
    code: str
    kind: str  # choice | words | draw | feeling
    text: str
    part: str  # A-D
    colour: str
    options: tuple[tuple[str, str], ...] = ()
    card: str = ""  # the card a card question is on


@dataclass(frozen=True)
class Part:
    letter: str
    colour: str
    title: str
    story: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Card:
    code: str
    part: str
    colour: str
    prompt: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class InfoPage:
    """An information page: what is going to happen, in the child's language. `facts` are the
    case facts it may show (only those the adult ticked: rules.facts_to_show)."""

    code: str
    part: str
    colour: str
    picture: str
    title: str
    text: str
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deck:
    letter: str
    colour: str
    title: str
    cards: tuple[Card, ...] = field(default=())


class Content:
    def __init__(self, language: str, version: str | None = None):
        self.catalogue: Catalogue = load(TOOLKIT, version)
        self.language = language if language in self.languages() else rules.CHILD_LANGUAGES[0]

    def text(self, code: str) -> str:
        return self.catalogue.item(code).label(self.language)

    def languages(self) -> list[str]:
        return list(self.catalogue.data["languages"])

    def language_names(self) -> dict[str, str]:
        return dict(self.catalogue.data["language_names"])

    @cached_property
    def ui(self) -> dict[str, str]:
        return {
            entry["code"].removeprefix("UI-").lower().replace("-", "_"): self.text(entry["code"])
            for entry in self.catalogue.data["ui"]
        }

    def feelings(self) -> list[tuple[str, str, str]]:
        """(code, face, label) of every feeling face."""
        return [
            (entry["code"], entry["face"], self.text(entry["code"]))
            for entry in self.catalogue.data["feelings"]
        ]

    # -- booklet ---------------------------------------------------------------------------------
    @cached_property
    def parts(self) -> list[Part]:
        return [self._part(entry) for entry in self.catalogue.data["booklet"]]

    def part(self, letter: str) -> Part:
        return _find(self.parts, "letter", letter)

    def _part(self, entry: dict) -> Part:
        letter, colour = entry["part"], entry["colour"]
        return Part(
            letter=letter,
            colour=colour,
            title=_label(entry["title"], self.language),
            story=self.text(entry["story"]["code"]),
            questions=tuple(self._question(q, letter, colour) for q in entry["questions"]),
        )

    def _question(self, entry: dict, part: str, colour: str, card: str = "") -> Question:
        return Question(
            code=entry["code"],
            kind=entry.get("kind", "words"),
            text=self.text(entry["code"]),
            part=part,
            colour=colour,
            options=tuple((o["code"], self.text(o["code"])) for o in entry.get("options") or ()),
            card=card,
        )

    # -- cards -----------------------------------------------------------------------------------
    @cached_property
    def decks(self) -> list[Deck]:
        return [self._deck(entry) for entry in self.catalogue.data["cards"]]

    def deck(self, letter: str) -> Deck:
        return _find(self.decks, "letter", letter)

    def _deck(self, entry: dict) -> Deck:
        letter, colour = entry["part"], entry["colour"]
        cards = tuple(
            Card(
                code=card["code"],
                part=letter,
                colour=colour,
                prompt=self.text(card["code"]),
                questions=tuple(
                    self._question(q, letter, colour, card["code"]) for q in card["questions"]
                ),
            )
            for card in entry["cards"]
        )
        return Deck(letter, colour, _label(entry["title"], self.language), cards)

    def card(self, code: str) -> Card:
        return _find([c for deck in self.decks for c in deck.cards], "code", code)

    # -- information pages (2026.2 on; an older catalogue has none) ------------------------------
    @cached_property
    def info_pages(self) -> list[InfoPage]:
        colours = {entry["part"]: entry["colour"] for entry in self.catalogue.data["booklet"]}
        return [
            InfoPage(
                code=entry["code"],
                part=entry["part"],
                colour=colours[entry["part"]],
                picture=entry["picture"],
                title=_label(entry["title"], self.language),
                text=self.text(entry["code"]),
                facts=tuple(entry.get("facts") or ()),
            )
            for entry in self.catalogue.data.get("info") or ()
        ]

    def info_page(self, code: str) -> InfoPage:
        return _find(self.info_pages, "code", code)

    def info_for_part(self, letter: str) -> list[InfoPage]:
        return [page for page in self.info_pages if page.part == letter]

    def info_after(self, page: InfoPage, only_part: str = "") -> InfoPage | None:
        """The next information page (within `only_part` if set), or None at the end."""
        pages = [p for p in self.info_pages if rules.part_allowed(only_part, p.part)]
        index = pages.index(page) if page in pages else len(pages)
        return pages[index + 1] if index + 1 < len(pages) else None

    # -- any question ----------------------------------------------------------------------------
    @cached_property
    def _questions(self) -> dict[str, Question]:
        found = {q.code: q for part in self.parts for q in part.questions}
        found.update(
            (q.code, q) for deck in self.decks for card in deck.cards for q in card.questions
        )
        return found

    def question(self, code: str) -> Question:
        try:
            return self._questions[code]
        except KeyError:
            raise LookupError(f"no toolkit question {code!r}") from None

    def answer_text(self, answer) -> str:
        """An answer in words, for the professional: the child's words as written; choices and
        faces as their labels in this content's language."""
        labels = [self.text(code) for code in answer.choices if code in self.catalogue.codes()]
        return "; ".join(filter(None, [", ".join(labels), answer.words]))


def for_session(session) -> Content:
    """The content a session was started with (its catalogue version: a 2026.1 session has no
    information pages), in the session's language; the newest if that version is unknown."""
    version = session.catalogue_version
    return Content(session.language, version if version in versions(TOOLKIT) else None)


def _label(text: dict, language: str) -> str:
    return text.get(language) or text.get("en") or ""


def _find(items: list, attribute: str, value: str):
    for item in items:
        if getattr(item, attribute) == value:
            return item
    raise LookupError(f"no {attribute} {value!r} in the toolkit")
