"""The school handover per child: versions, refused stale saves, invariants, the letter PDF."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import TimelineEvent
from kaketoe.guidance.models import SchoolHandover
from kaketoe.testing import login, today

pytestmark = pytest.mark.django_db


def url(child, name="school_handover"):
    return reverse(f"guidance:{name}", args=[child.family_id, child.pk])


def save(client, child, version=0, **fields):
    data = {
        "version": version,
        "school_nl": "",
        "teacher": "",
        "learning_development": "",
        "support_needs": "",
        "school_abroad": "",
        "farewell_on": "",
    }
    return client.post(url(child), {**data, **fields})


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_saving_makes_a_version_with_timeline_and_audit(client, casemanager, child):
    login(client, casemanager)
    response = save(
        client,
        child,
        school_nl="De Regenboog, Utrecht",
        teacher="Mw. Jansen",
        learning_development="Reads at group-4 level.",
        birth_certificate_present="on",
        birth_certificate_translated="on",
        diplomas_present="on",
    )
    assert response.status_code == 302
    handover = SchoolHandover.objects.get()
    assert (handover.version, handover.teacher, handover.updated_by) == (
        1,
        "Mw. Jansen",
        casemanager,
    )
    assert handover.documents()[0][1:] == (True, True)
    assert handover.versions.get().snapshot["school_nl"] == "De Regenboog, Utrecht"
    events = TimelineEvent.objects.filter(kind="school_handover")  # the subject is encrypted
    assert [event.subject for event in events] == [child.full_name]
    assert AuditEvent.objects.filter(object_type="schoolhandover", detail="v1").exists()


def test_a_stale_save_is_refused_and_says_what_changed(client, casemanager, child):
    login(client, casemanager)
    save(client, child, version=0, teacher="Mw. Jansen", diplomas_present="on")
    response = save(client, child, version=0, teacher="Dhr. Bakker")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this handover" in page
    assert "teacher" in page and "diplomas present" in page
    assert SchoolHandover.objects.get().teacher == "Mw. Jansen"
    assert TimelineEvent.objects.filter(kind="school_handover").count() == 1


def test_a_save_on_the_latest_version_goes_through(client, casemanager, child):
    login(client, casemanager)
    save(client, child, version=0, teacher="Mw. Jansen")
    assert save(client, child, version=1, teacher="Dhr. Bakker").status_code == 302
    handover = SchoolHandover.objects.get()
    assert (handover.version, handover.teacher) == (2, "Dhr. Bakker")
    assert handover.versions.count() == 2


def test_a_document_cannot_be_translated_when_it_is_not_present(client, casemanager, child):
    login(client, casemanager)
    response = save(client, child, diplomas_translated="on")
    assert response.status_code == 400
    assert "cannot be translated when it is not present" in response.content.decode()
    assert not SchoolHandover.objects.exists()


def test_a_farewell_done_needs_a_date_that_is_not_in_the_future(client, casemanager, child):
    login(client, casemanager)
    assert save(client, child, farewell_done="on").status_code == 400
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = save(client, child, farewell_done="on", farewell_on=tomorrow)
    assert "cannot be done yet" in response.content.decode()
    assert not SchoolHandover.objects.exists()
    assert save(client, child, farewell_on=tomorrow).status_code == 302  # planned is fine


def test_a_form_without_version_is_refused(client, casemanager, child):
    login(client, casemanager)
    response = client.post(url(child), {"teacher": "x"})
    assert response.status_code == 400
    assert not SchoolHandover.objects.exists()


def test_the_teacher_on_the_team_saves_the_handover(client, casemanager, teacher, child):
    login(client, teacher)
    page = client.get(url(child)).content.decode()
    assert "Save handover" in page
    assert save(client, child, teacher="Mw. Jansen").status_code == 302
    assert SchoolHandover.objects.get().updated_by == teacher


def filled_handover(client, casemanager, child):
    login(client, casemanager)
    save(
        client,
        child,
        school_nl="De Regenboog",
        teacher="Mw. Jansen",
        learning_development="Reads fluently; arithmetic needs support.",
        support_needs="Extra time for tests.",
        school_abroad="School no. 12, Yerevan",
        birth_certificate_present="on",
        farewell_on=date(2026, 1, 15).isoformat(),
        farewell_done="on",
    )


def test_the_handover_letter_in_dutch(client, casemanager, child):
    filled_handover(client, casemanager, child)
    text = pdf_text(client.get(url(child, "school_handover_pdf") + "?lang=nl"))
    assert "Overdrachtsbrief school" in text
    assert "Leerontwikkeling" in text and "Reads fluently" in text
    assert "Geboorteakte" in text and "School no. 12, Yerevan" in text
    assert "De klas heeft op 15-1-2026 afscheid genomen" in text
    # The family returns to Armenia: the Armenian letter follows the Dutch one.
    assert AuditEvent.objects.filter(
        action="export", detail="school handover letter nl+hy"
    ).exists()


def test_the_handover_letter_in_english(client, casemanager, child):
    filled_handover(client, casemanager, child)
    text = pdf_text(client.get(url(child, "school_handover_pdf") + "?lang=en"))
    assert "School handover letter" in text and "Ani" in text
    assert "Learning development" in text and "Extra time for tests." in text
    assert "The class said goodbye on 15-1-2026" in text


def test_the_letter_without_a_handover_says_so(client, casemanager, child):
    login(client, casemanager)
    text = pdf_text(client.get(url(child, "school_handover_pdf") + "?lang=en"))
    assert "No school handover has been recorded yet." in text


def test_the_letter_follows_in_the_language_of_the_country_of_return(client, casemanager, child):
    filled_handover(client, casemanager, child)  # the family returns to Armenia (AM)
    text = pdf_text(client.get(url(child, "school_handover_pdf") + "?lang=en"))
    assert "School handover letter" in text and "Learning development" in text
    assert "The Armenian text of this letter has not yet been checked by a native speaker." in text
    assert "Դպրոցին փոխանցման նամակ" in text and "Ուսումնական առաջընթաց" in text
    assert "Ծննդյան վկայական" in text and "Reads fluently" in text
    assert AuditEvent.objects.filter(detail="school handover letter en+hy").exists()


@pytest.mark.parametrize(
    ("country", "phrases"),
    [
        ("GE", ["Письмо для передачи в школу", "Развитие в учёбе", "Класс попрощался"]),
        ("SY", ["رسالة"]),
        ("NG", []),
    ],
)
def test_the_second_language_is_the_one_of_the_country(
    client, casemanager, child, country, phrases
):
    child.family.country_of_return = country
    child.family.save()
    filled_handover(client, casemanager, child)
    text = pdf_text(client.get(url(child, "school_handover_pdf") + "?lang=nl"))
    assert "Overdrachtsbrief school" in text
    for phrase in phrases:
        assert phrase in text
    if not phrases:  # no supported language for Nigeria: the Dutch letter alone
        assert "Դպրոց" not in text and "Письмо" not in text


def test_the_professional_can_choose_another_second_language_or_none(client, casemanager, child):
    filled_handover(client, casemanager, child)
    pdf = url(child, "school_handover_pdf")
    text = pdf_text(client.get(pdf + "?lang=nl&also=ru"))
    assert "Письмо для передачи в школу" in text and "Դպրոց" not in text
    assert "Russisch" in text  # the Dutch part says the Russian text is unchecked
    text = pdf_text(client.get(pdf + "?lang=nl&also=none"))
    assert "Overdrachtsbrief school" in text and "Դպրոց" not in text
    text = pdf_text(client.get(pdf + "?lang=nl&also=xx"))  # unknown: the country's language
    assert "Դպրոցին փոխանցման նամակ" in text


def test_the_handover_page_names_the_second_language_and_that_it_is_unchecked(
    client, casemanager, child
):
    filled_handover(client, casemanager, child)
    page = client.get(url(child)).content.decode()
    assert '<span lang="hy">Հայերեն</span>' in page
    assert "has not yet been checked by a native speaker" in page
