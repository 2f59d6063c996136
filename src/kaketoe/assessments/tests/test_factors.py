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
    assert any("Weighs most" in flag for flag in page.context["flags"])


def test_the_handbooks_risky_combination_is_flagged_only_when_all_three_are_present(
    client, casemanager, child
):
    login(client, casemanager)
    for code in COMBINATION[:2]:
        add(client, child, code=code)
    flags = client.get(url("factors", child)).context["flags"]
    assert not any("Risks accumulate" in flag for flag in flags)
    add(client, child, code=COMBINATION[2])
    flags = client.get(url("factors", child)).context["flags"]
    assert any("Risks accumulate" in flag for flag in flags)


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
