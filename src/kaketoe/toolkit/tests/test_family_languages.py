"""Armenian and Russian end to end (issue 14 §4): the child's screens, the farewell page and the
child's own booklet PDF in hy and ru, typeset in DejaVu Sans (which has both scripts)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person
from kaketoe.testing import login, make_cast, today
from kaketoe.toolkit import content
from kaketoe.toolkit.models import ChildSession
from kaketoe.toolkit.tests.test_views import PIN, start

pytestmark = pytest.mark.django_db

# (language, the child's own words, a phrase the booklet PDF must hold, the script's range)
LANGUAGES = [
    ("hy", "Իմ պապիկը", "Սա ես եմ՝ իմ ընտանիքի հետ", ("\u0530", "\u058f")),
    ("ru", "Мой дедушка", "Это я и моя семья", ("\u0400", "\u04ff")),
]


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


def session_in(client, cast, lina, language: str) -> ChildSession:
    login(client, cast.casemanager)
    start(client, lina, language=language)
    return ChildSession.objects.get(child=lina)


@pytest.mark.parametrize(("language", "words", "phrase", "script"), LANGUAGES)
def test_the_child_reads_the_road_and_the_farewell_page_in_armenian_and_russian(
    client, cast, lina, language, words, phrase, script
):
    session = session_in(client, cast, lina, language)
    ui = content.Content(language).ui
    page = client.get(session.child_url()).content.decode()
    assert f'<html lang="{language}" dir="ltr"' in page
    assert ui["no_wrong"] in page and phrase in page
    farewell = client.get(session.child_url("child_farewell")).content.decode()
    assert ui["farewell_intro"] in farewell


@pytest.mark.parametrize(("language", "words", "phrase", "script"), LANGUAGES)
def test_the_booklet_pdf_in_armenian_and_russian(
    client, cast, lina, language, words, phrase, script
):
    session = session_in(client, cast, lina, language)
    client.post(session.child_url("child_question", question_code="BOOK-A-2"), {"words": words})
    client.post(session.child_url("child_unlock"), {"pin": PIN})
    pdf = reverse("toolkit:booklet_pdf", kwargs={"pk": lina.family_id, "child_pk": lina.pk})
    response = client.get(f"{pdf}?lang={language}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)  # no fallback font, no boxes
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    ui = content.Content(language).ui
    for expected in [ui["my_booklet"], ui["take_home"], phrase, words]:
        assert expected in text, expected
    assert len([ch for ch in text if script[0] <= ch <= script[1]]) > 200
