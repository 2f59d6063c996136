"""The best-interests assessment of a child: findings, the child's view, versions, signing."""

from datetime import date

import pytest
from django.urls import reverse

from kaketoe.accounts.models import Role
from kaketoe.assessments.models import BestInterestsAssessment
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import TimelineEvent
from kaketoe.catalogues import loader
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def regievoerder():
    return make_user("regievoerder", Role.REGIEVOERDER, OrganisationFactory(name="DT&V"))


@pytest.fixture
def child(casemanager, regievoerder):
    family = make_family(casemanager, children=[("Ani", date(2015, 8, 23))])
    case_services.join_team(None, casemanager, family, user=regievoerder)
    return family.members.get(given_name="Ani")


def url(child, name="best_interests"):
    return reverse(f"assessments:{name}", args=[child.family_id, child.pk])


def submit(client, child, version=0, **fields):
    data = {
        "version": version,
        "child_view": "",
        "child_heard_how": "",
        "child_heard_by": "",
        "conclusion": "",
        "recommendations": "",
    }
    return client.post(url(child), {**data, **fields})


def test_the_form_asks_the_five_aspects_and_eight_elements(client, casemanager, child):
    login(client, casemanager)
    form = client.get(url(child)).context["form"]
    findings = [name for name in form.fields if name.startswith("finding__")]
    assert len(findings) == 13
    catalogue = loader.load("best_interests")
    assert f"finding__{catalogue.data['aspects'][0]['code']}" in findings


def test_saving_makes_a_version_with_findings_view_and_participants(client, casemanager, child):
    login(client, casemanager)
    me = child.family.team.get(user=casemanager)
    response = submit(
        client,
        child,
        **{
            "finding__BIA-1": "Geen directe dreiging in Yerevan.",
            "child_view": "Ik wil bij oma wonen.",
            "child_heard_how": "Kindgesprek met de kaarten",
            "participants": [me.pk],
        },
    )
    assert response.status_code == 302
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.version == 1 and assessment.status == "draft"
    assert assessment.findings == {"BIA-1": "Geen directe dreiging in Yerevan."}
    assert list(assessment.participants.all()) == [me]
    assert assessment.versions.get().snapshot["child_view"] == "Ik wil bij oma wonen."
    assert TimelineEvent.objects.filter(kind="best_interests").exists()
    assert AuditEvent.objects.filter(object_type="bestinterestsassessment").exists()


def test_a_participant_id_too_large_for_the_database_is_refused(client, casemanager, child):
    login(client, casemanager)  # SQLite raised OverflowError on it: a server error
    response = submit(client, child, conclusion="Terug met steun.", participants=["9" * 25])
    assert response.status_code == 200 and "participants" in response.context["form"].errors
    assert not BestInterestsAssessment.objects.exists()


def test_a_second_stale_save_is_refused_and_says_what_changed(client, casemanager, child):
    login(client, casemanager)
    submit(client, child, version=0, conclusion="Terugkeer is verantwoord met steun.")
    response = submit(client, child, version=0, conclusion="Andere conclusie")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this assessment" in page and "conclusion" in page
    assert BestInterestsAssessment.objects.get().conclusion == (
        "Terugkeer is verantwoord met steun."
    )


def test_only_a_signing_role_makes_it_final_and_then_it_cannot_change(
    client, casemanager, regievoerder, child
):
    login(client, casemanager)
    submit(client, child, conclusion="Concept")
    assert client.post(url(child, "best_interests_finalise"), {"version": 1}).status_code == 404
    login(client, regievoerder)
    assert client.post(url(child, "best_interests_finalise"), {"version": 1}).status_code == 302
    assessment = BestInterestsAssessment.objects.get()
    assert (assessment.status, assessment.finalised_by, assessment.version) == (
        "final",
        regievoerder,
        2,
    )
    login(client, casemanager)
    response = submit(client, child, version=2, conclusion="Toch anders")
    assert "final" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.conclusion == "Concept"


def test_reopening_a_final_assessment_keeps_the_final_version_in_the_history(
    client, regievoerder, child
):
    login(client, regievoerder)
    submit(client, child, conclusion="Eerste")
    client.post(url(child, "best_interests_finalise"), {"version": 1})
    client.post(url(child, "best_interests_reopen"))
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == "draft" and assessment.version == 3
    assert [v.snapshot["status"] for v in assessment.versions.all()] == ["draft", "final", "draft"]


def test_finalising_with_an_outdated_version_is_refused(client, regievoerder, child):
    login(client, regievoerder)
    submit(client, child, conclusion="Eerste")
    submit(client, child, version=1, conclusion="Tweede")
    client.post(url(child, "best_interests_finalise"), {"version": 1})
    assert BestInterestsAssessment.objects.get().status == "draft"


def test_text_over_the_limit_is_refused_and_nothing_saved(client, casemanager, child):
    login(client, casemanager)
    response = submit(client, child, conclusion="x" * 4001)
    assert response.status_code == 200
    assert not BestInterestsAssessment.objects.exists()
