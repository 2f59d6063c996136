"""The toolkit informs (issue 14 §2): information pages per age band, case facts only where the
adult ticked them, points for the return plan from the information booklet, and the parents
informed before a first session."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Person
from kaketoe.catalogues.loader import load
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry
from kaketoe.guidance.models import SchoolHandover
from kaketoe.testing import login, make_cast, today
from kaketoe.toolkit import content, queries, rules
from kaketoe.toolkit.models import Answer, ChildSession
from kaketoe.toolkit.tests.test_views import PIN, start

LANGUAGES = ["nl", "en", "ar", "hy", "ru"]


# -- the rules, without HTTP ---------------------------------------------------------------------

KNOWN = {"country": "Armenia", "city": "Gyumri", "month": "March 2027", "school": "School 5"}


def test_a_page_shows_only_facts_it_is_about_that_were_ticked_and_are_known():
    page_facts = ("country", "city", "month")
    assert rules.facts_to_show(page_facts, [], KNOWN) == []
    assert rules.facts_to_show(page_facts, ["city"], KNOWN) == [("city", "Gyumri")]
    assert rules.facts_to_show(page_facts, ["school", "city"], KNOWN) == [("city", "Gyumri")]
    assert rules.facts_to_show(("met_by",), ["met_by"], KNOWN) == []  # ticked but not known
    assert rules.facts_to_show(page_facts, ["country", "month"], KNOWN) == [
        ("country", "Armenia"),
        ("month", "March 2027"),
    ]


def test_only_the_six_case_facts_can_be_ticked():
    assert rules.ticked_facts(["school", "family_name", "city", "city"]) == ["city", "school"]
    assert rules.ticked_facts(None) == []


def test_a_first_session_without_the_parents_informed_asks_to_confirm():
    assert rules.needs_parents_confirmation(True, None)
    assert not rules.needs_parents_confirmation(True, date(2026, 1, 5))
    assert not rules.needs_parents_confirmation(False, None)


def test_a_part_d_session_shows_part_d_only():
    assert rules.part_allowed("", "A") and rules.part_allowed("D", "D")
    assert not rules.part_allowed("D", "A")


# -- the content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_part_has_information_pages_and_the_child_always_hears_it_is_not_their_fault(
    language,
):
    texts = content.Content(language)
    assert {page.part for page in texts.info_pages} == {"A", "B", "C", "D"}
    for page in texts.info_pages:
        assert page.title and len(page.text) > 200
        assert set(page.facts) <= set(rules.CASE_FACTS)
    for key in ("info", "info_booklet", "info_point", "info_always", "facts"):
        assert texts.ui[key]
    for fact in rules.CASE_FACTS:
        assert texts.ui[f"fact_{fact}"]


def test_the_information_covers_what_the_handbook_asks():
    codes = {page.code for page in content.Content("en").info_pages}
    assert {"INFO-PEOPLE", "INFO-WHY", "INFO-FEELINGS", "INFO-TRAVEL"} <= codes
    assert {"INFO-ARRIVE", "INFO-BASICS", "INFO-TALK"} <= codes
    english = " ".join(page.text for page in content.Content("en").info_pages)
    for words in ("not your fault", "sad", "angry", "school", "doctor", "food", "talk to"):
        assert words in english
    assert "not your fault" in content.Content("en").ui["info_always"]


def test_every_picture_is_our_own_svg_in_static():
    from django.contrib.staticfiles import finders

    names = {page.picture for page in content.Content("en").info_pages}
    names |= {"tuki-a", "tuki-b", "tuki-c", "tuki-d", "roadmap", "roadmap-rtl"}
    names |= {f"card-back-{colour}" for colour in ("purple", "green", "blue", "orange")}
    for name in names:
        found = finders.find(f"toolkit/{name}.svg")
        assert found, name
        text = Path(found).read_text()
        assert text.startswith("<svg") and "<script" not in text and "style=" not in text


def test_older_sessions_keep_their_catalogue_version():
    assert load("toolkit", "2026.1").version == "2026.1"
    assert "info" not in load("toolkit", "2026.1").data
    assert content.Content("nl", "2026.1").info_pages == []
    assert load("toolkit").version == "2026.2"


# -- child mode, with a family full of marker strings ------------------------------------------

MARKERS = {
    "family name": "MARKFAMILY",
    "city": "MARKCITY",
    "parent": "MARKPARENT",
    "sibling": "MARKSIBLING",
    "met by": "MARKMETBY",
    "school abroad": "MARKSCHOOLABROAD",
    "school here": "MARKSCHOOLNL",
    "teacher": "MARKTEACHER",
    "interpreter": "MARKINTERPRETER",
    "start reason": "MARKREASON",
    "grandmother": "Siranush",
    "partner": "Family Support Yerevan",
}
COUNTRY = re.compile(r"\bArmenia\b")
DEPARTURE = date(today().year + 1, 10, 14)
MONTH = f"October {DEPARTURE.year}"


@pytest.fixture
def marked(db):
    cast = make_cast()
    family = cast.hakobyan
    family.name = MARKERS["family name"]
    family.place_of_return = MARKERS["city"]
    family.planned_departure = DEPARTURE
    family.interpreter_language = MARKERS["interpreter"]
    family.save()
    parent = Person.objects.create(
        family=family, relation="parent", given_name=MARKERS["parent"], family_name="H"
    )
    Person.objects.create(
        family=family, relation="child", given_name=MARKERS["sibling"], family_name="H"
    )
    lina = Person.objects.create(
        family=family,
        relation="child",
        given_name="Lina",
        family_name=MARKERS["family name"],
        date_of_birth=today().replace(year=today().year - 7, day=1),
    )
    ani = family.members.get(given_name="Ani")
    for child in (lina, ani):
        SchoolHandover.objects.create(
            child=child,
            school_nl=MARKERS["school here"],
            teacher=MARKERS["teacher"],
            school_abroad=MARKERS["school abroad"],
        )
    consent.record_consent(
        None,
        cast.counsellor,
        ConsentEntry(
            family=family,
            purpose="handover",
            organisation=cast.partner.membership.organisation,
            decision="given",
            given_by=parent,
            how="signed_form",
            recorded_on=today() - timedelta(days=3),
        ),
    )
    consent.hand_over(None, cast.counsellor, family, cast.partner.membership.organisation)
    cast.lina, cast.ani = lina, ani
    return cast


def child_pages(client: Client, session: ChildSession) -> dict[str, str]:
    """Every child-mode page of this session (a question answered to reach its sharing page)."""
    texts = content.Content(session.language)
    names = {"home": session.child_url(), "plan": session.child_url("child_plan")}
    names["farewell"] = session.child_url("child_farewell")
    names["unlock"] = session.child_url("child_unlock")
    names["info booklet"] = session.child_url("child_info_booklet")
    for page in texts.info_pages:
        names[page.code] = session.child_url("child_info", page_code=page.code)
    for part in texts.parts:
        names[f"part {part.letter}"] = session.child_url("child_part", part_code=part.letter)
        for question in part.questions:
            names[question.code] = session.child_url("child_question", question_code=question.code)
    for deck in texts.decks:
        names[f"deck {deck.letter}"] = session.child_url("child_deck", deck_code=deck.letter)
        for card in deck.cards:
            names[card.code] = session.child_url("child_card", card_code=card.code)
    pages = {}
    for name, url in names.items():
        response = client.get(url)
        assert response.status_code in (200, 400), (name, response.status_code)
        pages[name] = response.content.decode()
    answered = client.post(
        session.child_url("child_question", question_code="BOOK-A-2"), {"words": "Football"}
    )
    pages["share"] = client.get(answered.url).content.decode()
    return pages


def leaks(html: str, shown: set[str] = frozenset()) -> list[str]:
    found = [name for name, marker in MARKERS.items() if marker in html and name not in shown]
    if COUNTRY.search(html) and "country" not in shown:
        found.append("country")
    if MONTH in html and "month" not in shown:
        found.append("month")
    return found


@pytest.mark.parametrize("child", ["lina", "ani"])
def test_nothing_of_the_case_appears_in_child_mode_when_nothing_is_ticked(client, marked, child):
    login(client, marked.counsellor)
    kid = getattr(marked, child)
    response = start(client, kid, kit=rules.kit_for(kid.age_band()), met_by=MARKERS["met by"])
    assert response.status_code == 302
    session = ChildSession.objects.get(child=kid)
    for name, html in child_pages(client, session).items():
        assert leaks(html) == [], name


def test_ticked_facts_appear_on_their_information_pages_and_nothing_else_does(client, marked):
    login(client, marked.counsellor)
    start(
        client,
        marked.ani,
        kit="cards",
        shown_facts=["city", "school", "month"],
        met_by=MARKERS["met by"],
    )
    session = ChildSession.objects.get(child=marked.ani)
    assert session.shown_facts == ["city", "month", "school"]
    pages = child_pages(client, session)
    assert MARKERS["city"] in pages["INFO-TRAVEL"] and MONTH in pages["INFO-TRAVEL"]
    assert MARKERS["school abroad"] in pages["INFO-BASICS"]
    for name, html in pages.items():
        assert leaks(html, shown={"city", "month", "school abroad"}) == [], name


@pytest.mark.parametrize(
    ("language", "country", "month"),
    [("hy", "Հայաստան", "2027"), ("ru", "Армения", "2027"), ("ar", "أرمينيا", "2027")],
)
def test_a_ticked_country_is_named_in_the_childs_language(marked, language, country, month):
    known = queries.case_facts(marked.ani, language)
    assert known["country"] == country
    assert str(DEPARTURE.year) in known["month"]
    assert known["city"] == MARKERS["city"]  # a place name has no translation


# -- the information booklet of the cards: points for the return plan --------------------------


def test_a_point_in_the_information_booklet_goes_to_the_plan_after_the_sharing_question(
    client, marked
):
    login(client, marked.counsellor)
    start(client, marked.ani, kit="cards", language="nl")
    session = ChildSession.objects.get(child=marked.ani)
    here = session.child_url("child_info", page_code="INFO-BASICS")
    response = client.post(here, {"what": "Ik wil op voetbal in mijn nieuwe stad."})
    point = Answer.objects.get(child=marked.ani)
    assert point.kind == Answer.Kind.WISH and point.for_return_plan
    assert point.question_code == "INFO-BASICS" and point.shared_with == rules.SHARE_PRIVATE
    assert response.url.startswith(session.child_url("child_share", answer_pk=point.pk))
    client.post(response.url, {"shared_with": "team", "next": here})
    point.refresh_from_db()
    assert point.shared_with == rules.SHARE_TEAM
    overview = queries.child_overview(marked.ani, Answer.objects.all(), "en")
    [row] = overview["plan_answers"]
    assert row["question"] == "My information booklet: Home, school, doctor and food"
    assert "voetbal" in client.get(here).content.decode()  # the child sees own points


def test_the_booklet_shows_information_beside_its_parts_without_a_writing_box(client, marked):
    login(client, marked.counsellor)
    start(client, marked.lina, kit="booklet", language="en")
    session = ChildSession.objects.get(child=marked.lina)
    part = client.get(session.child_url("child_part", part_code="C")).content.decode()
    assert "When and how will you travel?" in part and "Good to know" in part
    info = client.get(session.child_url("child_info", page_code="INFO-TRAVEL")).content.decode()
    assert "not your fault" in info and 'name="what"' not in info
    assert "tuki-c" in info


# -- before a session: the parents informed, the child's wishes -------------------------------


def test_a_first_session_without_the_parents_informed_asks_the_adult_to_confirm(client, marked):
    login(client, marked.counsellor)
    refused = start(client, marked.lina, parents_informed_on=None)
    assert refused.status_code == 400
    assert "parents were informed" in refused.content.decode()
    no_reason = start(client, marked.lina, parents_informed_on=None, start_anyway="on")
    assert no_reason.status_code == 400
    assert not ChildSession.objects.filter(child=marked.lina).exists()
    reason = "The family leaves tomorrow; MARKREASON"
    started = start(
        client, marked.lina, parents_informed_on=None, start_anyway="on", start_anyway_reason=reason
    )
    assert started.status_code == 302
    session = ChildSession.objects.get(child=marked.lina)
    assert session.started_without_parents_informed == reason
    assert AuditEvent.objects.filter(
        detail__startswith="toolkit session started before the parents were informed"
    ).exists()


def test_a_later_session_does_not_ask_again(client, marked):
    login(client, marked.counsellor)
    start(client, marked.lina)
    ChildSession.objects.update(ended_at=today())
    client.logout()
    login(client, marked.counsellor)
    assert start(client, marked.lina, parents_informed_on=None).status_code == 302


def test_the_childs_wish_for_a_woman_is_kept_and_offered_next_time(client, marked):
    login(client, marked.counsellor)
    start(client, marked.lina, talk_with="woman", interpreter_preference="man")
    session = ChildSession.objects.get(child=marked.lina)
    assert (session.talk_with, session.interpreter_preference) == ("woman", "man")
    initial = queries.start_initial(marked.lina)
    assert initial["talk_with"] == "woman" and initial["parents_informed_on"]
    client.post(session.child_url("child_unlock"), {"pin": PIN})
    record = client.get(session.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The child would rather talk with: a woman." in record
    assert "The child would rather have as interpreter: a man." in record


def test_the_prepare_page_guides_on_loyalty_the_parents_and_a_man_or_a_woman(client, marked):
    login(client, marked.counsellor)
    url = reverse(
        "toolkit:prepare", kwargs={"pk": marked.lina.family_id, "child_pk": marked.lina.pk}
    )
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Loyalty to the parents", "Tell the parents first", "A man or a woman"):
        assert words in page
    assert "Our own adaptation" in page and "not Solid" in page
    assert "Parents informed on" in page and 'name="shown_facts"' in page
    assert MARKERS["school abroad"] in page  # the adult sees what ticking would show
    assert PIN not in page


def test_a_session_of_the_older_catalogue_keeps_its_pages_without_information(client, marked):
    login(client, marked.counsellor)
    start(client, marked.ani, kit="cards", language="en")
    session = ChildSession.objects.get(child=marked.ani)
    ChildSession.objects.filter(pk=session.pk).update(catalogue_version="2026.1")
    home = client.get(session.child_url()).content.decode()
    assert "My information booklet" not in home and 'deck/A/"' in home
    info = session.child_url("child_info", page_code="INFO-WHY")
    assert client.get(info).status_code == 404
