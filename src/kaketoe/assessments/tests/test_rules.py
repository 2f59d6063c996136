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


# -- accumulation (issue 16 §3): risks only, never a balance -----------------------------------

LEVELS = ["child", "family", "school_friends", "society_culture"]
PHASES = ["pre_migration", "post_migration", "re_migration"]
COMBO = ("bond_low", "parent_health_poor", "no_network")


def risk(level, phase, n=0, **kw):
    return Factor(level, phase, "risk", ident=n, **kw)


def protective(level, phase, n=0):
    return Factor(level, phase, "protective", ident=n)


def one_per_cell(kind=risk, start=0):
    return [
        kind(level, phase, start + i * 3 + j)
        for i, level in enumerate(LEVELS)
        for j, phase in enumerate(PHASES)
    ]


def twenty_three_risks():
    """23 risk factors spread over all 12 cells (two in eleven cells, one in the last)."""
    return (one_per_cell() + one_per_cell(start=100))[:23]


def kinds(flags):
    return sorted({(flag.kind, flag.group) for flag in flags})


CASES = [
    ("no factors", [], []),
    ("one risk alone", [risk("child", "pre_migration")], []),
    (
        "one risk that weighs most",
        [risk("family", "post_migration", weighs_most=True)],
        [
            ("weighs_most", ""),
        ],
    ),
    (
        "two risks in two levels",
        [risk("child", "pre_migration", 1), risk("family", "re_migration", 2)],
        [],
    ),
    (
        "three risks in one cell",
        [risk("child", "post_migration", n) for n in range(3)],
        [("level", "child"), ("phase", "post_migration")],
    ),
    (
        "three risks in one level, three phases",
        [risk("school_friends", phase, n) for n, phase in enumerate(PHASES)],
        [("level", "school_friends")],
    ),
    (
        "three risks in one phase, three levels",
        [risk(level, "re_migration", n) for n, level in enumerate(LEVELS[:3])],
        [("levels", ""), ("phase", "re_migration")],
    ),
    (
        "the handbook's combination",
        [
            risk("child", "re_migration", 1, tags=("bond_low",)),
            risk("family", "post_migration", 2, tags=("parent_health_poor",)),
            risk("society_culture", "re_migration", 3, tags=("no_network",)),
        ],
        [("combination", ""), ("levels", "")],
    ),
    (
        "protective factors alone never raise a flag",
        one_per_cell(protective) + one_per_cell(protective, 100),
        [],
    ),
]


@pytest.mark.parametrize(("name", "factors", "expected"), CASES, ids=[c[0] for c in CASES])
def test_accumulation_table(name, factors, expected):
    assert kinds(rules.accumulation(factors, COMBO)) == sorted(expected)


def test_twelve_risks_one_per_cell_raise_a_flag():
    assert rules.accumulation(one_per_cell(), COMBO)


def test_twelve_protective_factors_beside_them_change_no_flag():
    risks = one_per_cell()
    with_protection = risks + one_per_cell(protective, start=200)
    assert rules.accumulation(with_protection, COMBO) == rules.accumulation(risks, COMBO)


def test_twenty_three_risks_over_twelve_cells_without_protection_are_flagged_everywhere():
    flags = rules.accumulation(twenty_three_risks(), COMBO)
    assert ("levels", "") in kinds(flags)
    assert {g for k, g in kinds(flags) if k == "level"} == set(LEVELS)
    assert {g for k, g in kinds(flags) if k == "phase"} == set(PHASES)


def test_each_factor_that_weighs_most_is_its_own_flag_even_among_much_protection():
    stay = risk("child", "post_migration", 1, weighs_most=True)
    parents = risk("family", "post_migration", 2, weighs_most=True)
    flags = rules.accumulation([stay, parents, *one_per_cell(protective, 10)], COMBO)
    assert [f.factors for f in flags if f.kind == "weighs_most"] == [(stay,), (parents,)]


def test_the_combination_flag_names_its_three_factors_and_needs_all_three_as_risks():
    bond = risk("child", "re_migration", 1, tags=("bond_low",))
    health = risk("family", "post_migration", 2, tags=("parent_health_poor",))
    network = Factor("society_culture", "re_migration", "protective", tags=("no_network",))
    assert "combination" not in {f.kind for f in rules.accumulation([bond, health, network], COMBO)}
    network = risk("society_culture", "re_migration", 3, tags=("no_network",))
    (combo,) = [
        f for f in rules.accumulation([bond, health, network], COMBO) if f.kind == "combination"
    ]
    assert combo.factors == (bond, health, network)


def test_the_thresholds_come_from_the_catalogue():
    two = rules.Thresholds(levels_min=2, per_level_min=2, per_phase_min=2)
    factors = [risk("child", "pre_migration", 1), risk("family", "pre_migration", 2)]
    assert kinds(rules.accumulation(factors, COMBO, two)) == [
        ("levels", ""),
        ("phase", "pre_migration"),
    ]


# -- who decides (issue 16 §5) -----------------------------------------------------------------

DTV, GGZ, NIDOS, COA = 1, 2, 3, 4
SIGN_OFF_CASES = [
    ("nobody", [], ["two_people", "two_organisations", "care_professional"]),
    ("one care worker", [(1, GGZ, "careworker")], ["two_people", "two_organisations"]),
    (
        "one person signing twice",
        [(1, GGZ, "careworker"), (1, GGZ, "careworker")],
        ["two_people", "two_organisations"],
    ),
    (
        "two of the same organisation",
        [(1, GGZ, "careworker"), (2, GGZ, "careworker")],
        ["two_organisations"],
    ),
    (
        "two organisations, neither care nor child protection",
        [(1, DTV, "regievoerder"), (2, COA, "casemanager")],
        ["care_professional"],
    ),
    ("return officer and care worker", [(1, DTV, "regievoerder"), (2, GGZ, "careworker")], []),
    ("return officer and guardian", [(1, DTV, "regievoerder"), (2, NIDOS, "guardian")], []),
    (
        "three signers, two organisations",
        [(1, GGZ, "careworker"), (2, GGZ, "careworker"), (3, DTV, "regievoerder")],
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "signers", "missing"), SIGN_OFF_CASES, ids=[c[0] for c in SIGN_OFF_CASES]
)
def test_who_decides_table(name, signers, missing):
    assert rules.sign_off_missing([rules.Signer(*s) for s in signers]) == missing


def test_the_partners_contribution_is_needed_only_when_a_handover_exists_or_is_planned():
    enough = [rules.Signer(1, DTV, "regievoerder"), rules.Signer(2, GGZ, "careworker")]
    assert rules.sign_off_missing(enough, partner_involved=False) == []
    assert rules.sign_off_missing(enough, partner_involved=True) == ["partner_contribution"]
    assert rules.sign_off_missing(enough, partner_involved=True, partner_recorded=True) == []


def test_a_factor_that_weighs_most_recorded_in_two_phases_is_one_flag():
    post = Factor("family", "post_migration", "risk", "B4-F-R-POST-01", True, ident=1)
    re = Factor("family", "re_migration", "risk", "B4-F-R-POST-01@re_migration", True, ident=2)
    (flag,) = [f for f in rules.accumulation([post, re], COMBO) if f.kind == "weighs_most"]
    assert flag.factors == (post, re)
