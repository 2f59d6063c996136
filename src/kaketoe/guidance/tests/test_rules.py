"""The care prompt and the other guidance rules, as pure functions (no database, no HTTP)."""

from datetime import date, timedelta

from kaketoe.guidance import rules
from kaketoe.guidance.rules import Observed

TODAY = date(2026, 11, 28)


def days_ago(n: int, serious: bool = False, label: str = "sadness") -> Observed:
    return Observed(label, TODAY - timedelta(days=n), serious)


def test_no_signals_no_prompt():
    assert rules.care_prompt([], TODAY) is None


def test_two_ordinary_signals_in_a_month_do_not_prompt():
    assert rules.care_prompt([days_ago(1), days_ago(10)], TODAY) is None


def test_three_signals_within_thirty_days_pile_up_and_prompt():
    prompt = rules.care_prompt([days_ago(0), days_ago(14), days_ago(29)], TODAY)
    assert prompt is not None
    assert prompt.piled_up == 3 and prompt.reasons == ["piled_up"]


def test_three_signals_spread_over_more_than_thirty_days_do_not_pile_up():
    assert rules.care_prompt([days_ago(0), days_ago(15), days_ago(30)], TODAY) is None


def test_a_pile_up_some_weeks_ago_still_prompts_within_ninety_days():
    prompt = rules.care_prompt([days_ago(60), days_ago(61), days_ago(62)], TODAY)
    assert prompt is not None and prompt.piled_up == 3


def test_signals_older_than_ninety_days_no_longer_prompt():
    assert rules.care_prompt([days_ago(90), days_ago(91), days_ago(92)], TODAY) is None


def test_one_serious_signal_prompts_on_its_own():
    prompt = rules.care_prompt([days_ago(5, serious=True, label="regression")], TODAY)
    assert prompt is not None
    assert prompt.serious == ("regression",) and prompt.reasons == ["serious"]


def test_a_serious_signal_from_long_ago_does_not_prompt():
    assert rules.care_prompt([days_ago(120, serious=True)], TODAY) is None


def test_signals_dated_after_today_are_ignored():
    future = [Observed("x", TODAY + timedelta(days=n)) for n in (1, 2, 3)]
    assert rules.care_prompt(future, TODAY) is None


def test_busiest_window_counts_the_most_signals_in_any_thirty_days():
    signals = [days_ago(n) for n in (0, 40, 45, 50, 80)]
    assert rules.busiest_window(signals) == 3


def test_changed_fields_names_what_differs():
    before = {"teacher": "Mw. Jansen", "diplomas_present": False, "farewell_on": None}
    after = {"teacher": "Mw. Jansen", "diplomas_present": True, "farewell_on": "2026-12-01"}
    assert rules.changed_fields(before, after) == ["diplomas_present", "farewell_on"]


def test_documents_to_arrange_lists_what_is_missing_or_untranslated():
    documents = [("birth", True, True), ("diplomas", True, False), ("reports", False, False)]
    assert rules.documents_to_arrange(documents) == [
        ("diplomas", "translated"),
        ("reports", "present"),
    ]
