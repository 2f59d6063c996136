"""The catalogue files are sound, and the loader serves them. Pure Python: no database."""

import pytest

from kaketoe.catalogues import loader, schema
from kaketoe.catalogues.loader import CatalogueNotFound

ALL_FILES = [(name, version) for name in loader.names() for version in loader.versions(name)]


def test_there_are_catalogue_files():
    assert {"preconditions"} <= set(loader.names())


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
