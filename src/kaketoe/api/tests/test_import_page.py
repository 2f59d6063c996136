"""The family import in the browser for an organisation administrator: the same check and the
same import as import_families; size-limited, sniffed by content, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.testing import login, make_cast

SAMPLE = Path(__file__).resolve().parents[4] / "docs" / "samples" / "families.csv"
URL = "/accounts/organisation/import/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    cast = make_cast()
    login(client, cast.orgadmin)
    return cast


def upload(client, cast, content: bytes, name="families.csv"):
    return client.post(
        URL,
        {"step": "check", "opener": cast.casemanager.pk, "file": SimpleUploadedFile(name, content)},
    )


def test_check_then_import(client, admin):
    checked = upload(client, admin, SAMPLE.read_bytes())
    assert checked.status_code == 200
    assert "Import now" in checked.content.decode() or "Nu importeren" in checked.content.decode()
    assert not Family.objects.filter(name="Hovhannisyan").exists()  # a check imports nothing
    sha = client.session["kaketoe_import"]["sha256"]
    done = client.post(URL, {"step": "import", "sha256": sha})
    assert done.status_code == 302
    family = Family.objects.get(name="Hovhannisyan")
    assert family.team.filter(user=admin.casemanager).exists()
    assert AuditEvent.objects.filter(actor_username="orgadmin", detail__contains="families opened")
    again = client.post(URL, {"step": "import", "sha256": sha})  # the check is used up
    assert again.status_code == 302
    assert Family.objects.filter(name="Hovhannisyan").count() == 1


def test_a_bad_row_is_reported_with_row_column_reason_and_nothing_can_be_imported(client, admin):
    bad = SAMPLE.read_text().replace("F2,Beridze,GE", "F2,Beridze,ZZ").encode()
    response = upload(client, admin, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "<td>5</td><td>country_of_return</td>" in page
    assert "kaketoe_import" not in client.session
    client.post(URL, {"step": "import", "sha256": "x"})
    assert not Family.objects.filter(name__in=["Hovhannisyan", "Beridze"]).exists()


def test_content_is_sniffed_not_the_name(client, admin):
    response = upload(client, admin, b"\x89PNG\r\n\x1a\n\x00\x00binary", name="families.csv")
    assert response.status_code == 400
    assert "kaketoe_import" not in client.session
    fake_zip = upload(client, admin, b"PK\x03\x04 not really a zip", name="families.xlsx")
    assert fake_zip.status_code == 400


def test_an_xlsx_upload_is_read_like_the_csv(client, admin):
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in csv.reader(io.StringIO(SAMPLE.read_text())):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(client, admin, buffer.getvalue(), name="whatever.bin")
    assert response.status_code == 200
    assert client.session["kaketoe_import"]["kind"] == "xlsx"


def test_the_upload_is_size_limited(client, admin, settings):
    settings.KAKETOE_IMPORT_MAX_BYTES = 100
    response = upload(client, admin, SAMPLE.read_bytes())
    assert response.status_code == 400
    assert "kaketoe_import" not in client.session


def test_only_the_organisation_administrator(client):
    cast = make_cast()
    login(client, cast.casemanager)
    assert client.get(URL).status_code == 404
    assert upload(client, cast, SAMPLE.read_bytes()).status_code == 404
