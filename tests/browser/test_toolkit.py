"""Route-map step 2A in a real browser: the cockatoo toolkit with a child on a tablet.

A case manager prepares a session (age guidance, timer), starts child mode with a PIN and hands
over the tablet. A 7-year-old answers two questions in the booklet, makes a drawing and puts a
sticker on part A; an 11-year-old draws a card, answers two questions and adds a wish to their
return plan, then switches to Arabic (right to left). Child mode is tried for escapes (typed
URLs, the back button, a link). After the PIN the answers are on the child's page.
Child pages must be axe-core clean at tablet size (768×1024); screenshots land in
test-artifacts/screenshots/toolkit-*.png for a human to look at.
"""

from __future__ import annotations

import re

import pytest

from kaketoe.testing import make_family, make_user
from kaketoe.toolkit.models import Answer, ChildSession, Sticker

from .conftest import SCREENSHOTS, TABLET, describe
from .test_journeys import years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PIN = "4826"
LANDSCAPE = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}


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


def child(family, name):
    return family.members.get(given_name=name)


def assert_axe_clean(tab, name):
    violations = tab.axe(name)
    assert violations == [], describe(violations)


SMALL_TARGETS = """() => [
    ...document.querySelectorAll('a, button, input[type=radio], input[type=checkbox]')]
  .filter(el => !el.closest('.visually-hidden') && el.offsetParent !== null)
  .map(el => [el, (el.closest('label') || el).getBoundingClientRect()])
  .filter(([el, box]) => box.height < 48 || box.width < 48)
  .map(([el, box]) => el.outerHTML.slice(0, 80) + ' ' + Math.round(box.width) + 'x'
    + Math.round(box.height))"""


def assert_fits_and_touchable(tab):
    """No sideways scrolling, and every button and link on a child page is at least 48px."""
    page = tab.page
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1")
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], small


def quiet(tab) -> list[str]:
    """Console errors, apart from the 400 the PIN page answers a wrong PIN with (on purpose)."""
    return [e for e in tab.console_errors if not ("status of 400" in e and "/play/done/" in e)]


def start_child_mode(tab, family, person, language="en"):
    page = tab.page
    tab.goto(f"/families/{family.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Toolkit and answers of {person.given_name}").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Prepare and start a session").click()
    # The guidance for the child's age and the timer with its recommended length.
    assert page.get_by_role(
        "heading", name="Eleven conditions for child-friendly communication"
    ).is_visible()
    assert "never probe" in page.locator("#trauma-heading").inner_text()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_timeout(1300)
    assert page.locator("[data-timer-clock]").inner_text() != "0:00"
    page.get_by_role("button", name="Pause").click()
    assert_axe_clean(tab, f"toolkit-prepare-{person.given_name.lower()}")
    tab.screenshot(f"toolkit-prepare-{person.given_name.lower()}")
    page.select_option("#id_language", language)
    page.fill("#id_pin", PIN)
    page.fill("#id_pin_again", PIN)
    page.fill("#id_parents_informed_on", "2026-01-05")  # the parents were told beforehand
    with page.expect_navigation():
        page.get_by_role("button", name="Start child mode").click()
    session = ChildSession.objects.get(child=person)
    assert page.url == tab.base_url + session.child_url()
    return session


def go_on(page):
    """After an answer the child is asked who may see it; going on keeps it private."""
    assert "/share/" in page.url, page.url
    with page.expect_navigation():
        page.locator(".kid-share .kid-actions a").click()


def leave_child_mode(tab, session):
    page = tab.page
    with page.expect_navigation():
        page.get_by_role("link", name="I am done for now").click()
    page.fill("#pin", "0000")
    with page.expect_navigation():
        page.get_by_role("button", name="Leave child mode").click()
    assert page.get_by_text("That PIN is not right.").is_visible()
    page.fill("#pin", PIN)
    with page.expect_navigation():
        page.get_by_role("button", name="Leave child mode").click()
    assert page.url == tab.base_url + session.get_absolute_url()


def test_a_session_with_a_seven_year_old(tab, casemanager, family):
    page = tab.page
    lina = child(family, "Lina")
    tab.log_in(casemanager)
    page.set_viewport_size(TABLET)
    session = start_child_mode(tab, family, lina)
    home = tab.base_url + session.child_url()

    # The road: four parts, no case data, no way out.
    assert page.get_by_role("heading", name="Your road").is_visible()
    assert page.get_by_text("There are no wrong answers.").is_visible()
    assert page.locator(".site-header").count() == 0
    assert "Hakobyan" not in page.content()
    assert_axe_clean(tab, "toolkit-roadmap-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-roadmap-tablet")

    # Part A: the story, then two questions, one drawing, a feeling face.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("This is me together with my family")).click()
    assert page.get_by_role("heading", name="The story").is_visible()
    assert_axe_clean(tab, "toolkit-part-a-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-part-a-tablet")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Who belongs to your family")).click()
    page.fill("#words", "Mama, papa, my little brother and grandma in Gyumri")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved. Well done!").is_visible()
    # Who may see this? Three pictures; the child picks the team for this answer.
    assert page.get_by_role("heading", name="Who may see this?").is_visible()
    assert_axe_clean(tab, "toolkit-share-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-share-tablet")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("help my family")).click()
    assert Answer.objects.get(question_code="BOOK-A-2").shared_with == "team"

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("How do you feel today")).click()
    page.get_by_label("Happy").check()
    assert_axe_clean(tab, "toolkit-feelings-tablet")
    tab.screenshot("toolkit-feelings-tablet")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    go_on(page)

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Draw yourself")).click()
    canvas = page.locator("canvas").bounding_box()
    page.locator(".swatch--purple").click()
    page.mouse.move(canvas["x"] + 80, canvas["y"] + 80)
    page.mouse.down()
    for step in range(1, 20):
        page.mouse.move(canvas["x"] + 80 + step * 20, canvas["y"] + 80 + (step % 5) * 25)
    page.mouse.up()
    assert_axe_clean(tab, "toolkit-draw-tablet")
    tab.screenshot("toolkit-draw-tablet")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    go_on(page)
    drawing = Answer.objects.get(question_code="BOOK-A-3")
    assert bytes(drawing.drawing).startswith(b"\x89PNG") and drawing.shared_with == "private"

    # The sticker on part A.
    with page.expect_navigation():
        page.get_by_role("button", name="Finished! Stick my sticker").click()
    assert page.url.startswith(home)
    assert page.locator('[data-sticker="A"]').count() == 1
    assert list(Sticker.objects.values_list("part", flat=True)) == ["A"]
    tab.screenshot("toolkit-roadmap-sticker-tablet")

    # Both orientations and a phone.
    for size, name in [(LANDSCAPE, "landscape"), (PHONE, "phone")]:
        page.set_viewport_size(size)
        tab.goto(session.child_url())
        assert_fits_and_touchable(tab)
        tab.screenshot(f"toolkit-roadmap-{name}")
    page.set_viewport_size(TABLET)

    # No escape: typed URLs, the back button, a link all end up in child mode.
    for path in ["/", f"/families/{family.pk}/", session.get_absolute_url(), "/audit/"]:
        tab.goto(path)
        assert page.url == home, path
    page.go_back()
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url.startswith(home), page.url
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = '/families/"
        + str(family.pk)
        + "/'; a.id = 'escape'; a.textContent = 'out'; document.body.append(a); }"
    )
    with page.expect_navigation():
        page.click("#escape")
    assert page.url == home
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert all(href.startswith(session.child_url()) or href.startswith("#") for href in hrefs), (
        hrefs
    )

    # The grown-up takes the tablet back with the PIN, records the session.
    leave_child_mode(tab, session)
    assert "Mama, papa, my little brother and grandma in Gyumri" in page.content()
    page.fill("#id_present", "Lina, her mother, the case manager")
    page.fill("#id_how_it_went", "Lina liked the story and drew her family.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the record").click()

    # The child's page: the child's words, the drawing, the face; one marked for the plan.
    assert page.get_by_role("heading", name="The child's answers").is_visible()
    answers = page.locator("#answers-heading + p + ul")
    assert "Mama, papa, my little brother and grandma in Gyumri" in answers.inner_text()
    assert "Happy" in answers.inner_text()
    assert page.locator("img.toolkit-answer__drawing").evaluate("img => img.naturalWidth") > 0
    with page.expect_navigation():
        page.get_by_role("button", name="The child wants this in the return plan").first.click()
    plan = page.locator("#plan-heading ~ ul").first
    assert "Mama, papa" in plan.inner_text()
    assert_axe_clean(tab, "toolkit-child-page-tablet")
    tab.screenshot("toolkit-child-page-tablet")
    assert quiet(tab) == [], tab.console_errors


def test_a_session_with_an_eleven_year_old_in_arabic_too(tab, casemanager, family):
    page = tab.page
    samir = child(family, "Samir")
    tab.log_in(casemanager)
    page.set_viewport_size(TABLET)
    session = start_child_mode(tab, family, samir)
    assert page.get_by_role("heading", name="Choose a colour").is_visible()
    assert_axe_clean(tab, "toolkit-decks-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-decks-tablet")

    # Pick the blue deck, draw a card, answer two questions from its back.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Farewell to the Netherlands")).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Draw a card").click()
    session.refresh_from_db()
    assert session.drawn_card.startswith("CARD-C-")
    assert_axe_clean(tab, "toolkit-card-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-card-tablet")
    answers = ["My football team and my teacher", "With video calls on Sundays"]
    for index, words in enumerate(answers):
        with page.expect_navigation():
            page.locator(".kid-card--back a.kid-task").nth(index * 2).click()
        page.fill("#words", words)
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()
        go_on(page)
        assert page.url.startswith(
            tab.base_url + session.child_url("child_card", card_code=session.drawn_card)
        )
    assert page.locator(".kid-task__done").count() == 2

    # My return plan: a wish and who can help.
    with page.expect_navigation():
        page.get_by_role("link", name="My return plan").click()
    page.fill("#what", "A school with a football club")
    page.fill("#helper", "My uncle and the counsellor")
    with page.expect_navigation():
        page.get_by_role("button", name="Add it to my plan").click()
    go_on(page)
    assert page.get_by_text("A school with a football club").is_visible()
    assert_axe_clean(tab, "toolkit-plan-tablet")
    tab.screenshot("toolkit-plan-tablet")

    # The child switches to Arabic: right to left.
    tab.goto(session.child_url())
    with page.expect_navigation():
        page.get_by_role("button", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_text("لا توجد إجابات خاطئة.").is_visible()
    assert_axe_clean(tab, "toolkit-arabic-decks-tablet")
    tab.screenshot("toolkit-arabic-decks-tablet")
    with page.expect_navigation():
        page.locator(".deck").nth(2).click()
    with page.expect_navigation():
        page.get_by_role("button", name="اسحب بطاقة").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_axe_clean(tab, "toolkit-arabic-card-tablet")
    tab.screenshot("toolkit-arabic-card-tablet")
    tab.goto(session.child_url())
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    # Back with the PIN; the answers and the wish are on the child's page.
    leave_child_mode(tab, session)
    tab.goto(f"/families/{family.pk}/children/{samir.pk}/toolkit/")
    text = page.locator("main").inner_text()
    for words in answers + ["A school with a football club", "My uncle and the counsellor"]:
        assert words in text
    plan = page.locator("#plan-heading ~ ul").first.inner_text()
    assert "A school with a football club" in plan
    assert Answer.objects.get(kind="wish").for_return_plan
    assert quiet(tab) == [], tab.console_errors


def test_a_friend_writes_a_farewell_page_and_the_arabic_booklet_reads_right_to_left(
    tab, casemanager, family
):
    """A friend writes on Lina's farewell page in child mode (Arabic, the parents agreed to
    contact details); the child's own booklet, rendered from the PDF's template in the browser,
    reads right to left. Screenshots: toolkit-farewell-arabic-tablet, toolkit-booklet-arabic."""
    from django.template.loader import render_to_string

    from kaketoe.toolkit import queries, services
    from kaketoe.toolkit.models import FarewellMessage

    page = tab.page
    lina = child(family, "Lina")
    mother = family.members.create(relation="parent", given_name="Lusine", family_name="Hakobyan")
    services.record_farewell_consent(
        None, casemanager, lina, agreed_on=lina.family.created_at.date(), agreed_by=mother
    )
    tab.log_in(casemanager)
    page.set_viewport_size(TABLET)
    session = start_child_mode(tab, family, lina, language="ar")
    with page.expect_navigation():
        page.get_by_role("link", name="صفحات الوداع").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("صديق أو صديقة").check()
    page.fill("#name", "سارة")
    page.fill("#memory", "لعبنا معًا في الحديقة كل يوم")
    page.fill("#wish", "أتمنى لك مدرسة جميلة")
    page.fill("#contact", "sara@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="اكتبها في الكتيّب").click()
    assert page.get_by_text("لعبنا معًا في الحديقة كل يوم").is_visible()
    message = FarewellMessage.objects.get()
    assert (message.session_id, message.contact) == (session.pk, "sara@example.org")
    assert_axe_clean(tab, "toolkit-farewell-arabic-tablet")
    assert_fits_and_touchable(tab)
    tab.screenshot("toolkit-farewell-arabic-tablet")

    # The booklet the child takes home, in Arabic: the PDF's own template in the browser.
    Answer.objects.create(
        session=session,
        family=family,
        child=lina,
        question_code="BOOK-A-2",
        kind="words",
        words="ماما وبابا وجدتي",
        language="ar",
    )
    Sticker.objects.create(child=lina, session=session, part="A")
    context = queries.booklet(lina, Answer.objects.filter(child=lina), "ar", contact_allowed=True)
    html = render_to_string("toolkit/booklet_pdf.html", {"child": lina, **context})
    sheet = page.context.new_page()  # a blank page: no site CSP, like WeasyPrint reading it
    sheet.set_viewport_size(TABLET)
    sheet.set_content(html)
    assert sheet.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The short title's text sits on the right-hand side of the page.
    left = sheet.evaluate(
        "() => { const r = document.createRange();"
        " r.selectNodeContents(document.querySelector('h1'));"
        " return r.getBoundingClientRect().left; }"
    )
    assert left > TABLET["width"] / 2, left
    assert "sara@example.org" in html and "ماما وبابا وجدتي" in html
    sheet.screenshot(path=str(SCREENSHOTS / "toolkit-booklet-arabic.png"), full_page=True)
    sheet.close()

    # Back in English to hand the tablet back with the PIN.
    tab.goto(session.child_url())
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    leave_child_mode(tab, session)
    tab.goto(f"/families/{family.pk}/children/{lina.pk}/toolkit/farewell/")
    assert "sara@example.org" in page.locator("main").inner_text()
    assert_axe_clean(tab, "toolkit-farewell-professional")
    tab.screenshot("toolkit-farewell-professional")
    assert quiet(tab) == [], tab.console_errors
