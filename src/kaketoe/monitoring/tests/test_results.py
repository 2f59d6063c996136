"""The result of a visit is the per-domain profile, not the total (issue 16 §4); visit windows
and closing a case before the year of monitoring is over. Pure functions, no database."""

from datetime import date

import pytest

from kaketoe.monitoring import checklist, rules, scoring

TOP = {
    "education_work": "good",
    "social_integration": "good",
    "housing": "good",
    "health": "good",
    "legal": "good",
    "family_relations": "good",
    "financial_support": "good",
}


@pytest.fixture(scope="module")
def appendix9():
    return checklist.load()


def armed_conflict_child(appendix9, month=6):
    """The handbook's case: every domain fine, but the child lives where there is armed conflict."""
    ratings = [{"domain": d, "level": lv} for d, lv in TOP.items()]
    ratings.append({"domain": "safety", "indicators": ["safety.unsafe.1"]})
    return scoring.score_visit(appendix9, ratings, month=month)


def stored(score):
    return {code: {"level": s.level, "points": s.points} for code, s in score.domains.items()}


def test_armed_conflict_child_shows_safety_first_and_marked_whatever_the_total(appendix9):
    score = armed_conflict_child(appendix9)
    assert (score.total_points, score.max_points) == (23, 25)  # what used to hide the danger
    profile = scoring.profile(appendix9, stored(score))
    assert profile[0].domain == "safety"
    assert profile[0].lowest and profile[0].level == "unsafe"
    assert [row.domain for row in profile if row.lowest] == ["safety"]
    assert scoring.lowest_level_domains(appendix9, stored(score)) == ["safety"]
    assert [a.key for a in score.alarms] == ["safety.unsafe"]
    assert not score.alarms[0].watch


def test_a_partial_visit_counts_rated_domains_out_of_eight(appendix9):
    ratings = [
        {"domain": "housing", "level": "good"},
        {"domain": "legal", "level": "some_gaps"},
    ]
    score = scoring.score_visit(appendix9, ratings, month=6)
    assert score.domains_rated == 2 and len(appendix9.domains) == 8
    profile = scoring.profile(appendix9, stored(score))
    assert [row.domain for row in profile[:2]] == ["housing", "legal"]  # rated before unrated
    assert all(row.level is None for row in profile[2:])


def test_profile_gives_each_level_its_rank_counting_up_from_the_lowest(appendix9):
    profile = scoring.profile(appendix9, {"health": {"level": "satisfactory"}})
    health = next(row for row in profile if row.domain == "health")
    assert (health.rank, health.levels, health.lowest) == (2, 3, False)


@pytest.mark.parametrize("domain", ["education_work", "social_integration"])
def test_unsatisfactory_education_or_social_integration_at_6_months_is_a_watch(appendix9, domain):
    six = scoring.score_visit(appendix9, [{"domain": domain, "level": "unsatisfactory"}], month=6)
    twelve = scoring.score_visit(appendix9, [{"domain": domain, "level": "unsatisfactory"}], 12)
    assert [a.watch for a in six.alarms] == [True]
    assert [a.watch for a in twelve.alarms] == [False]


def test_child_labour_stays_critical_at_6_months(appendix9):
    ratings = [{"domain": "education_work", "indicators": ["education_work.unsatisfactory.4"]}]
    score = scoring.score_visit(appendix9, ratings, month=6)
    assert {(a.key, a.watch) for a in score.alarms} == {
        ("education_work.unsatisfactory", True),
        ("education_work.unsatisfactory.4", False),
    }


def test_the_two_domain_notes_of_the_handbook_are_in_the_catalogue(appendix9):
    assert "9 months" in appendix9.domain("education_work").note["en"]
    assert "towards good" in appendix9.domain("social_integration").note["en"]
    assert appendix9.domain("housing").note is None


def test_a_6_month_visit_20_days_after_departure_is_early():
    departure = date(2026, 1, 10)
    assert rules.visit_is_early(departure, 6, date(2026, 1, 30))
    assert not rules.visit_is_early(departure, 6, date(2026, 6, 10))  # 30 days before: in time
    assert rules.visit_is_early(departure, 6, date(2026, 6, 9))
    assert not rules.visit_is_early(departure, 6, date(2026, 9, 1))  # late is not refused
    assert rules.work_completed_by_visit(6) == (rules.VISIT, 6)


@pytest.mark.parametrize(
    ("today", "twelve_done", "needs"),
    [
        (date(2026, 6, 1), False, True),  # five months after departure
        (date(2026, 6, 1), True, True),  # the 12-month visit done early: still not a year
        (date(2027, 2, 1), False, True),  # a year, but no 12-month visit
        (date(2027, 1, 10), True, False),  # a year and the 12-month visit
    ],
)
def test_closing_needs_a_reason_until_a_year_and_the_12_month_visit(today, twelve_done, needs):
    assert rules.closing_needs_reason(date(2026, 1, 10), today, twelve_done) is needs


def test_closing_a_case_that_never_departed_needs_no_reason():
    assert not rules.closing_needs_reason(None, date(2026, 6, 1), False)
