"""The toolkit informs (issue 14 §2), walked as a child on a tablet.

The adult ticks on the prepare page what the information pages may show of the case (here: the
country, the city and the month of departure; not the new school) and records the date the
parents were informed. Then a 7-year-old (the booklet) and an 11-year-old (the cards and the
information booklet) read the information pages and answer a question with the sharing choice,
in Dutch, Armenian and Arabic (right to left), at 768×1024 and 1024×768. On every page the stop
is in view, axe-core finds nothing (WCAG) and nothing serious or critical with its best
practices, and nothing unticked of the case appears. Screenshots of what the screen shows land
in test-artifacts/screenshots/toolkit-<page>-<age>-<language>-<w>x<h>.png, a few of them
(FOR_THE_DOCS) in docs/screenshots/ for the professionals' guide and a human to look at.
"""

from __future__ import annotations

from datetime import date

import pytest

from kaketoe.guidance.models import SchoolHandover
from kaketoe.testing import make_family, make_user, today
from kaketoe.toolkit.models import Answer, ChildSession

from .conftest import ROOT, SCREENSHOTS, WCAG_TAGS, describe
from .test_child_mode_tablet import in_view
from .test_journeys import years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIN = "4826"
SIZES = [(768, 1024), (1024, 768)]
LANGUAGES = ["nl", "hy", "ar"]
DOCS = ROOT / "docs" / "screenshots"
# Kept in the docs (the rest of the walk lands in test-artifacts/screenshots).
FOR_THE_DOCS = {
    "toolkit-info-7-nl-768x1024",
    "toolkit-info-7-hy-768x1024",
    "toolkit-info-7-ar-1024x768",
    "toolkit-part-7-hy-768x1024",
    "toolkit-share-7-ar-1024x768",
    "toolkit-infobooklet-11-ar-768x1024",
    "toolkit-info-11-hy-1024x768",
    "toolkit-share-11-nl-768x1024",
    "toolkit-road-7-ar-1024x768",
    "toolkit-deck-11-hy-768x1024",
}
BEST_PRACTICE = [*WCAG_TAGS, "best-practice"]
CITY = "Gyumri"
SECRET_SCHOOL = "School nr 5 Gyumri"  # known in the case, not ticked: never on a child page
DEPARTURE = date(today().year + 1, 3, 12)
# What the ticked facts look like in each language (the country and the month translated).
SHOWN = {
    "nl": ["Armenië", CITY, f"maart {DEPARTURE.year}"],
    "hy": ["Հայաստան", CITY, str(DEPARTURE.year)],
    "ar": ["أرمينيا", CITY, str(DEPARTURE.year)],
}


@pytest.fixture
def casemanager(db):
    return make_user("casemanager")


@pytest.fixture
def family(casemanager):
    family = make_family(
        casemanager,
        "Hakobyan",
        children=[("Lina", years_ago(7, 40)), ("Samir", years_ago(11, 100))],
        place_of_return=CITY,
        planned_departure=DEPARTURE,
    )
    for person in family.members.filter(relation="child"):
        SchoolHandover.objects.create(child=person, school_abroad=SECRET_SCHOOL)
    return family


def start(tab, family, name: str) -> ChildSession:
    """The prepare page as the adult fills it in: three facts ticked, the parents informed."""
    page = tab.page
    person = family.members.get(given_name=name)
    tab.goto(f"/families/{family.pk}/children/{person.pk}/toolkit/prepare/")
    assert page.get_by_text("Loyalty to the parents").is_visible()
    for fact in ("country", "city", "month"):
        page.check(f"input[name=shown_facts][value={fact}]")
    page.select_option("#id_talk_with", "woman")
    page.fill("#id_parents_informed_on", "2026-01-05")
    page.fill("#id_pin", PIN)
    page.fill("#id_pin_again", PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Start child mode").click()
    session = ChildSession.objects.get(child=person, ended_at__isnull=True)
    assert session.shown_facts == ["country", "city", "month"] and session.talk_with == "woman"
    return session


def leave(tab):
    page = tab.page
    with page.expect_navigation():
        page.locator(".kid-button--stop").click()
    page.fill("#pin", PIN)
    with page.expect_navigation():
        page.locator(".kid-form--pin button[type=submit]").click()


def check_page(tab, shot: str):
    """The stop in view (also after scrolling), axe clean, nothing unticked, a screenshot."""
    page = tab.page
    stop = page.locator(".kid-button--stop")
    assert in_view(tab, stop), f"stop not in view: {shot}"
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert in_view(tab, stop), f"stop not in view after scrolling: {shot}"
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1"), shot
    assert SECRET_SCHOOL not in page.content() and "Hakobyan" not in page.content(), shot
    violations = tab.axe(shot)
    assert violations == [], describe(violations)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", BEST_PRACTICE
    )
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], describe(bad)
    folder = DOCS if shot in FOR_THE_DOCS else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{shot}.png"))  # what the screen shows


def test_a_seven_and_an_eleven_year_old_read_what_is_going_to_happen(tab, casemanager, family):
    page = tab.page
    tab.log_in(casemanager)

    lina = start(tab, family, "Lina")
    for language in LANGUAGES:
        ChildSession.objects.filter(pk=lina.pk).update(language=language)
        for width, height in SIZES:
            size = f"{width}x{height}"
            page.set_viewport_size({"width": width, "height": height})
            tab.goto(lina.child_url())
            road = page.locator("img.kid-roadmap")
            assert road.is_visible()  # the road runs the way the child reads
            assert ("roadmap-rtl" in road.get_attribute("src")) == (language == "ar")
            check_page(tab, f"toolkit-road-7-{language}-{size}")
            tab.goto(lina.child_url("child_part", part_code="C"))
            assert page.locator("html").get_attribute("dir") == (
                "rtl" if language == "ar" else "ltr"
            )
            assert page.locator(".kid-info-link").count() == 1
            check_page(tab, f"toolkit-part-7-{language}-{size}")
            with page.expect_navigation():
                page.locator(".kid-info-link").first.click()
            facts = page.locator(".kid-facts").inner_text()
            for shown in SHOWN[language]:
                assert shown in facts, (language, shown, facts)
            assert page.locator(".kid-always").is_visible()
            check_page(tab, f"toolkit-info-7-{language}-{size}")
            tab.goto(lina.child_url("child_question", question_code="BOOK-C-2"))
            page.fill("#words", "Mijn voetbalteam")
            with page.expect_navigation():
                page.locator(".kid-form button[type=submit]").first.click()
            assert "/share/" in page.url
            check_page(tab, f"toolkit-share-7-{language}-{size}")
            with page.expect_navigation():
                page.locator(".kid-share__choice--parents").click()
    leave(tab)

    samir = start(tab, family, "Samir")
    for language in LANGUAGES:
        ChildSession.objects.filter(pk=samir.pk).update(language=language)
        for width, height in SIZES:
            size = f"{width}x{height}"
            page.set_viewport_size({"width": width, "height": height})
            tab.goto(samir.child_url("child_deck", deck_code="D"))
            assert page.locator(".card-stack img").count() == 3
            check_page(tab, f"toolkit-deck-11-{language}-{size}")
            tab.goto(samir.child_url())
            with page.expect_navigation():
                page.locator(".kid-button--info").click()
            assert page.locator(".kid-info-link").count() == 7
            check_page(tab, f"toolkit-infobooklet-11-{language}-{size}")
            tab.goto(samir.child_url("child_info", page_code="INFO-BASICS"))
            check_page(tab, f"toolkit-info-11-{language}-{size}")
            page.fill("#id_what", f"Zwemmen, net als hier ({language} {size})")
            with page.expect_navigation():
                page.locator(".kid-point button[type=submit]").click()
            assert "/share/" in page.url
            check_page(tab, f"toolkit-share-11-{language}-{size}")
            with page.expect_navigation():
                page.locator(".kid-share__choice--team").click()
            assert "/info/INFO-BASICS/" in page.url
    points = Answer.objects.filter(child=samir.child, question_code="INFO-BASICS")
    assert points.count() == 6
    assert all(p.for_return_plan and p.shared_with == "team" for p in points)
    leave(tab)
    assert tab.console_errors == [], tab.console_errors
