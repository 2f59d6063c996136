"""Erasure on request in a real browser: one privacy officer records the request through the
form, sees it without the decision buttons; a second one sees what will be erased and approves.
axe-core clean; screenshots erasure-*.png."""

from __future__ import annotations

from datetime import date

import pytest

from kaketoe.accounts.models import Role
from kaketoe.cases.models import Family
from kaketoe.testing import make_family, make_user

from .conftest import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_privacy_officers(db):
    casemanager = make_user("casemanager", Role.CASE_MANAGER)
    organisation = casemanager.membership.organisation
    family = make_family(casemanager, children=[("Narek", date(2013, 2, 10))])
    first = make_user("privacy", Role.PRIVACY_OFFICER, organisation)
    second = make_user("privacy2", Role.PRIVACY_OFFICER, organisation)
    return family, first, second


def test_a_second_privacy_officer_checks_what_will_be_erased_and_approves(
    tab, two_privacy_officers
):
    family, first, second = two_privacy_officers
    page = tab.page
    tab.log_in(first)
    tab.goto("/audit/erasure/new/")
    page.fill("#id_case", family.reference)
    page.fill("#id_reason", "The mother asked by letter of 3 March to erase all data.")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "another privacy officer must decide" in page.inner_text("main")
    assert page.locator("button[value=approve]").count() == 0
    tab.screenshot("erasure-requester")

    page.context.clear_cookies()  # the second privacy officer, on the same computer
    tab.log_in(second)
    tab.goto("/audit/erasure/")
    with page.expect_navigation():
        page.get_by_role("link", name=family.reference).click()
    main = page.inner_text("main")
    assert "What will be erased" in main and "Household members" in main
    violations = tab.axe("erasure-approval")
    assert not violations, describe(violations)
    tab.screenshot("erasure-approval")

    page.check("#id_confirm")
    with page.expect_navigation():
        page.click("button[value=approve]")
    assert "What was erased" in page.inner_text("main")
    tab.screenshot("erasure-carried-out")
    assert Family.objects.get(pk=family.pk).name == "[erased]"
