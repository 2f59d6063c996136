"""Each role's start page and two short jobs in a real browser (issue 17 §1–§3): the privacy
officer, the organisation administrator, the team lead and the partner abroad land where their
work is; the team lead removes a colleague (confirmation and a reason) and restores the place;
the partner goes from the caseload to the case and on to the family's monitoring. axe-core at
1366 and 768 px on every page visited; screenshots in docs/user-guide/img/.

Clicks after login (the issue's walk, before → now): privacy officer to the audit log 1 → 0;
org admin to the organisation page 1 → 0; partner from the case to monitoring: no way → 1;
removing a colleague 1 (no confirmation) → 2 plus a reason, and 1 to undo it.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse

from kaketoe.cases.models import Stage
from kaketoe.testing import make_cast, make_family, today

from .conftest import ROOT, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
IMG = ROOT / "docs" / "user-guide" / "img"


@pytest.fixture
def cast(db):
    cast = make_cast()
    make_family(cast.outsider, "Karapetyan", departure_deadline=today() - timedelta(days=4))
    return cast


def check(tab, name: str) -> None:
    """axe-core without serious or critical violations at 1366 and 768 px; a screenshot of each."""
    IMG.mkdir(parents=True, exist_ok=True)
    for width in (1366, 768):
        tab.page.set_viewport_size({"width": width, "height": 900})
        violations = tab.axe(f"{name}-{width}")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, describe(serious)
        overflow = tab.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
        shutil.copy(tab.screenshot(f"{name}-{width}"), IMG / f"{name}-{width}.png")
    tab.page.set_viewport_size({"width": 1366, "height": 900})


CLICKS: list[str] = []  # every click of a job, so a job's clicks are asserted not to grow


def click(page, role: str, name: str) -> None:
    CLICKS.append(name)
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def test_the_privacy_officer_lands_on_the_audit_log(tab, cast):
    tab.log_in(cast.privacy)
    assert tab.page.url.endswith(reverse("audit:log"))
    assert tab.page.get_by_role("heading", name="Audit log").is_visible()
    assert tab.page.locator(".site-nav").get_by_text("My caseload").count() == 0
    check(tab, "start-privacy-officer")


def test_the_organisation_administrator_lands_on_the_organisation_page(tab, cast):
    tab.log_in(cast.orgadmin)
    assert tab.page.url.endswith(reverse("accounts:organisation"))
    check(tab, "start-org-admin")


def test_the_team_lead_lands_on_the_overview_removes_a_colleague_and_restores_him(tab, cast):
    tab.log_in(cast.teamlead)
    page = tab.page
    assert page.url.endswith(reverse("cases:team_overview"))
    assert "Karapetyan" in page.locator("#overdue-heading + ul").inner_text()
    check(tab, "team-overview")
    with page.expect_navigation():  # the cohort link works for the COA team lead
        page.locator(".site-nav").get_by_role("link", name="Cohort figures").click()
    assert page.url.endswith(reverse("monitoring:cohort"))

    tab.goto(reverse("cases:family", args=[cast.hakobyan.pk]))
    CLICKS.clear()
    lawyer = cast.lawyer.get_full_name() or cast.lawyer.username
    click(page, "link", f"Remove {lawyer}")  # 1: the confirmation page, nothing removed yet
    assert cast.hakobyan.team.filter(user=cast.lawyer, removed_at__isnull=True).exists()
    check(tab, "team-remove-confirm")
    click(page, "button", "Remove from the team")  # without a reason: refused
    assert page.locator(".error-summary").is_visible()
    page.fill("textarea[name=reason]", "His part in the appeal has ended.")
    click(page, "button", "Remove from the team")  # 2
    assert "You can restore the place" in page.locator(".messages").inner_text()
    assert not cast.hakobyan.team.filter(user=cast.lawyer, removed_at__isnull=True).exists()
    check(tab, "team-card-restore")
    # Removing: Remove, then Remove from the team with a reason (plus the refused try here).
    assert len(CLICKS) == 3
    CLICKS.clear()
    click(page, "button", f"Restore {lawyer}")  # 1 to undo
    assert len(CLICKS) == 1
    assert cast.hakobyan.team.filter(user=cast.lawyer, removed_at__isnull=True).exists()


def test_the_partner_goes_from_the_caseload_to_the_case_and_on_to_the_monitoring(tab, cast):
    from kaketoe.toolkit.tests.test_part_d import hand_over

    hand_over(cast)
    cast.hakobyan.stage = Stage.MONITORING
    cast.hakobyan.save()
    tab.log_in(cast.partner)
    page = tab.page
    assert page.url.endswith(reverse("monitoring:families"))
    check(tab, "start-partner")
    CLICKS.clear()
    click(page, "link", "My caseload")
    click(page, "link", "Hakobyan")
    assert page.locator("html").get_attribute("lang") == "en"
    check(tab, "partner-case")
    click(page, "link", "Open the family's monitoring")
    assert page.url.endswith(reverse("monitoring:family", args=[cast.hakobyan.pk]))
    assert len(CLICKS) == 3  # caseload, case, monitoring (there was no way from the case before)
    check(tab, "partner-monitoring")
    CLICKS.clear()  # the start page itself leads to the family's monitoring in one click
    tab.goto(reverse("monitoring:families"))
    click(page, "link", "Hakobyan")
    assert page.url.endswith(reverse("monitoring:family", args=[cast.hakobyan.pk]))
    assert len(CLICKS) == 1
