"""Step-2 guidance in a real browser: signals pile up into a care prompt on the family page, and
the parent brochure reads right to left in Arabic, on the page and in the printed PDF.

Screenshots land in test-artifacts/screenshots/ (guidance-*.png): look at the Arabic ones.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaketoe.testing import make_family, make_user

from .conftest import ARTIFACTS, TABLET, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def casemanager(db):
    return make_user("casemanager")


def test_three_signals_in_a_month_prompt_a_care_professional(tab, casemanager):
    family = make_family(casemanager, children=[("Ani", date(2017, 8, 23))])
    child = family.members.get(given_name="Ani")
    tab.log_in(casemanager)
    for days, code in ((2, "B7-01"), (9, "B7-08"), (16, "B7-11")):
        tab.goto(f"/families/{family.pk}/children/{child.pk}/guidance/")
        tab.page.select_option("#id_code", code)
        tab.page.fill("#id_observed_on", (date.today() - timedelta(days=days)).isoformat())
        tab.page.fill("#id_observed_by", "teacher")
        with tab.page.expect_navigation():
            tab.page.click("form[action$='/signals/add/'] button[type=submit]")
    assert tab.page.locator(".care-prompt").count() == 1
    violations = tab.axe("guidance-child")
    assert not violations, describe(violations)
    tab.screenshot("guidance-child-prompt")
    tab.goto(f"/families/{family.pk}/")
    assert "Ani: involve a care professional" in tab.page.inner_text(".care-prompt")


def test_the_arabic_brochure_reads_right_to_left_on_the_page_and_in_the_pdf(tab, casemanager):
    tab.log_in(casemanager)
    tab.page.set_viewport_size(TABLET)
    tab.goto("/guidance/parent-brochure/?lang=ar")
    article = tab.page.locator("article.brochure")
    assert article.get_attribute("dir") == "rtl"
    assert article.evaluate("el => getComputedStyle(el).direction") == "rtl"
    violations = tab.axe("guidance-brochure-ar")
    assert not violations, describe(violations)
    tab.screenshot("guidance-brochure-ar-page")

    response = tab.page.request.get(tab.base_url + "/guidance/parent-brochure.pdf?lang=ar")
    assert response.headers["content-type"] == "application/pdf"
    pdf = ARTIFACTS / "guidance-brochure-ar.pdf"
    pdf.write_bytes(response.body())
    viewer = tab.page.context.new_page()
    viewer.goto(pdf.resolve().as_uri())
    viewer.wait_for_timeout(2000)  # Chromium's PDF viewer draws asynchronously
    viewer.screenshot(path=str(ARTIFACTS / "screenshots" / "guidance-brochure-ar-pdf.png"))
    viewer.close()
