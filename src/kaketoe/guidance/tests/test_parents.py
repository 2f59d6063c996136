"""Parent conversation notes, the parent brochure (nl/en/ar, page and PDF), the culture page."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person, TimelineEvent
from kaketoe.guidance.models import ParentConversation
from kaketoe.testing import login, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(casemanager, family):
    return case_services.add_member(
        None,
        casemanager,
        family,
        Person(relation=Person.Relation.PARENT, given_name="Lusine", family_name="Hakobyan"),
    )


def url(family):
    return reverse("guidance:parents", args=[family.pk])


def record_talk(client, family, **data):
    fields = {"held_on": today().isoformat(), "interpreter": "", "notes": ""}
    return client.post(url(family), {**fields, **data})


def test_a_parent_conversation_is_recorded_with_parents_interpreter_and_topics(
    client, casemanager, family, mother
):
    login(client, casemanager)
    response = record_talk(
        client,
        family,
        parents_present=[mother.pk],
        interpreter="Armenian, Mr. Sargsyan",
        topics=["PG-2.3", "PH-2"],
        notes="Mother wants to tell the children herself next week.",
    )
    assert response.status_code == 302
    talk = ParentConversation.objects.get()
    assert list(talk.parents_present.all()) == [mother]
    assert talk.topics == ["PG-2.3", "PH-2"] and talk.catalogue_version == "2026.1"
    assert TimelineEvent.objects.filter(kind="parent_talk", family=family).exists()
    assert AuditEvent.objects.filter(action="create", object_type="parentconversation").exists()
    page = client.get(url(family)).content.decode()
    assert "Informing children in time" in page and "Mr. Sargsyan" in page


def test_a_parent_id_too_large_for_the_database_is_refused_not_a_server_error(
    client, casemanager, family, mother
):
    login(client, casemanager)
    response = record_talk(client, family, parents_present=["9" * 25], topics=["PG-1"])
    assert response.status_code == 400
    assert response.context["form"].errors["parents_present"] == [
        f"“{'9' * 25}” is not a valid value."
    ]
    assert not ParentConversation.objects.exists()


def test_a_conversation_needs_a_parent_present_and_a_topic_or_note(
    client, casemanager, family, mother
):
    login(client, casemanager)
    response = record_talk(client, family, notes="x")
    assert response.status_code == 400
    assert "Tick at least one parent" in response.content.decode()
    response = record_talk(client, family, parents_present=[mother.pk])
    assert "Tick the topics discussed or write a note" in response.content.decode()
    assert not ParentConversation.objects.exists()


def test_a_child_cannot_be_ticked_as_a_parent_present(client, casemanager, family, child):
    login(client, casemanager)
    response = record_talk(client, family, parents_present=[child.pk], notes="x")
    assert response.status_code == 400
    assert not ParentConversation.objects.exists()


def test_a_conversation_cannot_be_dated_in_the_future(client, casemanager, family, mother):
    login(client, casemanager)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = record_talk(client, family, held_on=tomorrow, parents_present=[mother.pk], notes="x")
    assert response.status_code == 400
    assert not ParentConversation.objects.exists()


def test_the_brochure_page_needs_a_login(client):
    response = client.get(reverse("guidance:brochure"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Waarom voorbereiden belangrijk is"),
        ("en", "Why preparing your children matters"),
        ("ar", "لماذا تهيئة الأطفال مهمة"),
        ("hy", "Ինչու է կարևոր նախապատրաստել երեխաներին"),
        ("ru", "Почему важно подготовить детей"),
    ],
)
def test_the_brochure_page_in_each_language(client, casemanager, language, expected):
    login(client, casemanager)
    page = client.get(reverse("guidance:brochure") + f"?lang={language}").content.decode()
    assert expected in page
    assert f'lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in page


def test_the_arabic_brochure_says_it_is_not_yet_checked_by_a_native_speaker(client, casemanager):
    login(client, casemanager)
    page = client.get(reverse("guidance:brochure") + "?lang=ar").content.decode()
    assert "لم يُراجَع هذا النص العربي" in page
    page = client.get(reverse("guidance:brochure") + "?lang=nl").content.decode()
    assert "لم يُراجَع" not in page


@pytest.mark.parametrize(
    ("language", "note", "link"),
    [
        ("hy", "Այս հայերեն տեքստը դեռ չի ստուգվել", "Հայերեն"),
        ("ru", "Этот русский текст ещё не проверен", "Русский"),
    ],
)
def test_the_armenian_and_russian_brochures_say_they_are_not_yet_checked(
    client, casemanager, language, note, link
):
    login(client, casemanager)
    page = client.get(reverse("guidance:brochure") + f"?lang={language}").content.decode()
    assert note in page and f'href="?lang={language}" lang="{language}"' in page and link in page
    assert note not in client.get(reverse("guidance:brochure") + "?lang=en").content.decode()


def test_an_unknown_brochure_language_falls_back_to_english(client, casemanager):
    login(client, casemanager)
    page = client.get(reverse("guidance:brochure") + "?lang=xx").content.decode()
    assert "Why preparing your children matters" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Op tijd vertellen", "Uw kind is niet verantwoordelijk", "Wie kan helpen"]),
        ("en", ["Tell them in time", "Your child is not responsible", "Who can help"]),
    ],
)
def test_the_brochure_pdf_in_dutch_and_english(client, casemanager, language, expected):
    login(client, casemanager)
    response = client.get(reverse("guidance:brochure_pdf") + f"?lang={language}")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for heading in expected:
        assert heading in text


def test_the_arabic_brochure_pdf_is_typeset_with_arabic_glyphs(client, casemanager):
    login(client, casemanager)
    response = client.get(reverse("guidance:brochure_pdf") + "?lang=ar")
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in name for name in fonts)
    text = " ".join(page.extract_text() for page in reader.pages)
    arabic = [ch for ch in text if "\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff"]
    assert len(arabic) > 500  # shaped Arabic, not boxes or a fallback language


@pytest.mark.parametrize(
    ("language", "expected", "script"),
    [
        ("hy", ["Եղեք անկեղծ", "Ով կարող է օգնել"], ("\u0530", "\u058f")),
        ("ru", ["Будьте честными", "Кто может помочь"], ("\u0400", "\u04ff")),
    ],
)
def test_the_armenian_and_russian_brochure_pdfs_are_typeset_in_dejavu(
    client, casemanager, language, expected, script
):
    login(client, casemanager)
    response = client.get(reverse("guidance:brochure_pdf") + f"?lang={language}")
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)  # no fallback font, no boxes
    text = " ".join(page.extract_text() for page in reader.pages)
    for heading in expected:
        assert heading in text
    assert len([ch for ch in text if script[0] <= ch <= script[1]]) > 1000


def test_the_culture_reference_shows_both_columns_with_the_caveat(client, casemanager):
    login(client, casemanager)
    page = client.get(reverse("guidance:culture")).content.decode()
    assert "Collectivist culture - focus on a relational self" in page
    assert "Speaks mainly of I, me, my" in page
    assert "strong generalisation" in page
