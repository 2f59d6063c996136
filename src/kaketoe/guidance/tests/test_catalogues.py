"""The guidance catalogues say what the handbook says, in the languages they promise."""

from kaketoe.catalogues import loader


def test_signals_hold_the_fifteen_reactions_of_appendix_7_and_the_related_lists():
    signals = loader.load("signals")
    groups = {g["code"]: [i["code"] for i in g["items"]] for g in signals.data["groups"]}
    assert groups["B7"] == [f"B7-{n:02d}" for n in range(1, 16)]
    assert set(groups) == {"B7", "H451", "H62"}
    assert signals.item("B7-15").label("nl").startswith("Vertraging in de ontwikkeling")


def test_only_some_signals_are_serious_and_guilt_carries_its_age_note():
    signals = loader.load("signals")
    serious = {item.code for item in signals.items() if item.attrs.get("serious")}
    assert serious == {"B7-04", "B7-15", "H451-02"}
    guilt = signals.item("B7-05")
    assert guilt.attrs["from_age"] == 6 and "zes jaar" in guilt.attrs["age_note"]["nl"]


def test_parent_guidance_has_the_three_principles_and_five_handles():
    catalogue = loader.load("parent_guidance")
    assert [i.code for i in catalogue.section("principles")] == ["PG-1", "PG-2", "PG-3"]
    assert [c.code for c in catalogue.item("PG-2").children] == [
        "PG-2.1",
        "PG-2.2",
        "PG-2.3",
        "PG-2.4",
    ]
    assert len(catalogue.section("handles")) == 5


FAMILY_LANGUAGES = ["nl", "en", "ar", "hy", "ru"]


def test_the_brochure_is_complete_in_dutch_english_arabic_armenian_and_russian():
    data = loader.load("parent_brochure").data
    assert data["languages"] == FAMILY_LANGUAGES and data["right_to_left"] == ["ar"]
    assert set(data["language_names"]) == set(FAMILY_LANGUAGES)
    texts = [data["title"], data["intro"]["text"], data["closing"]["text"], data["review_note"]]
    for section in data["sections"]:
        texts += [section["title"]] + [p["text"] for p in section["paragraphs"]]
    for text in texts:
        assert set(text) == set(FAMILY_LANGUAGES)
        assert all(value.strip() for value in text.values())


def test_the_brochure_marks_arabic_armenian_and_russian_as_not_yet_checked():
    data = loader.load("parent_brochure").data
    assert data["unreviewed"] == ["ar", "hy", "ru"]


def test_the_brochure_covers_every_topic_the_handbook_names():
    codes = [s["code"] for s in loader.load("parent_brochure").data["sections"]]
    assert codes == [
        "PB-WHY",
        "PB-HONEST",
        "PB-IN-TIME",
        "PB-FEELINGS",
        "PB-NOT-RESPONSIBLE",
        "PB-TOOLKIT",
        "PB-HELP",
    ]


def test_the_culture_reference_has_the_six_themes_of_appendix_8():
    themes = loader.load("culture_reference").data["themes"]
    assert [t["code"] for t in themes] == [
        "B8-VALUES",
        "B8-ROLES",
        "B8-UPBRINGING",
        "B8-SCHOOL",
        "B8-COMMUNICATION",
        "B8-TRAUMA",
    ]
    assert sum(len(t["rows"]) for t in themes) == 30


def test_the_handover_letter_has_every_phrase_in_every_family_language():
    letter = loader.load("handover_letter")
    assert letter.data["languages"] == FAMILY_LANGUAGES
    assert letter.data["unchecked_languages"] == ["ar", "hy", "ru"]
    assert letter.label("hy") and letter.label("ru") and letter.label("ar") != letter.label("en")
    for item in letter.items():
        assert all(item.text.get(language, "").strip() for language in FAMILY_LANGUAGES), item.code


def test_every_country_language_of_the_letter_is_one_it_has():
    data = loader.load("handover_letter").data
    assert set(data["country_languages"].values()) <= set(data["languages"]) - {"nl", "en"}
    assert data["country_languages"]["AM"] == "hy" and data["country_languages"]["GE"] == "ru"
    assert data["country_languages"]["IQ"] == "ar"
