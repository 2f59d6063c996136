"""The safety assessment of the country and place of return, and the warning on the case."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kaketoe.accounts.models import Role
from kaketoe.assessments import rules
from kaketoe.assessments.models import SafetyAssessment
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def test_warning_is_missing_only_when_departure_is_near():
    assert (
        rules.safety_warning(
            None, TODAY, TODAY + timedelta(days=30), max_age_months=6, warn_days=90
        )
        == "missing"
    )
    assert (
        rules.safety_warning(
            None, TODAY, TODAY + timedelta(days=200), max_age_months=6, warn_days=90
        )
        is None
    )
    assert rules.safety_warning(None, TODAY, None, max_age_months=6, warn_days=90) is None


def test_warning_is_outdated_after_the_configured_months():
    assert (
        rules.safety_warning(date(2026, 5, 28), TODAY, None, max_age_months=6, warn_days=90)
        == "outdated"
    )
    assert (
        rules.safety_warning(date(2026, 5, 29), TODAY, None, max_age_months=6, warn_days=90) is None
    )


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def family(casemanager):
    soon = timezone.localdate() + timedelta(days=20)
    return make_family(casemanager, planned_departure=soon, place_of_return="Yerevan")


def post(client, family, **fields):
    data = {
        "assessed_on": timezone.localdate().isoformat(),
        "place": "Armenia, Yerevan",
        "child_risks": "Geen school in de wijk voor Ani.",
        "measures": "",
        "source-TOTAL_FORMS": "3",
        "source-INITIAL_FORMS": "0",
        "source-MIN_NUM_FORMS": "0",
        "source-MAX_NUM_FORMS": "10",
    }
    for n in range(3):
        data |= {f"source-{n}-title": "", f"source-{n}-published": "", f"source-{n}-link": ""}
    return client.post(reverse("assessments:safety", args=[family.pk]), {**data, **fields})


def test_the_case_page_warns_until_a_safety_assessment_is_recorded(client, casemanager, family):
    login(client, casemanager)
    case = reverse("cases:family", args=[family.pk])
    assert "No safety assessment yet" in client.get(case).content.decode()
    response = post(
        client,
        family,
        **{
            "source-0-title": "UNICEF Child Notice Armenia",
            "source-0-published": "2026-03-01",
            "source-0-link": "https://example.org/cn",
        },
    )
    assert response.status_code == 302
    assessment = SafetyAssessment.objects.get()
    assert assessment.sources == [
        {
            "title": "UNICEF Child Notice Armenia",
            "link": "https://example.org/cn",
            "published": "2026-03-01",
        }
    ]
    assert "No safety assessment yet" not in client.get(case).content.decode()


def test_a_future_date_or_a_link_without_a_source_name_saves_nothing(client, casemanager, family):
    login(client, casemanager)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert post(client, family, assessed_on=tomorrow).status_code == 400
    assert post(client, family, **{"source-1-link": "https://example.org"}).status_code == 400
    assert (
        post(client, family, **{"source-0-title": "x", "source-0-link": "not a url"}).status_code
        == 400
    )
    assert post(client, family, child_risks="").status_code == 400
    assert not SafetyAssessment.objects.exists()


def test_the_page_lists_the_general_risks_after_return_of_chapter_7(client, casemanager, family):
    login(client, casemanager)
    html = client.get(reverse("assessments:safety", args=[family.pk])).content.decode()
    assert "General risk factors after return" in html
    assert "Vulnerability to recruitment, child labour and child/forced marriage." in html
    assert "An inadequate upbringing environment." in html
