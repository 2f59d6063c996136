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


@pytest.fixture
def careworker(regievoerder, child):
    user = make_user("careworker", Role.CARE_WORKER, OrganisationFactory(name="GGZ"))
    case_services.join_team(None, regievoerder, child.family, user=user)
    return user


def colleague(username, role, organisation, child):
    user = make_user(username, role, organisation)
    case_services.join_team(None, child.family.created_by, child.family, user=user)
    return user


def sign(client, user, child, version):
    login(client, user)
    return client.post(url(child, "best_interests_finalise"), {"version": version})


def test_a_care_worker_and_the_return_officer_of_two_organisations_make_it_final(
    client, casemanager, regievoerder, careworker, child
):
    login(client, casemanager)
    submit(client, child, conclusion="Concept")
    assert sign(client, casemanager, child, 1).status_code == 404  # not a signing role
    assert sign(client, regievoerder, child, 1).status_code == 302
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == "draft"  # one signer is not enough
    page = client.get(url(child)).content.decode()
    assert "child-protection or care professional" in page
    assert sign(client, careworker, child, 1).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.status, assessment.finalised_by, assessment.version) == (
        "final",
        careworker,
        2,
    )
    assert [s.user for s in assessment.sign_offs.all()] == [regievoerder, careworker]
    assert AuditEvent.objects.filter(detail="signed off v1").count() == 2
    login(client, casemanager)
    response = submit(client, child, version=2, conclusion="Toch anders")
    assert "final" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.conclusion == "Concept"


def test_two_signers_of_the_same_organisation_do_not_make_it_final(
    client, regievoerder, careworker, child
):
    second = colleague("psychologist", Role.CARE_WORKER, careworker.membership.organisation, child)
    login(client, regievoerder)
    submit(client, child, conclusion="Concept")
    sign(client, careworker, child, 1)
    sign(client, second, child, 1)
    assert BestInterestsAssessment.objects.get().status == "draft"


def test_two_organisations_without_a_care_or_child_protection_professional_are_not_enough(
    client, regievoerder, child
):
    other = colleague("regie2", Role.REGIEVOERDER, OrganisationFactory(name="DT&V Zuid"), child)
    login(client, regievoerder)
    submit(client, child, conclusion="Concept")
    sign(client, regievoerder, child, 1)
    sign(client, other, child, 1)
    assert BestInterestsAssessment.objects.get().status == "draft"


def test_a_change_after_a_sign_off_needs_new_sign_offs(
    client, casemanager, regievoerder, careworker, child
):
    login(client, casemanager)
    submit(client, child, conclusion="Eerste")
    sign(client, regievoerder, child, 1)
    login(client, casemanager)
    submit(client, child, version=1, conclusion="Tweede")
    sign(client, careworker, child, 2)
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == "draft"
    sign(client, regievoerder, child, 2)
    assessment.refresh_from_db()
    assert assessment.status == "final" and assessment.conclusion == "Tweede"


def test_with_a_planned_handover_the_partners_contribution_is_needed(
    client, casemanager, regievoerder, careworker, child
):
    from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose

    partner = OrganisationFactory(name="Family Support Yerevan", kind="partner_abroad")
    ConsentEntry.objects.create(
        family=child.family,
        purpose=Purpose.HANDOVER,
        organisation=partner,
        decision=Decision.GIVEN,
        given_by=child.family.members.first(),
        recorded_on=date(2026, 1, 5),
        how=How.SIGNED_FORM,
        recorded_by=casemanager,
    )
    login(client, casemanager)
    submit(client, child, conclusion="Concept")
    sign(client, regievoerder, child, 1)
    sign(client, careworker, child, 1)
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == "draft"
    assert "partner organisation" in client.get(url(child)).content.decode()
    login(client, casemanager)
    submit(client, child, version=1, conclusion="Concept", partner_contribution="Anahit: school")
    sign(client, regievoerder, child, 2)
    sign(client, careworker, child, 2)
    assessment.refresh_from_db()
    assert assessment.status == "final"


def test_reopening_a_final_assessment_keeps_the_final_version_in_the_history(
    client, regievoerder, careworker, child
):
    login(client, regievoerder)
    submit(client, child, conclusion="Eerste")
    sign(client, regievoerder, child, 1)
    sign(client, careworker, child, 1)
    client.post(url(child, "best_interests_reopen"))
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == "draft" and assessment.version == 3
    assert [v.snapshot["status"] for v in assessment.versions.all()] == ["draft", "final", "draft"]
    assert not client.get(url(child)).context["sign_offs"]  # the new draft needs new ones


def test_signing_off_an_outdated_version_is_refused(client, regievoerder, careworker, child):
    login(client, regievoerder)
    submit(client, child, conclusion="Eerste")
    submit(client, child, version=1, conclusion="Tweede")
    sign(client, regievoerder, child, 1)
    assert not BestInterestsAssessment.objects.get().sign_offs.exists()


def test_text_over_the_limit_is_refused_and_nothing_saved(client, casemanager, child):
    login(client, casemanager)
    response = submit(client, child, conclusion="x" * 4001)
    assert response.status_code == 200
    assert not BestInterestsAssessment.objects.exists()
