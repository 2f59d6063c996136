"""Child mode on a tablet, as a child uses it (issue 14 §3), in portrait and landscape.

At 768×1024, 1024×768 and 1366×768: the stop ("I am done for now") is in view at the top of
every child page and stays in view when the child scrolls down; on the drawing question the
colours and Save fit on the screen without scrolling; Tuki's sun shows how far the time has
come without numbers, and after the length for the child's age a gentle word about a break.
axe-core runs with its best practices too (the `region` rule: everything inside a landmark):
no violations at all with the WCAG tags, no serious or critical ones and no `region` with the
best practices. Screenshots of the part page, the drawing and a card (what the screen shows,
not the full page) land in test-artifacts/screenshots/child-mode-<w>x<h>-*.png.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kaketoe.testing import make_family, make_user
from kaketoe.toolkit.models import ChildSession

from .conftest import WCAG_TAGS, describe
from .test_journeys import years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIN = "4826"
SIZES = [(768, 1024), (1024, 768), (1366, 768)]
BEST_PRACTICE = [*WCAG_TAGS, "best-practice"]


@pytest.fixture
def casemanager(db):
    return make_user("casemanager")


@pytest.fixture
def family(casemanager):
    return make_family(
        casemanager,
        "Hakobyan",
        children=[("Lina", years_ago(7, 40)), ("Samir", years_ago(11, 100))],
    )


def start_child_mode(tab, family, name: str, minutes_ago: int) -> ChildSession:
    page = tab.page
    person = family.members.get(given_name=name)
    tab.goto(f"/families/{family.pk}/children/{person.pk}/toolkit/prepare/")
    page.select_option("#id_language", "en")
    page.fill("#id_pin", PIN)
    page.fill("#id_pin_again", PIN)
    page.fill("#id_parents_informed_on", "2026-01-05")  # the parents were told beforehand
    with page.expect_navigation():
        page.get_by_role("button", name="Start child mode").click()
    session = ChildSession.objects.get(child=person, ended_at__isnull=True)
    # As if the child had been at it for a while: the sun has come part of the way.
    session.started_at = timezone.now() - timedelta(minutes=minutes_ago)
    session.save(update_fields=["started_at"])
    return session


def leave_child_mode(tab):
    page = tab.page
    with page.expect_navigation():
        page.get_by_role("link", name="I am done for now").click()
    page.fill("#pin", PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Leave child mode").click()


def in_view(tab, locator) -> bool:
    box = locator.bounding_box()
    size = tab.page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["x"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] + box["width"] <= size["width"]
    )


def assert_stop_always_in_view(tab, where: str):
    stop = tab.page.get_by_role("link", name="I am done for now")
    assert in_view(tab, stop), f"stop not in view at the top of {where}"
    tab.page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert in_view(tab, stop), f"stop not in view after scrolling down {where}"
    tab.page.evaluate("window.scrollTo(0, 0)")


def assert_accessible(tab, name: str):
    """WCAG: nothing at all; with axe's best practices: nothing serious, nothing outside a
    landmark (`region`)."""
    violations = tab.axe(name)
    assert violations == [], describe(violations)
    results = tab.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", BEST_PRACTICE
    )
    bad = [
        v
        for v in results["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] == "region"
    ]
    assert bad == [], describe(bad)


def shoot(tab, name: str):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.evaluate("window.scrollTo(0, 0)")
    tab.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))  # what the screen shows


def test_stop_the_sun_and_the_drawing_fit_a_tablet_both_ways(tab, casemanager, family):
    page = tab.page
    tab.log_in(casemanager)
    lina = start_child_mode(tab, family, "Lina", minutes_ago=8)
    for width, height in SIZES:
        size = f"{width}x{height}"
        page.set_viewport_size({"width": width, "height": height})

        tab.goto(lina.child_url("child_part", part_code="A"))
        assert page.get_by_role("heading", name="The story").is_visible()
        assert page.locator("header nav").count() == 1 and page.locator("main").count() == 1
        # The sun is on its way (8 of 15 minutes for a 7-year-old), no break word yet.
        assert page.locator(".kid-time").get_attribute("class").split()[1] == "kid-time--s6"
        assert page.locator("[data-kid-break]").inner_text() == ""
        assert not re.search(r"\d", page.locator("header").inner_text())
        assert_stop_always_in_view(tab, f"part A at {size}")
        assert_accessible(tab, f"child-mode-part-{size}")
        shoot(tab, f"child-mode-{size}-part")

        tab.goto(lina.child_url("child_question", question_code="BOOK-A-3"))
        assert page.locator("canvas").is_visible()
        for swatch in page.locator(".swatch").all():
            assert in_view(tab, swatch), f"a colour is below the fold at {size}"
        assert in_view(tab, page.get_by_role("button", name="Save")), f"Save hidden at {size}"
        assert in_view(tab, page.get_by_role("button", name="Start again")), size
        assert_stop_always_in_view(tab, f"the drawing at {size}")
        assert_accessible(tab, f"child-mode-draw-{size}")
        assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
        shoot(tab, f"child-mode-{size}-draw")

    # After the length for her age (15 minutes), a gentle word about a break; the stop stays.
    ChildSession.objects.filter(pk=lina.pk).update(
        started_at=timezone.now() - timedelta(minutes=16)
    )
    page.set_viewport_size({"width": 1024, "height": 768})
    tab.goto(lina.child_url())
    assert "kid-time--done" in page.locator(".kid-time").get_attribute("class")
    assert "Maybe it is time for a little break?" in page.locator("[data-kid-break]").inner_text()
    assert_stop_always_in_view(tab, "the road after the break word")
    assert_accessible(tab, "child-mode-break-1024x768")
    shoot(tab, "child-mode-1024x768-break")
    leave_child_mode(tab)
    assert "Time used" in page.locator("main").inner_text()

    # Samir (11) and his cards.
    samir = start_child_mode(tab, family, "Samir", minutes_ago=20)
    for width, height in SIZES:
        size = f"{width}x{height}"
        page.set_viewport_size({"width": width, "height": height})
        tab.goto(samir.child_url())
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile("Farewell to the Netherlands")).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Draw a card").click()
        assert_stop_always_in_view(tab, f"a card at {size}")
        assert_accessible(tab, f"child-mode-card-{size}")
        shoot(tab, f"child-mode-{size}-card")
    leave_child_mode(tab)
    assert tab.console_errors == [], tab.console_errors
