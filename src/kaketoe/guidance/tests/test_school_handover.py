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
    assert TimelineEvent.objects.filter(kind="school_handover", subject=child.full_name).exists()
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


def test_the_teacher_on_the_team_reads_the_handover_but_cannot_change_it(
    client, casemanager, teacher, child
):
    login(client, teacher)
    assert client.get(url(child)).status_code == 200
    assert save(client, child, teacher="me").status_code == 404
    assert not SchoolHandover.objects.exists()


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
    assert AuditEvent.objects.filter(action="export", detail="school handover letter nl").exists()


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
