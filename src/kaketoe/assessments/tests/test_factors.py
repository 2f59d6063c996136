"""Risk and protective factors per child (appendix 4), measures (appendix 5) and the PDF form."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.accounts.models import Role
from kaketoe.assessments.models import ChildFactor, ProtectiveMeasure
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import TimelineEvent
from kaketoe.catalogues import loader
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

pytestmark = pytest.mark.django_db
FACTORS = loader.load("factors")
LENGTH_OF_STAY = "B4-K-R-POST-03"
COMBINATION = ["B4-K-R-RE-03", "B4-F-R-POST-01", "B4-M-R-RE-01"]


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def child(casemanager):
    family = make_family(casemanager, children=[("Ani", date(2015, 8, 23))])
    return family.members.get(given_name="Ani")


def url(name, child, *extra):
    return reverse(f"assessments:{name}", args=[child.family_id, child.pk, *extra])


def kinds(page) -> set[str]:
    return {flag["kind"] for flag in page.context["accumulation"]}


def add(client, child, **data):
    fields = {"code": "", "free_text": "", "level": "", "phase": "", "kind": "", "note": ""}
    return client.post(url("factor_add", child), {**fields, **data})


def test_a_catalogue_factor_is_recorded_with_its_level_phase_kind_and_version(
    client, casemanager, child
):
    login(client, casemanager)
    assert add(client, child, code=LENGTH_OF_STAY).status_code == 302
    factor = ChildFactor.objects.get()
    assert (factor.level, factor.phase, factor.kind, factor.catalogue_version) == (
        "child",
        "post_migration",
        "risk",
        FACTORS.version,
    )
    assert TimelineEvent.objects.filter(kind="factors", family_id=child.family_id).exists()
    assert AuditEvent.objects.filter(action="create", object_type="childfactor").exists()


def test_the_grid_shows_the_factor_in_its_cell_and_flags_what_weighs_most(
    client, casemanager, child
):
    login(client, casemanager)
    add(client, child, code=LENGTH_OF_STAY)
    page = client.get(url("factors", child))
    child_row = page.context["grid"][0]
    post = child_row["cells"][1]
    assert [r.factor.code for r in post["risks"]] == [LENGTH_OF_STAY]
    assert any("Weighs most" in flag["message"] for flag in page.context["accumulation"])


def test_the_handbooks_risky_combination_is_flagged_only_when_all_three_are_present(
    client, casemanager, child
):
    login(client, casemanager)
    for code in COMBINATION[:2]:
        add(client, child, code=code)
    assert "combination" not in kinds(client.get(url("factors", child)))
    add(client, child, code=COMBINATION[2])
    assert "combination" in kinds(client.get(url("factors", child)))


def test_a_factor_in_own_words_needs_level_phase_and_type(client, casemanager, child):
    login(client, casemanager)
    response = add(client, child, free_text="Pest-ervaringen op school")
    assert response.status_code == 400
    assert "choose its level, phase and type" in response.content.decode()
    assert not ChildFactor.objects.exists()
    response = add(
        client,
        child,
        free_text="Pest-ervaringen op school",
        level="school_friends",
        phase="post_migration",
        kind="risk",
    )
    assert response.status_code == 302
    assert ChildFactor.objects.get().free_text == "Pest-ervaringen op school"


def test_choosing_both_or_neither_is_refused(client, casemanager, child):
    login(client, casemanager)
    assert add(client, child).status_code == 400
    assert add(client, child, code=LENGTH_OF_STAY, free_text="ook dit").status_code == 400
    assert add(client, child, code="B4-NOT-A-CODE").status_code == 400
    assert not ChildFactor.objects.exists()


def test_a_withdrawn_factor_leaves_the_grid_but_stays_on_record(client, casemanager, child):
    login(client, casemanager)
    add(client, child, code=LENGTH_OF_STAY)
    factor = ChildFactor.objects.get()
    assert client.post(url("factor_withdraw", child, factor.pk)).status_code == 302
    factor.refresh_from_db()
    assert factor.withdrawn_at is not None
    assert client.get(url("factors", child)).context["grid"][0]["cells"][1]["risks"] == []


def test_a_measure_needs_a_known_category_and_a_description(client, casemanager, child):
    login(client, casemanager)
    assert (
        client.post(
            url("measure_add", child), {"category": "safety", "description": " "}
        ).status_code
        == 400
    )
    assert (
        client.post(
            url("measure_add", child), {"category": "magic", "description": "x"}
        ).status_code
        == 400
    )
    assert (
        client.post(
            url("measure_add", child),
            {"category": "education", "description": "Taalles Armeens vóór vertrek"},
        ).status_code
        == 302
    )
    assert ProtectiveMeasure.objects.get().category == "education"


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("nl", "risicofactoren en beschermende factoren"),
        ("en", "risk factors and protective factors"),
    ],
)
def test_the_pdf_form_is_a_real_pdf_with_the_chosen_factors(
    client, casemanager, child, language, heading
):
    login(client, casemanager)
    add(client, child, code=LENGTH_OF_STAY)
    client.post(
        url("measure_add", child), {"category": "education", "description": "Taalles Armeens"}
    )
    response = client.get(url("factors_pdf", child) + f"?lang={language}")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    label = FACTORS.item(LENGTH_OF_STAY).label(language)
    assert label.split(" (")[0][:30] in text
    assert heading in text.lower() and "Ani" in text and "Taalles Armeens" in text
    assert AuditEvent.objects.filter(action="export", object_type="person").exists()


def test_factor_pages_of_a_family_i_am_not_on_are_not_found(client, casemanager, child):
    stranger = make_user("stranger", Role.CASE_MANAGER)
    login(client, stranger)
    for name in ["factors", "factors_pdf"]:
        assert client.get(url(name, child)).status_code == 404
    assert add(client, child, code=LENGTH_OF_STAY).status_code == 404
    assert not ChildFactor.objects.exists()


def test_a_parent_is_not_a_child_for_the_factor_grid(client, casemanager, child):
    from kaketoe.cases.models import Person

    parent = Person.objects.create(
        family=child.family, relation="parent", given_name="Lusine", family_name="Hakobyan"
    )
    login(client, casemanager)
    assert client.get(url("factors", parent)).status_code == 404


def record_risks(child, cells, *, kind="risk", per_cell=1, limit=None):
    """Factors in own words straight into the database, `per_cell` in each (level, phase)."""
    rows = [
        ChildFactor(
            child=child,
            catalogue_version=FACTORS.version,
            level=level,
            phase=phase,
            kind=kind,
            free_text=f"{kind} {n} in {level}/{phase}",
        )
        for n in range(per_cell)
        for level, phase in cells
    ]
    ChildFactor.objects.bulk_create(rows[:limit])


CELLS = [
    (level["code"], phase["code"])
    for level in FACTORS.data["levels"]
    for phase in FACTORS.data["phases"]
]


def test_twenty_three_risks_over_twelve_cells_without_protection_are_flagged(
    client, casemanager, child
):
    record_risks(child, CELLS, per_cell=2, limit=23)
    login(client, casemanager)
    page = client.get(url("factors", child))
    html = page.content.decode()
    assert "No accumulation of risks recorded" not in html
    assert {"levels", "level", "phase"} <= kinds(page)
    assert all(cell["piled_up"] for row in page.context["grid"] for cell in row["cells"])
    assert "Kaketoe&#x27;s operationalisation" in html or "Kaketoe's operationalisation" in html


def test_protective_factors_beside_the_risks_change_no_flag(client, casemanager, child):
    record_risks(child, CELLS)
    login(client, casemanager)
    before = client.get(url("factors", child)).context["accumulation"]
    record_risks(child, CELLS, kind="protective")
    after = client.get(url("factors", child)).context["accumulation"]
    assert [f["message"] for f in after] == [f["message"] for f in before] != []


def test_one_risk_alone_is_no_accumulation(client, casemanager, child):
    login(client, casemanager)
    add(client, child, code="B4-K-R-PRE-02")
    page = client.get(url("factors", child))
    assert kinds(page) == set()
    assert "No accumulation of risks recorded" in page.content.decode()


def test_the_picklist_names_the_phase_and_marks_an_uncertain_placement(client, casemanager, child):
    login(client, casemanager)
    html = client.get(url("factors", child)).content.decode()
    assert "risk · Post-migration: Poor (mental) health</option>" in html
    assert "risk · Re-migration: Poor (mental) health</option>" in html
    assert "risk · Post-migration: Age (&gt;12) (phase uncertain)</option>" in html


def test_the_new_version_adds_appendix_3_sources_and_the_five_coping_strategies(
    client, casemanager, child
):
    codes = {e["code"] for e in FACTORS.data["factors"]}
    assert FACTORS.version == "2026.2"
    assert {"B3-F-P-01", "B3-F-P-02", "B3-S-P-01", "B3-S-P-02", "B3-S-P-03"} <= codes
    assert {"B3-M-P-01", "B3-M-P-02"} <= codes
    assert {f"B3-K-C-0{n}" for n in range(1, 6)} <= codes
    login(client, casemanager)
    add(client, child, code="B3-S-P-01")
    assert ChildFactor.objects.get().catalogue_version == "2026.2"


def test_a_factor_recorded_with_the_old_version_still_reads_against_it(client, casemanager, child):
    ChildFactor.objects.create(
        child=child,
        catalogue_version="2026.1",
        code=LENGTH_OF_STAY,
        level="child",
        phase="post_migration",
        kind="risk",
    )
    login(client, casemanager)
    page = client.get(url("factors", child))
    assert kinds(page) == {"weighs_most"}
    assert "Length of stay" in page.context["accumulation"][0]["message"]


def test_a_catalogue_factor_with_another_level_is_refused(client, casemanager, child):
    login(client, casemanager)
    assert add(client, child, code=LENGTH_OF_STAY, level="family").status_code == 400
    assert not ChildFactor.objects.exists()


def test_the_page_shows_appendix_2_as_guidance(client, casemanager, child):
    login(client, casemanager)
    html = client.get(url("factors", child)).content.decode()
    assert "Kalverboer" in html
    assert "Conditions in the country of origin" in html
    assert "No official registration and therefore no legal identity of children." in html
