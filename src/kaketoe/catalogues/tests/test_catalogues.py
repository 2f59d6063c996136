"""The catalogue files are sound, and the loader serves them. Pure Python: no database."""

import pytest

from kaketoe.catalogues import loader, schema
from kaketoe.catalogues.loader import CatalogueNotFound, effective_factors, original_code

ALL_FILES = [(name, version) for name in loader.names() for version in loader.versions(name)]


def test_there_are_catalogue_files():
    assert set(loader.names()) >= {
        "preconditions",
        "factors",
        "protective_measures",
        "risk_dimensions",
        "best_interests",
    }


@pytest.mark.parametrize(("name", "version"), ALL_FILES)
def test_every_catalogue_file_is_valid(name, version):
    data = loader.read(name, version)
    assert schema.validate(data) == []
    assert data["catalogue"] == name
    assert data["version"] == version
    catalogue = loader.load(name, version)
    assert catalogue.version == version
    assert catalogue.label("nl") and catalogue.label("en")


@pytest.mark.parametrize("name", loader.names())
def test_load_without_version_returns_the_latest(name):
    assert loader.load(name).version == loader.versions(name)[-1]
    assert loader.load(name) is loader.load(name)  # cached


def test_unknown_name_or_version_raises():
    with pytest.raises(CatalogueNotFound):
        loader.load("no_such_catalogue")
    with pytest.raises(CatalogueNotFound):
        loader.load("preconditions", "1900.1")
    with pytest.raises(LookupError):
        loader.load("../preconditions")
    assert loader.versions("no_such_catalogue") == []


def test_versions_sort_numerically():
    versions = ["2026.10", "2026.2", "2025.1", "2026.1"]
    assert sorted(versions, key=loader._version_key) == ["2025.1", "2026.1", "2026.2", "2026.10"]


def test_unknown_item_raises_key_error():
    with pytest.raises(KeyError):
        loader.load("preconditions").item("B1-NOPE-01")


def test_label_falls_back_to_english():
    item = loader.load("preconditions").item("B1-LEG-05")
    assert item.label("nl").startswith("Identiteitsdocumenten")
    assert item.label("nl-nl") == item.label("nl")
    assert item.label("en").startswith("The child's identity documents")
    assert item.label("fr") == item.label("en")


# -- preconditions (appendix 1) ------------------------------------------------------------------


def test_preconditions_has_the_64_items_of_appendix_1():
    catalogue = loader.load("preconditions", "2026.1")
    assert [area.code for area in catalogue.groups("areas")] == ["PHY", "PSY", "MAT", "LEG"]
    per_area = {
        area["code"]: sum(1 for entry in area["items"] for _ in loader._build(entry).walk())
        for area in catalogue.data["areas"]
    }
    assert per_area == {"PHY": 12, "PSY": 22, "MAT": 14, "LEG": 16}
    assert len(catalogue.codes()) == 64


def test_preconditions_codes_include_nested_items():
    catalogue = loader.load("preconditions", "2026.1")
    assert {"B1-PSY-10.2.3", "B1-LEG-03.2", "B1-MAT-09.3", "B1-PHY-02"} <= catalogue.codes()
    header = catalogue.item("B1-PSY-10.2")
    assert [child.code for child in header.children] == [
        "B1-PSY-10.2.1",
        "B1-PSY-10.2.2",
        "B1-PSY-10.2.3",
    ]
    assert header.attrs["header"] is True
    assert "PHY" not in catalogue.codes()  # areas are groupings, not items
    assert catalogue.group("PHY").label("nl") == "De fysieke veiligheid van het kind is gewaarborgd"


def test_preconditions_scope():
    catalogue = loader.load("preconditions", "2026.1")
    scopes = {item.code: item.attrs["scope"] for item in catalogue.items()}
    assert set(scopes.values()) == {"family", "child"}
    assert scopes["B1-LEG-05"] == "child"  # the child's identity documents
    assert scopes["B1-MAT-03"] == "child"  # the child's schooling
    assert scopes["B1-LEG-06"] == "child"  # the child's own view
    assert scopes["B1-PHY-09"] == "family"  # the family's re-integration plan
    assert scopes["B1-MAT-01"] == "family"  # housing, water, food


def test_duplicated_child_involvement_item_keeps_two_codes():
    catalogue = loader.load("preconditions", "2026.1")
    assert catalogue.item("B1-PHY-10").text == catalogue.item("B1-MAT-07").text
    assert catalogue.item("B1-PHY-10").attrs["same_text_as"] == "B1-MAT-07"


# -- schema ----------------------------------------------------------------------------------------


def _minimal():
    return {
        "catalogue": "x",
        "version": "2026.1",
        "title": {"en": "X", "nl": "X"},
        "source": "Somewhere",
        "items": [{"code": "A", "text": {"en": "a", "nl": "a"}}],
    }


def test_schema_accepts_a_minimal_catalogue():
    assert schema.validate(_minimal()) == []


def test_schema_reports_problems():
    data = _minimal()
    data["version"] = 2026.1
    del data["source"]
    data["items"].append({"code": "A", "text": {"en": "b", "nl": ""}})
    data["items"].append({"code": "B", "text": {"en": "b"}})
    problems = "\n".join(schema.validate(data))
    assert "'source'" in problems
    assert "version must be a string" in problems
    assert "duplicate code 'A'" in problems
    assert "empty 'nl'" in problems
    assert schema.validate([]) == ["catalogue file must be a mapping"]


def test_schema_checks_factor_values_and_inheritance():
    data = loader.read("factors", "2026.1")
    data["factors"][0]["level"] = "galaxy"
    data["factors"][1]["kind"] = "neutral"
    data["factors"][2]["phase"] = "someday"
    copy = next(f for f in data["factors"] if f.get("inherited_from"))
    copy["inherited_from"] = "B4-NOPE"
    problems = "\n".join(schema.validate(data))
    assert "unknown level 'galaxy'" in problems
    assert "kind must be risk or protective" in problems
    assert "unknown phase 'someday'" in problems
    assert "inherited_from 'B4-NOPE' is not a known factor" in problems


def test_schema_notices_a_missing_inherited_factor():
    data = loader.read("factors", "2026.1")
    data["factors"] = [f for f in data["factors"] if f["code"] != "B4-K-P-PRE-01@re_migration"]
    assert schema.validate(data) == [
        "inheritance (child, protective, re_migration): missing ['B4-K-P-PRE-01']"
    ]


# -- factors (appendix 4) --------------------------------------------------------------------------

PHASES = ["pre_migration", "post_migration", "re_migration"]
LEVELS = ["child", "family", "school_friends", "society_culture"]


def _codes(items):
    return [original_code(item) for item in items]


def test_factors_levels_phases_and_counts():
    catalogue = loader.load("factors", "2026.1")
    assert [level.code for level in catalogue.groups("levels")] == LEVELS
    assert [phase.code for phase in catalogue.groups("phases")] == PHASES
    factors = catalogue.data["factors"]
    own = [f for f in factors if "inherited_from" not in f]
    assert len(own) == 103  # every cell entry of appendix 4, as DOMAIN.md §7 lists them
    own_per_cell = {}
    for f in own:
        key = (f["level"], f["kind"])
        own_per_cell[key] = own_per_cell.get(key, 0) + 1
    assert own_per_cell == {
        ("child", "risk"): 24,
        ("child", "protective"): 14,
        ("family", "risk"): 9,
        ("family", "protective"): 11,
        ("school_friends", "risk"): 8,
        ("school_friends", "protective"): 11,
        ("society_culture", "risk"): 13,
        ("society_culture", "protective"): 13,
    }
    assert len(factors) == len(catalogue.codes()) == 171


def test_child_protective_pre_migration_factor_is_inherited_by_later_phases():
    catalogue = loader.load("factors", "2026.1")
    for phase in PHASES:
        assert "B4-K-P-PRE-01" in _codes(effective_factors(catalogue, "child", phase, "protective"))
    copy = catalogue.item("B4-K-P-PRE-01@re_migration")
    assert copy.attrs["inherited_from"] == "B4-K-P-PRE-01"
    assert copy.attrs["phase"] == "re_migration"
    assert copy.text == catalogue.item("B4-K-P-PRE-01").text
    # post-migration's own factors reach re-migration too (transitive "see (post-)migration")
    assert "B4-K-P-POST-02" in _codes(
        effective_factors(catalogue, "child", "re_migration", "protective")
    )


def test_child_risk_factors_are_not_inherited():
    catalogue = loader.load("factors", "2026.1")
    post = effective_factors(catalogue, "child", "post_migration", "risk")
    assert all(item.code.startswith("B4-K-R-POST-") for item in post)
    assert len(post) == 7


def test_inheritance_follows_the_cells_of_appendix_4():
    catalogue = loader.load("factors", "2026.1")

    def codes(level, phase, kind):
        return set(_codes(effective_factors(catalogue, level, phase, kind)))

    # family/school risk: post-migration has its own list; re-migration = post + own
    assert "B4-F-R-PRE-01" not in codes("family", "post_migration", "risk")
    assert "B4-F-R-PRE-01" not in codes("family", "re_migration", "risk")
    assert "B4-F-R-POST-01" in codes("family", "re_migration", "risk")
    assert "B4-S-R-POST-02" in codes("school_friends", "re_migration", "risk")
    assert "B4-S-R-PRE-02" not in codes("school_friends", "re_migration", "risk")
    # society risk: post = pre + own, re = post + own (so pre reaches re)
    assert "B4-M-R-PRE-01" in codes("society_culture", "post_migration", "risk")
    assert "B4-M-R-PRE-01" in codes("society_culture", "re_migration", "risk")
    # society protective: re = pre + post + own, explicitly
    assert {"B4-M-P-PRE-04", "B4-M-P-POST-02", "B4-M-P-RE-04"} <= codes(
        "society_culture", "re_migration", "protective"
    )
    counts = {
        (level, kind): [len(effective_factors(catalogue, level, p, kind)) for p in PHASES]
        for level in LEVELS
        for kind in ("risk", "protective")
    }
    assert counts == {
        ("child", "risk"): [5, 7, 12],
        ("child", "protective"): [6, 9, 13],
        ("family", "risk"): [2, 5, 7],
        ("family", "protective"): [4, 7, 11],
        ("school_friends", "risk"): [2, 5, 6],
        ("school_friends", "protective"): [3, 5, 11],
        ("society_culture", "risk"): [3, 7, 12],
        ("society_culture", "protective"): [7, 9, 13],
    }


def test_a_repeated_factor_is_not_duplicated():
    catalogue = loader.load("factors", "2026.1")
    re_risk = effective_factors(catalogue, "society_culture", "re_migration", "risk")
    texts = [item.label("nl") for item in re_risk]
    assert texts.count("Financiële onzekerheid") == 1
    assert catalogue.item("B4-M-R-RE-03").attrs["repeats"] == ["B4-M-R-PRE-03"]
    assert "B4-M-R-PRE-03@re_migration" not in catalogue.codes()


def test_effective_factors_lists_inherited_first_then_own():
    catalogue = loader.load("factors", "2026.1")
    items = effective_factors(catalogue, "family", "post_migration", "protective")
    assert [item.code for item in items] == [
        "B4-F-P-PRE-01@post_migration",
        "B4-F-P-PRE-02@post_migration",
        "B4-F-P-PRE-03@post_migration",
        "B4-F-P-PRE-04@post_migration",
        "B4-F-P-POST-01",
        "B4-F-P-POST-02",
        "B4-F-P-POST-03",
    ]
    assert effective_factors(catalogue, "child", "nowhere", "risk") == []


def test_weighs_most_and_combination_tags():
    catalogue = loader.load("factors", "2026.1")
    weighs = {original_code(i) for i in catalogue.items() if i.attrs.get("weighs_most")}
    assert weighs == {"B4-K-R-POST-03", "B4-F-R-POST-01"}
    tagged = {}
    for item in catalogue.items():
        for tag in item.attrs.get("combination", ()):
            tagged.setdefault(tag, set()).add(original_code(item))
    assert tagged == {
        "bond_low": {"B4-K-R-RE-03"},
        "parent_health_poor": {"B4-F-R-POST-01"},
        "no_network": {"B4-M-R-RE-01"},
    }
    assert catalogue.data["combination_rule"]["tags"] == list(tagged)
    assert catalogue.item("B4-F-R-POST-01@re_migration").attrs["weighs_most"] is True


def test_ambiguous_placements_carry_confidence():
    catalogue = loader.load("factors", "2026.1")
    age = catalogue.item("B4-K-R-POST-07")
    assert age.attrs["confidence"] == "A"
    assert age.attrs["alternative_phases"] == ["pre_migration"]
    ambiguous = {i.code for i in catalogue.items() if i.attrs.get("confidence") == "A"}
    assert ambiguous == {
        "B4-K-R-POST-07",
        "B4-K-P-RE-04",
        "B4-F-R-POST-04",
        "B4-F-R-POST-05",
        "B4-F-P-RE-04",
        "B4-S-R-POST-03",
        "B4-S-R-RE-01",
        "B4-S-P-RE-04",
        "B4-S-P-RE-05",
        "B4-S-P-RE-06",
        "B4-M-P-PRE-06",
        "B4-M-P-PRE-07",
    }


# -- protective measures (appendix 5) ----------------------------------------------------------


def test_protective_measures():
    catalogue = loader.load("protective_measures", "2026.1")
    measures = catalogue.section("measures")
    codes = [m.code for m in measures]
    assert codes == ["none", "safety", "medical", "psychosocial", "education", "other"]
    assert all(m.attrs["hint"]["nl"] and m.attrs["hint"]["en"] for m in measures)
    assert catalogue.item("none").attrs["exclusive"] is True
    assert [m.attrs["free_text"] for m in measures] == [False, True, True, True, True, True]
    levels = {row.attrs["level"] for row in catalogue.groups("form_rows")}
    assert levels == {level.code for level in loader.load("factors").groups("levels")}


def test_protective_measures_refer_to_existing_preconditions():
    preconditions = loader.load("preconditions", "2026.1").codes()
    for measure in loader.load("protective_measures", "2026.1").section("measures"):
        assert set(measure.attrs.get("preconditions", ())) <= preconditions


# -- risk dimensions (H3.2, appendix 2) --------------------------------------------------------


def test_risk_dimensions_and_age_groups():
    catalogue = loader.load("risk_dimensions", "2026.1")
    dimensions = catalogue.section("dimensions")
    assert [d.code for d in dimensions] == [f"KZ-{n}" for n in range(1, 9)]
    assert not any("age_texts" in d.attrs for d in dimensions)  # the source texts are per group
    groups = catalogue.section("age_groups")
    assert [g.code for g in groups] == ["0-5", "6-12", "12-18"]
    assert all(g.attrs["dimension"] == "KZ-4" for g in groups)
    assert "hechting" in catalogue.item("0-5").label("nl")
    post_return = catalogue.item("KZ-8").children
    assert len(post_return) == 12
    domains = {d.code for d in catalogue.groups("post_return_domains")}
    assert {item.attrs["domain"] for item in post_return} == domains


# -- best interests (H2.2) -----------------------------------------------------------------------


def test_best_interests():
    catalogue = loader.load("best_interests", "2026.1")
    aspects = catalogue.section("aspects")
    elements = catalogue.section("elements")
    assert len(aspects) == 5
    assert len(elements) == 8
    assert aspects[2].label("nl") == "De stem/mening van het kind"
    assert elements[5].label("en") == "Degree of integration in the asylum country"
    assert catalogue.codes() == {a.code for a in aspects} | {e.code for e in elements}


def test_appendix_8_dutch_cells_use_the_handbooks_own_wording():
    themes = loader.load("culture_reference").data["themes"]
    dutch = " ".join(
        row[side]["text"]["nl"] for theme in themes for row in theme["rows"] for side in row
    )
    assert "Persoonlijke regie." in dutch and "Persoonlijke controle" not in dutch
    assert "hiërarchisch" in dutch and "Ja is niet persé ja." in dutch
