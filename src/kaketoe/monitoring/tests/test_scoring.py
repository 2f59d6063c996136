"""The appendix-9 scoring, specified from the monitoring issue's table. No database."""

import pytest

from kaketoe.monitoring import checklist, scoring
from kaketoe.monitoring.scoring import RatingError, score_visit

# The issue's table: domain -> levels (code = points), in order.
TABLE = {
    "education_work": {"good": 4, "satisfactory": 3, "below_average": 2, "unsatisfactory": 1},
    "social_integration": {"good": 4, "satisfactory": 3, "below_average": 2, "unsatisfactory": 1},
    "housing": {"good": 3, "satisfactory": 2, "below_average": 1, "unsatisfactory": 0},
    "health": {"good": 3, "satisfactory": 2, "unsatisfactory": 1},
    "legal": {"good": 3, "some_gaps": 1, "administrative_invisibility": 0},
    "safety": {"safe": 2, "safe_with_concerns": 1, "unsafe": 0},
    "family_relations": {"good": 3, "satisfactory": 2, "warning_signs": 1, "at_risk": 0},
    "financial_support": {"good": 3, "satisfactory": 2, "below_average": 1, "unsatisfactory": 0},
}
CRITICAL = {
    ("education_work", "unsatisfactory"),
    ("social_integration", "unsatisfactory"),
    ("housing", "unsatisfactory"),
    ("health", "unsatisfactory"),
    ("financial_support", "unsatisfactory"),
    ("legal", "administrative_invisibility"),
    ("safety", "unsafe"),
    ("family_relations", "at_risk"),
}
# Indicators per level in the appendix (DOMAIN.md §12.3).
COUNTS = {
    "education_work": [4, 4, 3, 4],
    "social_integration": [3, 2, 4, 4],
    "housing": [6, 6, 6, 8],
    "health": [4, 4, 5],
    "legal": [1, 1, 3],
    "safety": [1, 3, 3],
    "family_relations": [4, 2, 3, 3],
    "financial_support": [3, 3, 3, 2],
}


@pytest.fixture(scope="module")
def rules():
    return checklist.load()


def test_the_catalogue_has_the_domains_and_points_of_the_table(rules):
    assert {d.code: {lv.code: lv.points for lv in d.levels} for d in rules.domains} == TABLE
    assert list(rules.domain_codes()) == list(TABLE)


def test_every_indicator_is_coded_domain_level_n_in_appendix_order(rules):
    for domain, counts in COUNTS.items():
        for level, count in zip(TABLE[domain], counts, strict=True):
            codes = [
                c for c, i in rules.indicators.items() if (i.domain, i.level) == (domain, level)
            ]
            assert codes == [f"{domain}.{level}.{n}" for n in range(1, count + 1)]
    assert len(rules.indicators) == 102
    assert rules.indicators["housing.unsatisfactory.8"].text["en"].startswith("family will likely")
    assert rules.indicators["family_relations.warning_signs.2"].text["nl"]


def test_critical_levels_and_the_child_labour_indicator_are_those_of_the_issue(rules):
    levels = {(d.code, lv.code) for d in rules.domains for lv in d.levels if lv.critical}
    assert levels == CRITICAL
    critical = [c for c, i in rules.indicators.items() if i.critical]
    assert critical == ["education_work.unsatisfactory.4"]
    assert "child labour or exploitation" in rules.indicators[critical[0]].text["en"]


@pytest.mark.parametrize(
    ("domain", "level", "points"),
    [(d, lv, p) for d, levels in TABLE.items() for lv, p in levels.items()],
)
def test_a_chosen_level_scores_its_points_out_of_the_domain_maximum(rules, domain, level, points):
    score = score_visit(rules, [{"domain": domain, "level": level}])
    assert score.domains[domain].level == level
    assert score.domains[domain].points == points
    assert score.domains[domain].max_points == max(TABLE[domain].values())


def test_the_lowest_scoring_level_among_ticked_indicators_wins(rules):
    ratings = [{"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]}]
    housing = score_visit(rules, ratings).domains["housing"]
    assert (housing.level, housing.points, housing.max_points) == ("below_average", 1, 3)


def test_the_handbook_example_running_water_but_eviction_is_unsatisfactory(rules):
    ratings = [
        {"domain": "housing", "indicators": ["housing.satisfactory.1", "housing.unsatisfactory.8"]}
    ]
    score = score_visit(rules, ratings)
    assert score.domains["housing"].points == 0
    assert [a.key for a in score.alarms] == ["housing.unsatisfactory"]


def test_a_chosen_level_counts_with_the_ticked_indicators_and_the_lowest_wins(rules):
    ratings = [{"domain": "safety", "indicators": ["safety.safe.1"], "level": "unsafe"}]
    assert score_visit(rules, ratings).domains["safety"].level == "unsafe"
    ratings = [{"domain": "safety", "indicators": ["safety.unsafe.2"], "level": "safe"}]
    assert score_visit(rules, ratings).domains["safety"].level == "unsafe"


def test_total_is_over_the_rated_domains_and_unrated_domains_make_it_incomplete(rules):
    score = score_visit(
        rules,
        [
            {"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]},
            {"domain": "safety", "level": "safe"},
        ],
    )
    assert (score.total_points, score.max_points) == (1 + 2, 3 + 2)
    assert not score.complete
    assert set(score.unrated) == set(TABLE) - {"housing", "safety"}


def test_a_visit_rating_every_domain_is_complete_and_its_maximum_is_25(rules):
    ratings = [{"domain": d, "level": next(iter(levels))} for d, levels in TABLE.items()]
    score = score_visit(rules, ratings)
    assert score.complete and score.total_points == score.max_points == 25
    assert score.alarms == ()


def test_child_labour_raises_an_alert_whatever_the_rest(rules):
    ratings = [
        {"domain": "education_work", "indicators": ["education_work.unsatisfactory.4"]},
    ]
    keys = {a.key for a in score_visit(rules, ratings).alarms}
    assert keys == {"education_work.unsatisfactory", "education_work.unsatisfactory.4"}


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([{"domain": "weather", "level": "good"}], "Unknown domain"),
        ([{"domain": "housing", "level": "excellent"}], "Unknown level"),
        ([{"domain": "health", "level": "below_average"}], "Unknown level"),
        ([{"domain": "housing", "indicators": ["housing.good.99"]}], "Unknown indicator"),
        ([{"domain": "housing", "indicators": ["safety.safe.1"]}], "belongs to safety"),
        ([{"domain": "housing"}], "Tick at least one"),
        ([{"domain": "legal", "level": "good"}, {"domain": "legal", "level": "good"}], "twice"),
        ("housing", "must be a list"),
    ],
)
def test_bad_ratings_are_refused_with_a_clear_message(rules, ratings, message):
    with pytest.raises(RatingError, match=message):
        score_visit(rules, ratings)


def test_scoring_is_a_pure_function_of_the_checklist_data():
    tiny = checklist.from_catalogue_data(
        {
            "domains": [
                {
                    "code": "d",
                    "title": {"en": "D"},
                    "levels": [
                        {
                            "level": "hi",
                            "points": 5,
                            "title": {},
                            "items": [{"code": "d.hi.1", "text": {}}],
                        },
                        {"level": "lo", "points": 0, "critical": True, "title": {}},
                    ],
                }
            ]
        }
    )
    score = scoring.score_visit(tiny, [{"domain": "d", "indicators": ["d.hi.1"], "level": "lo"}])
    assert (score.total_points, score.max_points, score.complete) == (0, 5, True)
