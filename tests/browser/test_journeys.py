"""A case manager's first minutes in Kaketoe, in a real browser (headless Chromium).

Besides the behaviour, every page must load htmx under the strict CSP without console errors,
and pass axe-core's WCAG 2.1 A/AA rules without serious or critical violations.
Screenshots and axe reports land in test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from kaketoe.cases.models import Person
from kaketoe.testing import make_family, make_user, today

from .conftest import DESKTOP, PASSWORD, TABLET, current_code, describe, impact_counts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def years_ago(years: int, days: int = 0) -> date:
    now = today()
    try:
        born = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        born = now.replace(year=now.year - years, day=28)
    return born - timedelta(days=days)


@pytest.fixture
def casemanager(db):
    return make_user("casemanager")


@pytest.fixture
def family(casemanager):
    return make_family(casemanager, "Hakobyan", children=[("Anahit", years_ago(9, 30))])


def assert_htmx_and_quiet(tab) -> None:
    assert tab.page.evaluate("typeof window.htmx") == "object", "htmx did not load"
    assert tab.console_errors == [], "console errors:\n" + "\n".join(tab.console_errors)


def test_login_caseload_and_add_a_child(tab, casemanager, family):
    page = tab.page
    tab.log_in(casemanager)

    # The caseload lists the family the case manager is on the team of.
    assert page.url == tab.base_url + "/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="My caseload").is_visible()
    link = page.get_by_role("link", name="Hakobyan")
    assert link.is_visible()
    assert_htmx_and_quiet(tab)

    # Open the case.
    with page.expect_navigation():
        link.click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/"
    assert page.get_by_role("heading", name="Hakobyan", level=1).is_visible()
    assert "Anahit" in page.locator("section[aria-labelledby=household-heading] table").inner_text()
    assert_htmx_and_quiet(tab)

    # A child born tomorrow is refused, and nothing is saved.
    members_before = Person.objects.filter(family=family).count()
    with page.expect_navigation():
        page.get_by_role("link", name="Add household member").click()
    page.select_option("#id_relation", Person.Relation.CHILD)
    page.fill("#id_given_name", "Aram")
    page.fill("#id_date_of_birth", (today() + timedelta(days=1)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url.endswith(f"/families/{family.pk}/members/new/")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "A date of birth cannot be in the future." in summary.inner_text()
    assert page.locator(".field--error #id_date_of_birth").count() == 1
    # kaketoe.js moves focus to the summary so screen readers announce it.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert Person.objects.filter(family=family).count() == members_before
    assert page.input_value("#id_given_name") == "Aram"  # what was typed is kept
    assert_htmx_and_quiet(tab)

    # A valid date of birth: saved, listed with age and age band.
    born = years_ago(7, 10)
    page.fill("#id_date_of_birth", born.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/"
    assert "The household member has been added." in page.locator(".messages").inner_text()
    aram = Person.objects.get(family=family, given_name="Aram")
    assert aram.date_of_birth == born and aram.relation == Person.Relation.CHILD
    row = page.locator("section[aria-labelledby=household-heading] table tr", has_text="Aram")
    assert row.count() == 1
    assert "7" in row.inner_text()
    assert row.locator(".badge").inner_text() == "age band 6-9"
    assert Person.objects.filter(family=family).count() == members_before + 1
    assert_htmx_and_quiet(tab)


def test_wrong_code_is_refused(tab, casemanager):
    page = tab.page
    wrong = "000000" if current_code(casemanager) != "000000" else "111111"
    tab.log_in(casemanager, code=wrong)
    assert page.url.endswith("/accounts/login/code/")
    assert "This code is not correct or has expired." in page.locator("main").inner_text()
    assert page.locator(".field--error #id_token").count() == 1
    # Still not logged in: the caseload sends us back to the login page.
    tab.goto("/")
    assert "/accounts/login/" in page.url
    assert_htmx_and_quiet(tab)


def test_switch_to_dutch(tab, casemanager, family):
    page = tab.page
    tab.log_in(casemanager)
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state("load")
    assert page.url == tab.base_url + "/"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("button", name="Nederlands").get_attribute("aria-pressed") == "true"
    casemanager.membership.refresh_from_db()
    assert casemanager.membership.language == "nl"
    # Translations are written separately; check the Dutch text the catalogue already holds.
    with translation.override("nl"):
        dutch = {
            english: translation.gettext(english)
            for english in ["My caseload", "Log out", "Skip to content"]
        }
    body = page.locator("body").inner_text()
    for english, translated in dutch.items():
        if translated != english:
            assert translated in body, f"{english!r} should read {translated!r} in Dutch"
    assert_htmx_and_quiet(tab)

    # The choice sticks across pages.
    tab.goto(f"/families/{family.pk}/")
    assert page.locator("html").get_attribute("lang") == "nl"


# Accessibility: each page of the journey, checked by axe-core and photographed.


def _open(tab, name: str, user, family) -> None:
    page = tab.page
    if name == "login":
        tab.goto("/accounts/login/")
    elif name == "login-code":
        tab.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        assert page.url.endswith("/accounts/login/code/")
    else:
        tab.log_in(user)
        if name == "family":
            tab.goto(f"/families/{family.pk}/")
        elif name == "member-form-error":
            tab.goto(f"/families/{family.pk}/members/new/")
            page.select_option("#id_relation", Person.Relation.CHILD)
            page.fill("#id_given_name", "Aram")
            page.fill("#id_date_of_birth", (today() + timedelta(days=1)).isoformat())
            with page.expect_navigation():
                page.click("main form button[type=submit]")
            assert page.locator(".error-summary").is_visible()
    page.wait_for_load_state("load")


A11Y_PAGES = {
    "login": [DESKTOP],
    "login-code": [DESKTOP],
    "caseload": [DESKTOP, TABLET],
    "family": [DESKTOP, TABLET],
    "member-form-error": [DESKTOP],
}


@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_accessibility(tab, casemanager, family, name):
    _open(tab, name, casemanager, family)
    serious = []
    for viewport in A11Y_PAGES[name]:
        label = f"{name}-{'desktop' if viewport == DESKTOP else 'tablet'}"
        tab.page.set_viewport_size(viewport)
        violations = tab.axe(label)
        tab.screenshot(label)
        print(f"axe {label}: {impact_counts(violations) or 'no violations'}")
        serious += [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert_htmx_and_quiet(tab)
    assert not serious, f"axe found serious or critical violations on {name}:\n" + describe(serious)


def test_field_errors_are_tied_to_their_input(tab, casemanager, family):
    _open(tab, "member-form-error", casemanager, family)
    dangling = tab.page.evaluate(
        """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(el =>
            el.getAttribute('aria-describedby').split(/\\s+/)
              .filter(id => id && !document.getElementById(id))
              .map(id => `#${el.id} -> ${id}`))"""
    )
    assert dangling == [], f"aria-describedby points at missing ids: {dangling}"


def test_household_table_fits_its_card_on_a_tablet(tab, casemanager, family):
    tab.page.set_viewport_size(TABLET)
    tab.log_in(casemanager)
    tab.goto(f"/families/{family.pk}/")
    section = tab.page.locator("section[aria-labelledby=household-heading]").bounding_box()
    table = tab.page.locator("section[aria-labelledby=household-heading] table").bounding_box()
    assert table["x"] + table["width"] <= section["x"] + section["width"] + 1, (table, section)
