"""The toolkit's rules, without HTTP: which kit, which guidance, the PIN, drawings, the lock."""

import base64

import pytest

from kaketoe.catalogues.loader import load
from kaketoe.toolkit import rules

PNG = rules.PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


def data_url(data: bytes) -> str:
    return rules.DATA_URL_PREFIX + base64.b64encode(data).decode()


@pytest.mark.parametrize(
    ("band", "kit"),
    [("0-5", None), ("6-9", "booklet"), ("10-12", "cards"), ("13-17", "cards"), (None, None)],
)
def test_the_booklet_is_for_6_to_9_and_the_cards_for_10_and_older(band, kit):
    assert rules.kit_for(band) == kit


@pytest.mark.parametrize(
    ("age", "group"),
    [
        (4, "AGE-6-8"),
        (6, "AGE-6-8"),
        (7, "AGE-6-8"),
        (8, "AGE-8-10"),  # the bands overlap at 8: the lower bound wins
        (9, "AGE-8-10"),
        (10, "AGE-10-12"),
        (12, "AGE-10-12"),
        (15, "AGE-10-12"),
        (None, "AGE-6-8"),
    ],
)
def test_appendix_6_age_group_for_a_child(age, group):
    groups = load("child_conversation").data["age_groups"]
    assert rules.guidance_group(age, groups)["code"] == group


def test_recommended_minutes_follow_appendix_6():
    groups = {g["code"]: g["minutes"] for g in load("child_conversation").data["age_groups"]}
    assert groups == {"AGE-6-8": [15, 20], "AGE-8-10": [30, 45], "AGE-10-12": [60, 60]}


def test_there_are_eleven_conditions_and_trauma_guidance_says_never_probe():
    guidance = load("child_conversation")
    assert len(guidance.section("conditions")) == 11
    assert any("never probe" in item.label("en").lower() for item in guidance.section("trauma"))


@pytest.mark.parametrize(
    ("pin", "problem"),
    [
        # Good PINs: 4 to 8 digits, nothing a child (or anyone) guesses first.
        ("4826", None),
        ("2468", None),
        ("1357", None),
        ("90210", None),
        ("73914682", None),
        ("0815", None),
        # Not 4-8 digits 0-9.
        ("", "digits"),
        ("482", "digits"),
        ("482619375", "digits"),
        ("12a4", "digits"),
        ("4826\n", "digits"),
        (" 4826", "digits"),
        ("١٢٣٤", "digits"),
        (None, "digits"),
        # One digit repeated.
        ("0000", "same"),
        ("1111", "same"),
        ("9999", "same"),
        ("55555555", "same"),
        # A run up or down.
        ("1234", "run"),
        ("4321", "run"),
        ("0123", "run"),
        ("9876", "run"),
        ("3456", "run"),
        ("12345", "run"),
        ("98765432", "run"),
        ("23456789", "run"),
        # Among the PINs people choose most often.
        ("1212", "common"),
        ("2580", "common"),
        ("1004", "common"),
        ("6969", "common"),
        ("2000", "common"),
        ("1122", "common"),
    ],
)
def test_a_pin_has_four_to_eight_digits_and_is_not_easy_to_guess(pin, problem):
    assert rules.pin_problem(pin) == problem
    assert rules.is_valid_pin(pin) is (problem is None)


def test_a_run_wraps_nowhere_and_steps_of_two_are_no_run():
    assert rules.pin_problem("8901") is None  # 9 -> 0 is not one up
    assert rules.pin_problem("2468") is None


def test_after_five_wrong_pins_only_logging_in_again_helps():
    assert rules.may_try_pin(0)
    assert rules.may_try_pin(rules.MAX_PIN_FAILURES - 1)
    assert not rules.may_try_pin(rules.MAX_PIN_FAILURES)


def test_a_drawing_must_be_a_png_data_url():
    assert rules.png_from_data_url(data_url(PNG)) == PNG
    for bad in [
        "",
        "data:image/jpeg;base64," + base64.b64encode(PNG).decode(),
        data_url(b"GIF89a" + b"\x00" * 20),
        rules.DATA_URL_PREFIX + "not base64!",
        None,
    ]:
        with pytest.raises(ValueError):
            rules.png_from_data_url(bad)


def test_a_drawing_may_be_at_most_one_megabyte():
    assert rules.png_from_data_url(data_url(PNG + b"\x00" * (rules.MAX_DRAWING_BYTES - len(PNG))))
    with pytest.raises(ValueError):
        rules.png_from_data_url(data_url(PNG + b"\x00" * rules.MAX_DRAWING_BYTES))


LOCK = {"session": 3, "family": 1, "child": 2}
OWN = {"pk": 1, "child_pk": 2, "session_pk": 3}


@pytest.mark.parametrize("page", sorted(rules.CHILD_PAGES))
def test_child_mode_allows_the_child_pages_of_its_own_session(page):
    assert rules.allowed_in_child_mode(f"toolkit:{page}", {**OWN, "part_code": "A"}, LOCK)


@pytest.mark.parametrize(
    ("view_name", "kwargs"),
    [
        ("cases:caseload", {}),
        ("cases:family", {"pk": 1}),
        ("toolkit:child", {"pk": 1, "child_pk": 2}),
        ("toolkit:session", OWN),  # the professional's record needs the PIN first
        ("toolkit:drawing", {"pk": 1, "child_pk": 2, "answer_pk": 5}),
        ("toolkit:prepare", {"pk": 1, "child_pk": 2}),
        ("toolkit:child_home", {**OWN, "session_pk": 4}),  # another session
        ("toolkit:child_home", {**OWN, "child_pk": 9}),  # another child
        ("toolkit:child_home", {**OWN, "pk": 7}),
        ("accounts:login", {}),
        ("audit:log", {}),
    ],
)
def test_child_mode_refuses_everything_else(view_name, kwargs):
    assert not rules.allowed_in_child_mode(view_name, kwargs, LOCK)


def test_child_mode_lets_the_professional_log_out():
    assert rules.allowed_in_child_mode("accounts:logout", {}, LOCK)


def test_arabic_is_right_to_left():
    assert rules.direction("ar") == "rtl"
    assert rules.direction("nl") == rules.direction("en") == "ltr"
