"""The complete family file (JSON and PDF, page and command) and the monitoring data export
(CSV/XLSX, named or pseudonymised): every record, nothing of another family, always audited."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from kaketoe.api import exports
from kaketoe.audit.models import AuditEvent
from kaketoe.monitoring import export as monitoring_export
from kaketoe.monitoring import services as monitoring
from kaketoe.testing import login, make_cast, today

from .helpers import client_for

pytestmark = pytest.mark.django_db
# Kaketoe's models that hold no record of a family (the audit log is exported on its own).
NOT_FAMILY_RECORDS = {
    "accounts.apitoken",
    "accounts.grant",  # a request for access waiting for a second person (no case data)
    "accounts.membership",
    "accounts.organisation",
    "accounts.resetrequest",  # hashed address and client IP, kept a day to limit resets
    "audit.auditchainhead",
    "audit.auditevent",
    "audit.erasurerequest",  # the privacy officers' record of a request about the family
    "audit.listedfamily",  # links list and export events to families: in the file's audit part
}


@pytest.fixture
def cast():
    cast = make_cast()
    ratings = [{"domain": "safety", "level": "unsafe"}, {"domain": "housing", "level": "good"}]
    monitoring.record_visit(None, cast.casemanager, cast.narek, 6, today(), ratings)
    return cast


def test_every_model_is_either_a_family_record_or_known_not_to_be_one():
    exported = {section.label for section in exports.case_models()}
    ours = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("kaketoe.")}
    assert ours - exported == NOT_FAMILY_RECORDS, "a new model: export it or list it here"
    assert {"monitoring.progressline", "plans.planversion", "toolkit.answer"} <= exported


def test_the_json_file_holds_every_record_of_the_family_and_its_audit_entries(cast):
    data = json.loads(exports.as_json(cast.hakobyan, cast.casemanager))
    records = data["records"]
    assert [f["name"] for f in records["cases.family"]] == ["Hakobyan"]
    assert {p["given_name"] for p in records["cases.person"]} >= {"Narek", "Ani"}
    [visit] = records["monitoring.monitoringvisit"]
    assert (visit["child"], visit["month"]) == (cast.narek.pk, 6)
    assert records["monitoring.alert"][0]["level"] == "unsafe"
    assert len(records["cases.teammember"]) == cast.hakobyan.team.count()
    assert data["audit"] and {e["family_id"] for e in data["audit"]} == {cast.hakobyan.pk}
    assert "Petrosyan" not in json.dumps(data)


def test_a_team_member_with_edit_rights_downloads_it_and_the_export_is_audited(cast, client):
    login(client, cast.casemanager)
    response = client.get(f"/families/{cast.hakobyan.pk}/export.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["reference"] == cast.hakobyan.reference
    event = AuditEvent.objects.filter(action="export", family_id=cast.hakobyan.pk).first()
    assert event.actor_username == "casemanager"
    pdf = client.get(f"/families/{cast.hakobyan.pk}/export.pdf?lang=en")
    assert pdf.content.startswith(b"%PDF")
    login(client, cast.teacher)  # reads the case, may not change it
    assert client.get(f"/families/{cast.hakobyan.pk}/export.json").status_code == 404


def test_the_command_writes_json_and_pdf_and_is_audited(cast, tmp_path):
    out = tmp_path / "file.json"
    call_command("export_family", str(cast.hakobyan.pk), "--format", "json", "--output", str(out))
    assert json.loads(out.read_text())["family_id"] == cast.hakobyan.pk
    pdf = tmp_path / "file.pdf"
    call_command("export_family", str(cast.hakobyan.pk), "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", family_id=cast.hakobyan.pk).count() == 2


def rows_of(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_monitoring_data_named_for_the_team(cast, client):
    login(client, cast.counsellor)
    [row] = rows_of(client.get("/monitoring/export.csv").getvalue())
    assert (row["child_given_name"], row["date_of_birth"]) == ("Narek", "2011-02-10")
    assert (row["safety_level"], row["safety_points"], row["month"]) == ("unsafe", "0", "6")
    assert AuditEvent.objects.filter(action="export", detail__startswith="monitoring").exists()
    login(client, cast.other_org)
    assert rows_of(client.get("/monitoring/export.csv").getvalue()) == []


def test_monitoring_csv_streams_row_by_row(cast, client):
    login(client, cast.counsellor)
    response = client.get("/monitoring/export.csv")
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert len(rows_of(response.getvalue())) == 1


def test_pseudonymised_no_names_birth_year_stable_within_an_export_not_between(cast, client):
    ratings = [{"domain": "safety", "level": "safe"}]
    monitoring.record_visit(None, cast.casemanager, cast.narek, 12, today(), ratings)
    login(client, cast.counsellor)
    first = client.get("/monitoring/export.csv?pseudonymise=1").getvalue()
    text = first.decode()
    for word in ["Narek", "Hakobyan", cast.hakobyan.reference, "2011-02-10"]:
        assert word not in text
    rows = rows_of(first)
    assert {r["birth_year"] for r in rows} == {"2011"}
    assert len({r["child"] for r in rows}) == 1  # the same child on both rows
    second = rows_of(client.get("/monitoring/export.csv?pseudonymise=1").getvalue())
    assert second[0]["child"] != rows[0]["child"]  # a new salt for every export


def test_pseudonyms_are_an_hmac_under_the_exports_salt():
    alias = monitoring_export.Pseudonyms(b"salt")
    assert alias("child", 1) == alias("child", 1) != alias("child", 2)
    assert alias("child", 1) != monitoring_export.Pseudonyms(b"other")("child", 1)
    assert alias("family", 1).startswith("F-")


def test_xlsx_and_the_command(cast, client, tmp_path):
    from openpyxl import load_workbook

    login(client, cast.counsellor)
    response = client.get("/monitoring/export.xlsx?pseudonymise=1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["family", "child", "birth_year"]
    out = tmp_path / "m.csv"
    call_command("export_monitoring", "--pseudonymise", "--output", str(out))
    assert "Narek" not in out.read_text()
    assert len(rows_of(out.read_bytes())) == 1


def test_export_neutralises_formula_in_given_name(cast, client):
    """A name set through the API that a spreadsheet would run as a formula (issue 15, M4)."""
    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://x","y")'
    url = f"/api/v1/families/{cast.hakobyan.pk}/members/{cast.narek.pk}/"
    api = client_for(cast.casemanager)
    saved = api.patch(url, {"given_name": formula, "version": cast.narek.version}, format="json")
    assert saved.status_code == 200, saved.json()
    login(client, cast.counsellor)
    [row] = rows_of(client.get("/monitoring/export.csv").getvalue())
    assert row["child_given_name"] == "'" + formula
    sheet = load_workbook(io.BytesIO(client.get("/monitoring/export.xlsx").content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet[2][header.index("child_given_name")]
    assert (cell.value, cell.data_type) == ("'" + formula, "s")
