"""The demo's best-interests assessments follow the sign-off rule (issue 16 §5)."""

import pytest

from kaketoe.assessments import services
from kaketoe.assessments.models import BestInterestsAssessment
from kaketoe.cases import demo

pytestmark = pytest.mark.django_db


def test_every_final_demo_assessment_has_two_valid_sign_offs():
    demo.load()
    final = BestInterestsAssessment.objects.filter(status="final")
    assert final.exists()
    for assessment in final:
        assert services.signers(assessment)
        assert services.sign_off_missing(assessment) == []
    draft = BestInterestsAssessment.objects.get(child__given_name="Narek")
    assert draft.status == "draft" and draft.sign_offs.count() == 1


def test_loading_the_demo_twice_adds_no_assessment():
    demo.load()
    demo.load()
    assert BestInterestsAssessment.objects.count() == 2
