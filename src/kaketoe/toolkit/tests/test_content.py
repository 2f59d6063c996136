"""The child-facing content: complete in Dutch, English, Arabic, Armenian and Russian, and in the
handbook's shape."""

import pytest

from kaketoe.catalogues.loader import load
from kaketoe.toolkit.content import TOOLKIT, Content

PARTS = {"A": "purple", "B": "green", "C": "blue", "D": "orange"}


def texts_of(node, path=""):
    """Every language mapping in the catalogue (text/title), with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "title") and isinstance(value, dict):
                yield f"{path}.{key}", value
            else:
                yield from texts_of(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from texts_of(value, f"{path}[{index}]")


LANGUAGES = ["nl", "en", "ar", "hy", "ru"]


def test_every_child_text_is_in_dutch_english_arabic_armenian_and_russian():
    data = load(TOOLKIT).data
    assert data["languages"] == LANGUAGES
    assert set(data["language_names"]) == set(LANGUAGES)
    missing = [
        f"{where}: {language}"
        for where, text in texts_of(data)
        for language in LANGUAGES
        if not (text.get(language) or "").strip()
    ]
    assert missing == []


def test_arabic_armenian_and_russian_are_marked_as_not_yet_checked_by_a_native_speaker():
    data = load(TOOLKIT).data
    assert data["unchecked_languages"] == ["ar", "hy", "ru"]
    assert data["right_to_left"] == ["ar"]
    assert "Armenian" in data["unchecked_note"]["en"] and "Russian" in data["unchecked_note"]["en"]


def test_the_booklet_has_four_coloured_parts_with_a_story_and_every_kind_of_task():
    content = Content("en")
    assert {part.letter: part.colour for part in content.parts} == PARTS
    for part in content.parts:
        assert len(part.story) > 200
        assert {q.kind for q in part.questions} == {"choice", "words", "draw", "feeling"}
        for question in part.questions:
            assert (question.kind == "choice") == bool(question.options)


def test_four_decks_in_the_same_colours_each_card_with_three_or_four_questions():
    content = Content("nl")
    assert {deck.letter: deck.colour for deck in content.decks} == PARTS
    for deck in content.decks:
        assert deck.cards
        for card in deck.cards:
            assert 3 <= len(card.questions) <= 4
            assert all(q.card == card.code for q in card.questions)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_child_hears_there_are_no_wrong_answers_and_may_skip(language):
    ui = Content(language).ui
    assert ui["no_wrong"] and ui["may_skip"]
    assert "{name}" in ui["hello"]


def test_screen_words_are_in_the_childs_language():
    assert Content("en").ui["no_wrong"] == "There are no wrong answers."
    assert Content("nl").ui["no_wrong"] == "Er zijn geen foute antwoorden."
    assert Content("ar").ui["no_wrong"] == "لا توجد إجابات خاطئة."
    assert Content("hy").ui["no_wrong"] == "Սխալ պատասխաններ չկան։"
    assert Content("ru").ui["no_wrong"] == "Неправильных ответов не бывает."
    assert Content("fr").language == "nl"  # an unknown language falls back to Dutch


def test_questions_are_found_by_code_wherever_they_are():
    content = Content("en")
    assert content.question("BOOK-A-3").kind == "draw"
    assert content.question("CARD-C-2-1").card == "CARD-C-2"
    with pytest.raises(LookupError):
        content.question("NOPE")


def test_no_question_asks_about_the_flight_itself():
    """Handbook §13.9: never probe; the story mentions the journey, the tasks do not ask it."""
    content = Content("en")
    questions = [q.text.lower() for part in content.parts for q in part.questions]
    questions += [q.text.lower() for d in content.decks for c in d.cards for q in c.questions]
    assert not [text for text in questions if "flight" in text or "fled" in text]
