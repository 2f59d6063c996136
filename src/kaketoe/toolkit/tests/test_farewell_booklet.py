"""Farewell pages (with the parents' agreement to contact details) and the child's own booklet
as a PDF to take home."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person
from kaketoe.testing import login, make_cast, today
from kaketoe.toolkit import content, services
from kaketoe.toolkit.models import Answer, ChildSession, FarewellMessage
from kaketoe.toolkit.tests.test_views import PIN, png_data_url, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def lina(cast):
    born = today().replace(year=today().year - 7) if today().month != 2 else date(2019, 3, 1)
    return case_services.add_member(
        None,
        cast.casemanager,
        cast.hakobyan,
        Person(relation="child", given_name="Lina", family_name="Hakobyan", date_of_birth=born),
    )


@pytest.fixture
def mother(cast):
    return case_services.add_member(
        None,
        cast.casemanager,
        cast.hakobyan,
        Person(relation="parent", given_name="Lusine", family_name="Hakobyan"),
    )


def url(name, child, **extra):
    return reverse(f"toolkit:{name}", kwargs={"pk": child.family_id, "child_pk": child.pk, **extra})


def agree(client, child, parent):
    return client.post(
        url("farewell_consent", child), {"agreed_on": "2026-01-05", "agreed_by": parent.pk}
    )


PAGE = {"writer": "friend", "name": "Sam", "memory": "Samen voetballen", "wish": "Veel plezier"}


# -- the professional enters a farewell page ----------------------------------------------------


def test_without_the_parents_agreement_there_is_no_contact_field_and_contact_is_refused(
    client, cast, lina
):
    login(client, cast.casemanager)
    page = client.get(url("farewell", lina)).content.decode()
    assert 'name="contact"' not in page
    response = client.post(url("farewell", lina), {**PAGE, "contact": "sam@example.org"})
    assert response.status_code == 400
    assert "have not agreed to contact details" in response.content.decode()
    assert not FarewellMessage.objects.exists()
    with pytest.raises(services.ContactNotAgreed):  # the service refuses too
        services.add_farewell(None, cast.casemanager, lina, contact="06-123", **PAGE)
    assert AuditEvent.objects.filter(action="denied", detail__contains="farewell").exists()


def test_with_the_agreement_contact_details_are_kept_and_withdrawal_erases_them(
    client, cast, lina, mother
):
    login(client, cast.casemanager)
    assert agree(client, lina, mother).status_code == 302
    consent = lina.farewell_consent
    assert consent.agreed_by == mother and consent.agreed_on == date(2026, 1, 5)
    assert consent.recorded_by == cast.casemanager
    assert 'name="contact"' in client.get(url("farewell", lina)).content.decode()
    response = client.post(url("farewell", lina), {**PAGE, "contact": "sam@example.org"})
    assert response.status_code == 302
    message = FarewellMessage.objects.get()
    assert (message.contact, message.session, message.entered_by) == (
        "sam@example.org",
        None,
        cast.casemanager,
    )
    client.post(url("farewell_consent", lina), {"withdraw": "1"})
    message.refresh_from_db()
    assert message.contact == "" and message.memory == "Samen voetballen"
    assert 'name="contact"' not in client.get(url("farewell", lina)).content.decode()


def test_the_agreement_must_come_from_a_parent_of_the_family(client, cast, lina):
    login(client, cast.casemanager)
    response = client.post(
        url("farewell_consent", lina), {"agreed_on": "2026-01-05", "agreed_by": lina.pk}
    )
    assert response.status_code == 400
    assert not services.contact_allowed(lina)


def test_a_page_needs_a_memory_or_a_wish(client, cast, lina):
    login(client, cast.casemanager)
    response = client.post(url("farewell", lina), {"writer": "teacher", "name": "Juf"})
    assert response.status_code == 400 and not FarewellMessage.objects.exists()


def test_a_teacher_reads_the_farewell_pages_but_cannot_add_one(client, cast, lina):
    login(client, cast.teacher)
    assert client.get(url("farewell", lina)).status_code == 200
    assert client.post(url("farewell", lina), PAGE).status_code == 404
    assert not FarewellMessage.objects.exists()


# -- a friend writes in child mode ----------------------------------------------------------------


@pytest.fixture
def session(client, cast, lina):
    login(client, cast.casemanager)
    start(client, lina, language="ar")
    return ChildSession.objects.get(child=lina)


def test_a_friend_writes_while_the_child_watches_in_the_childs_language(client, session):
    page_url = session.child_url("child_farewell")
    page = client.get(page_url).content.decode()
    ar = content.Content("ar").ui
    assert 'dir="rtl"' in page and ar["farewell"] in page and ar["farewell_friend"] in page
    assert 'name="contact"' not in page
    response = client.post(page_url, {**PAGE, "contact": "0612345678"})
    assert response.status_code == 400
    assert ar["farewell_no_contact"] in response.content.decode()
    assert client.post(page_url, PAGE).status_code == 302
    message = FarewellMessage.objects.get()
    assert message.session == session and message.language == "ar"
    assert "Samen voetballen" in client.get(page_url).content.decode()


def test_the_farewell_page_in_child_mode_shows_the_contact_field_after_the_agreement(
    client, cast, lina, mother, session
):
    services.record_farewell_consent(
        None, cast.casemanager, lina, agreed_on=today(), agreed_by=mother
    )
    page = client.get(session.child_url("child_farewell")).content.decode()
    assert 'name="contact"' in page
    assert content.Content("ar").ui["farewell_contact_hint"] in page


# -- the child's own booklet as a PDF -----------------------------------------------------------


def fill_booklet(client, session, cast, lina, mother):
    post = client.post
    post(session.child_url("child_question", question_code="BOOK-A-2"), {"words": "Mijn opa"})
    post(session.child_url("child_question", question_code="BOOK-A-3"), {"drawing": png_data_url()})
    post(session.child_url("child_question", question_code="BOOK-A-1"), {"choice": "BOOK-A-1-PLAY"})
    post(session.child_url("child_sticker", part_code="A"))
    post(session.child_url("child_plan"), {"what": "Mijn knuffel mee", "helper": "mama"})
    services.record_farewell_consent(
        None, cast.casemanager, lina, agreed_on=today(), agreed_by=mother
    )
    post(session.child_url("child_farewell"), {**PAGE, "contact": "sam@example.org"})
    post(session.child_url("child_unlock"), {"pin": PIN})


@pytest.fixture
def booklet_session(client, cast, lina):
    login(client, cast.casemanager)
    start(client, lina, language="nl")
    return ChildSession.objects.get(child=lina)


def test_the_booklet_pdf_holds_the_childs_answers_plan_and_farewell_pages(
    client, cast, lina, mother, booklet_session
):
    fill_booklet(client, booklet_session, cast, lina, mother)
    response = client.get(url("booklet_pdf", lina) + "?lang=nl")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF") and b"/Image" in body  # the drawing is in it
    from pypdf import PdfReader

    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body)).pages
    )
    ui = content.Content("nl").ui
    for expected in [
        ui["my_booklet"],
        "Lina",
        "Mijn opa",  # the child's words
        content.Content("nl").text("BOOK-A-1-PLAY"),  # a chosen answer, in the child's language
        "Mijn knuffel mee",  # my return plan
        "Samen voetballen",  # the farewell page
        "Veel plezier",
        "sam@example.org",  # contact details: the parents agreed
        ui["farewell"],
    ]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="export", detail__contains="booklet PDF nl").exists()


def test_the_booklet_pdf_in_arabic_and_without_contact_details_after_withdrawal(
    client, cast, lina, mother, booklet_session
):
    fill_booklet(client, booklet_session, cast, lina, mother)
    services.withdraw_farewell_consent(None, cast.casemanager, lina, today())
    response = client.get(url("booklet_pdf", lina) + "?lang=ar")
    assert response.status_code == 200
    from pypdf import PdfReader

    body = response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "sam@example.org" not in text and "Samen voetballen" in text
    assert "Lina" in text


def test_the_booklet_language_defaults_to_the_childs_last_session(cast, lina, booklet_session):
    from kaketoe.toolkit import queries

    booklet_session.language = "ar"
    booklet_session.save()
    assert queries.booklet_language(lina, None) == "ar"
    assert queries.booklet_language(lina, "xx") == "ar"
    assert queries.booklet_language(lina, "en") == "en"


def test_the_booklet_html_is_right_to_left_in_arabic(cast, lina, booklet_session):
    from django.template.loader import render_to_string

    from kaketoe.toolkit import queries

    Answer.objects.create(
        session=booklet_session,
        family=lina.family,
        child=lina,
        question_code="BOOK-A-2",
        kind="words",
        words="جدي",
        language="ar",
    )
    context = queries.booklet(lina, Answer.objects.filter(child=lina), "ar", contact_allowed=False)
    html = render_to_string("toolkit/booklet_pdf.html", {"child": lina, **context})
    assert '<html lang="ar" dir="rtl">' in html and content.Content("ar").ui["my_booklet"] in html


def test_outsiders_cannot_get_the_booklet(client, cast, lina):
    login(client, cast.outsider)
    assert client.get(url("booklet_pdf", lina)).status_code == 404
