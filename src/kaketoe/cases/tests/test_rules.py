from datetime import date

import pytest

from kaketoe.cases import rules


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-5"),
        (5, "0-5"),
        (6, "6-9"),
        (9, "6-9"),
        (10, "10-12"),
        (12, "10-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "18+"),
    ],
)
def test_age_band_follows_the_toolkit_ages(age, band):
    assert rules.age_band(age) == band


def test_age_counts_whole_years_and_turns_on_the_birthday():
    born = date(2016, 3, 1)
    assert rules.age_on(born, date(2026, 2, 28)) == 9
    assert rules.age_on(born, date(2026, 3, 1)) == 10


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Mohammad"),
        ("Youssef", "Yusuf"),
        ("Ahmed Al-Hassan", "Ahmad Alhasan"),
        ("Hakobyan", "Hakobian"),
        ("Khalid", "Khaled"),
        ("Zeynep", "Zeinep"),
    ],
)
def test_transliteration_variants_share_a_name_key(one, other):
    assert rules.name_key(one) == rules.name_key(other)


@pytest.mark.parametrize(
    ("one", "other"), [("Mohammed", "Mahmoud"), ("Ani", "Anna Hakobyan"), ("Narek", "Davit")]
)
def test_different_names_keep_different_keys(one, other):
    assert rules.name_key(one) != rules.name_key(other)


def test_deadlines_before_departure_are_departure_dates_earliest_first():
    deadlines = rules.upcoming_deadlines(
        stage="preparing",
        departure_deadline=date(2027, 1, 10),
        planned_departure=date(2027, 1, 5),
        next_monitoring=date(2026, 12, 1),
    )
    assert [d.kind for d in deadlines] == ["planned_departure", "departure_deadline"]


def test_after_departure_the_next_deadline_is_monitoring_and_closed_cases_have_none():
    kwargs = {
        "departure_deadline": date(2026, 1, 1),
        "planned_departure": None,
        "next_monitoring": date(2027, 2, 1),
    }
    assert [d.kind for d in rules.upcoming_deadlines(stage="monitoring", **kwargs)] == [
        "next_monitoring"
    ]
    assert rules.upcoming_deadlines(stage="closed", **kwargs) == []


def test_caseload_puts_overdue_first_then_nearest_then_none():
    today = date(2026, 11, 28)
    overdue = rules.Deadline("departure_deadline", date(2026, 11, 20))
    soon = rules.Deadline("planned_departure", date(2026, 12, 1))
    later = rules.Deadline("planned_departure", date(2027, 3, 1))
    ordered = sorted([later, None, soon, overdue], key=lambda d: rules.caseload_sort_key(d, today))
    assert ordered == [overdue, soon, later, None]


@pytest.mark.parametrize(
    "needs, overridden, status",
    [
        ([], False, "not_started"),  # nothing asked yet (no children, not departed)
        ([(False, False)], False, "not_started"),
        ([(False, False), (False, False)], False, "not_started"),
        ([(True, False), (False, False)], False, "in_progress"),
        ([(False, True), (False, False)], False, "in_progress"),  # a note settles one piece
        ([(True, False), (True, False)], False, "done"),
        ([(True, False), (False, True)], False, "done"),
        ([(False, False)], True, "done"),  # marked done against the evidence
        ([], True, "done"),
    ],
)
def test_a_step_is_done_only_when_its_evidence_is(needs, overridden, status):
    assert rules.step_status(needs, overridden=overridden) == status


@pytest.mark.parametrize(
    "age, school", [(None, False), (3, False), (4, True), (17, True), (18, False)]
)
def test_school_age_is_four_to_seventeen(age, school):
    assert rules.is_school_age(age) is school


def test_a_typed_case_number_gives_the_family_id_or_nothing():
    from kaketoe.cases.rules import case_pk

    assert case_pk("KKT-000012") == case_pk(" kkt-12 ") == case_pk("12") == 12
    assert case_pk("٣") == 3  # Arabic-Indic digits are digits too
    for wrong in ["", "KKT-", "Hakobyan", "KKT-²", "12a", "9" * 10, "-5"]:
        assert case_pk(wrong) is None
