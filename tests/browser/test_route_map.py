"""The route map in a real browser (issue 16 §1): a case with part of step 1A done shows 1A in
progress with what is missing; a note settles a piece; marking the step done without a reason is
refused with what is missing, with a reason it shows who marked it. axe-core at 768, 1024 and
1366 px; screenshots in test-artifacts and docs/screenshots/route-map-<width>.png.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from kaketoe.accounts.models import Role
from kaketoe.assessments.models import SafetyAssessment
from kaketoe.testing import make_family, make_user, today

from .conftest import ROOT, describe, impact_counts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def counsellor(db):
    return make_user("counsellor", Role.COUNSELLOR)


@pytest.fixture
def family(counsellor):
    family = make_family(counsellor, "Hakobyan", children=[("Davit", date(2019, 11, 2))])
    SafetyAssessment.objects.create(
        family=family, assessed_on=today(), place="Yerevan", assessed_by=counsellor
    )
    return family


def test_the_route_map_says_what_is_missing_and_who_marked_a_step_done(tab, counsellor, family):
    tab.log_in(counsellor)
    page = tab.page
    tab.goto(f"/families/{family.pk}/")
    first = page.locator(".route__step").first
    assert "in progress" in first.inner_text() and "still missing" in first.inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="What each step still needs").click()
    step = page.locator("#step-1A")
    assert "Preconditions checklist" in step.inner_text()
    for width in (768, 1024, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        violations = tab.axe(f"route-map-{width}")
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, describe(serious)
        assert impact_counts(violations).get("serious", 0) == 0
        shot = tab.screenshot(f"route-map-{width}")
        shutil.copy(shot, ROOT / "docs" / "screenshots" / f"route-map-{width}.png")
    page.set_viewport_size({"width": 1366, "height": 900})

    # A note settles the factor review of Davit.
    step.get_by_text("Settle this with a note").first.click()
    step.locator("textarea[name=text]").first.fill("Besproken in het MDO: niets vast te leggen")
    with page.expect_navigation():
        step.get_by_role("button", name="Save the note").first.click()
    assert "Besproken in het MDO" in page.locator("#step-1A").inner_text()

    # Marking 1A done: refused without a real reason, shown with one.
    step = page.locator("#step-1A")
    step.get_by_text("Mark this step done against the evidence").click()
    step.locator("textarea[name=reason]").fill("te kort")
    step.locator("textarea[name=reason]").evaluate("el => el.removeAttribute('minlength')")
    with page.expect_navigation():
        step.get_by_role("button", name="Mark done").click()
    assert "still missing" in page.locator("#step-1A [role=alert]").inner_text()
    step = page.locator("#step-1A")
    step.locator("textarea[name=reason]").fill("Besloten in het MDO van 3 december, zie verslag")
    with page.expect_navigation():
        step.get_by_role("button", name="Mark done").click()
    assert "Marked done by" in page.locator("#step-1A").inner_text()
    assert [e for e in tab.console_errors if "status of 400" not in e] == []  # the refusal


def test_recording_the_departure_with_open_points_asks_for_a_reason(tab, counsellor, family):
    family.planned_departure = today() + timedelta(days=10)
    family.save()
    tab.log_in(counsellor)
    page = tab.page
    tab.goto(f"/families/{family.pk}/")
    readiness = page.locator(".readiness")
    assert "No valid consent" in readiness.inner_text()
    tab.goto(f"/families/{family.pk}/edit/")
    page.fill("#id_actual_departure", today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "Not ready for departure" in page.content()
    for width in (768, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        serious = [
            v for v in tab.axe(f"readiness-{width}") if v["impact"] in ("serious", "critical")
        ]
        assert not serious, describe(serious)
        shot = tab.screenshot(f"readiness-{width}")
        shutil.copy(shot, ROOT / "docs" / "screenshots" / f"readiness-{width}.png")
    reason = "Uitzetting op last van de rechter; geen uitstel mogelijk"
    page.fill("#id_actual_departure", today().isoformat())
    page.fill("#id_readiness_override_reason", reason)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert reason in page.locator("main").inner_text()
