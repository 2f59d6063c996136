"""Monitoring after return in a real browser: the partner organisation abroad records the
6-month checklist visit, sees the lower level scored and an alert raised; the Dutch counsellor
then sees the alert and the trend chart. axe-core clean; screenshots monitoring-*.png."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaketoe.accounts.models import Organisation, Role
from kaketoe.cases import services as cases
from kaketoe.cases.models import Person
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose
from kaketoe.testing import OrganisationFactory, make_family, make_user

from .conftest import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handed_over(db):
    counsellor = make_user("counsellor", Role.COUNSELLOR)
    yerevan = OrganisationFactory(
        name="Family Support Yerevan", kind=Organisation.Kind.PARTNER_ABROAD
    )
    partner = make_user("partner", Role.PARTNER, yerevan)
    partner.membership.language = "en"
    partner.membership.save()
    family = make_family(counsellor, children=[("Narek", date(2013, 2, 10))])
    parent = Person.objects.create(
        family=family, relation="parent", given_name="Armen", family_name="Hakobyan"
    )
    entry = ConsentEntry(
        family=family,
        purpose=Purpose.HANDOVER,
        organisation=yerevan,
        decision=Decision.GIVEN,
        given_by=parent,
        how=How.SIGNED_FORM,
        recorded_on=date.today() - timedelta(days=200),
    )
    consent.record_consent(None, counsellor, entry)
    consent.hand_over(None, counsellor, family, yerevan)
    family.actual_departure = date.today() - timedelta(days=185)
    cases.change_case(None, counsellor, family, family.version, ["actual_departure"])
    return family, counsellor, partner


def test_partner_records_the_6_month_visit_and_the_counsellor_sees_alert_and_trend(
    tab, handed_over
):
    family, counsellor, partner = handed_over
    narek = family.members.get(given_name="Narek")
    tab.log_in(partner)
    tab.goto("/monitoring/")
    assert "Hakobyan" in tab.page.inner_text("main")
    violations = tab.axe("monitoring-families-partner")
    assert not violations, describe(violations)
    tab.screenshot("monitoring-partner-families")

    tab.goto(f"/families/{family.pk}/monitoring/children/{narek.pk}/visits/new/")
    tab.page.select_option("#id_month", "6")
    tab.page.fill("#id_visit_date", date.today().isoformat())
    tab.page.check("input[value='housing.satisfactory.1']")
    tab.page.check("input[value='housing.unsatisfactory.8']")
    tab.page.select_option("#id_safety-level", "safe")
    violations = tab.axe("monitoring-visit-form")
    assert not violations, describe(violations)
    with tab.page.expect_navigation():
        tab.page.click("button[value=check]")  # the summary before saving
    with tab.page.expect_navigation():
        tab.page.click("#summary button[value=save]")
    housing = tab.page.locator("#scores td[data-level]").first
    assert housing.get_attribute("data-level") == "unsatisfactory"
    assert "0 of 3" in tab.page.inner_text("#scores")
    assert "2 of 8 domains rated" in tab.page.inner_text("#rated")
    assert "Alerts raised" in tab.page.inner_text("main")
    violations = tab.axe("monitoring-visit")
    assert not violations, describe(violations)
    tab.screenshot("monitoring-visit-scored")
    assert not tab.console_errors, tab.console_errors

    tab.page.context.clear_cookies()  # the Dutch counsellor logs in on the same browser
    tab.log_in(counsellor)
    tab.goto("/monitoring/due/")
    assert "Hakobyan" in tab.page.inner_text("table.alerts")
    violations = tab.axe("monitoring-due")
    assert not violations, describe(violations)
    tab.screenshot("monitoring-counsellor-due")
    tab.goto(f"/families/{family.pk}/monitoring/children/{narek.pk}/trend/")
    assert tab.page.locator("svg.chart--trend rect").count() >= 2
    assert "Unsatisfactory" in tab.page.inner_text("#trend-table")
    violations = tab.axe("monitoring-trend")
    assert not violations, describe(violations)
    tab.screenshot("monitoring-counsellor-trend")
    assert not tab.console_errors, tab.console_errors
