import pytest

from kaketoe.assessments import rules
from kaketoe.assessments.rules import Factor

SCOPES = {"PHY-01": "family", "PSY-01": "child", "MAT-01": "child"}


def test_child_items_need_an_answer_per_child_and_family_items_once():
    assert rules.slots(SCOPES, [7, 8]) == [
        (None, "PHY-01"),
        (7, "PSY-01"),
        (8, "PSY-01"),
        (7, "MAT-01"),
        (8, "MAT-01"),
    ]


def test_progress_counts_not_applicable_as_answered_but_not_as_met():
    slot_list = rules.slots(SCOPES, [7])
    answers = {(None, "PHY-01"): "met", (7, "PSY-01"): "na", (7, "MAT-01"): "unknown"}
    p = rules.progress(slot_list, answers)
    assert (p.total, p.answered, p.met, p.not_met, p.percent) == (3, 2, 1, 0, 67)


def test_progress_of_an_empty_checklist_is_complete_not_a_division_by_zero():
    assert rules.progress([], {}).percent == 100


def test_unmet_items_become_open_points():
    slot_list = rules.slots(SCOPES, [7, 8])
    answers = {(8, "MAT-01"): "not_met", (None, "PHY-01"): "met"}
    assert rules.open_points(slot_list, answers) == [(8, "MAT-01")]


def test_grid_counts_risks_and_protection_per_level_and_phase():
    grid = rules.grid_counts(
        [
            Factor("child", "pre", "risk"),
            Factor("child", "pre", "risk"),
            Factor("child", "pre", "protective"),
            Factor("family", "post", "risk"),
        ]
    )
    assert grid == {
        ("child", "pre"): {"risk": 2, "protective": 1},
        ("family", "post"): {"risk": 1, "protective": 0},
    }


def test_accumulation_is_flagged_where_risks_pile_up_without_protection():
    grid = {
        ("child", "post"): {"risk": 3, "protective": 1},
        ("family", "post"): {"risk": 3, "protective": 3},
        ("school", "re"): {"risk": 1, "protective": 0},
    }
    assert rules.accumulated_cells(grid) == [("child", "post")]


def test_factors_that_weigh_most_are_picked_out_only_as_risks():
    stay = Factor("family", "post", "risk", "LEN", weighs_most=True)
    helpful = Factor("family", "post", "protective", "P", weighs_most=True)
    assert rules.weighing_most([stay, helpful, Factor("child", "pre", "risk")]) == [stay]


def test_the_risky_combination_needs_all_three_elements_as_risk_factors():
    combo = ["bond_low", "parent_health_poor", "no_network"]
    bond = Factor("child", "re", "risk", tags=("bond_low",))
    health = Factor("family", "post", "risk", tags=("parent_health_poor",))
    network = Factor("society", "re", "risk", tags=("no_network",))
    assert rules.combination_present([bond, health, network], combo)
    assert not rules.combination_present([bond, health], combo)
    protective_network = Factor("society", "re", "protective", tags=("no_network",))
    assert not rules.combination_present([bond, health, protective_network], combo)


@pytest.mark.parametrize("seen", ["²:met:x", "9" * 40 + ":met:x", "", "garbage"])
def test_a_tampered_form_token_counts_as_an_unknown_version_not_a_crash(seen):
    from kaketoe.assessments.services import _seen_version

    assert _seen_version(seen) == -1
