"""import_families: the whole file checked first with the pages' forms; all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kaketoe.cases.models import Family
from kaketoe.testing import make_cast

SAMPLE = Path(__file__).resolve().parents[4] / "docs" / "samples" / "families.csv"
pytestmark = pytest.mark.django_db


def test_the_documented_sample_imports_families_members_and_team():
    cast = make_cast()
    call_command("import_families", str(SAMPLE), "--as", "casemanager")
    family = Family.objects.get(name="Hovhannisyan")
    assert sorted(family.members.values_list("given_name", "relation")) == [
        ("Davit", "child"),
        ("Lilit", "parent"),
        ("Mane", "child"),
    ]
    on_team = set(family.team.filter(user__isnull=False).values_list("user__username", flat=True))
    assert on_team == {"casemanager", "regievoerder"}
    assert Family.objects.get(name="Beridze").members.get(given_name="Nino").relation == "guardian"
    assert cast.hakobyan.pk


def test_dry_run_imports_nothing():
    make_cast()
    call_command("import_families", str(SAMPLE), "--as", "casemanager", "--dry-run")
    assert not Family.objects.filter(name="Hovhannisyan").exists()


def test_one_bad_row_and_nothing_is_imported_every_problem_reported(tmp_path, capsys):
    make_cast()
    bad = tmp_path / "bad.csv"
    text = SAMPLE.read_text().replace("2014-09-30", "").replace("Kutaisi,Georgian", "Kutaisi,X")
    bad.write_text(
        text.replace("F2,Beridze,GE", "F2,Beridze,ZZ").replace(",regievoerder", ",nobody")
    )
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_families", str(bad), "--as", "casemanager")
    report = capsys.readouterr().err
    assert "row 3, column date_of_birth" in report
    assert "row 5, column country_of_return" in report
    assert "row 2, column team" in report
    assert not Family.objects.filter(name__in=["Hovhannisyan", "Beridze"]).exists()


def test_xlsx_is_read_like_csv(tmp_path):
    from openpyxl import Workbook

    make_cast()
    book = Workbook()
    for line in SAMPLE.read_text().splitlines():
        import csv

        book.active.append(next(csv.reader([line])))
    path = tmp_path / "families.xlsx"
    book.save(path)
    call_command("import_families", str(path), "--as", "casemanager")
    assert Family.objects.filter(name="Beridze").exists()


def test_dates_typed_as_dates_in_the_spreadsheet_are_read_as_dates(tmp_path):
    import csv
    from datetime import date, datetime

    from openpyxl import Workbook

    make_cast()
    book = Workbook()
    for line in SAMPLE.read_text().splitlines():
        row = next(csv.reader([line]))
        # As Excel stores a typed date: a datetime at midnight, shown as a date.
        book.active.append([_as_excel_date(cell) for cell in row])
    path = tmp_path / "families.xlsx"
    book.save(path)
    assert any(isinstance(c.value, datetime) for c in book.active["A"] + book.active[2])
    call_command("import_families", str(path), "--as", "casemanager")
    davit = Family.objects.get(name="Hovhannisyan").members.get(given_name="Davit")
    assert davit.date_of_birth == date(2014, 9, 30)


def _as_excel_date(cell: str):
    from datetime import datetime

    try:
        return datetime.strptime(cell, "%Y-%m-%d")
    except ValueError:
        return cell


def test_a_cell_becomes_the_text_a_csv_file_would_hold():
    from datetime import date, datetime

    from kaketoe.api.imports import cell_text

    assert cell_text(None) == ""
    assert cell_text(datetime(1988, 4, 12)) == "1988-04-12"
    assert cell_text(date(1988, 4, 12)) == "1988-04-12"
    assert cell_text(datetime(1988, 4, 12, 10, 30)) == "1988-04-12T10:30:00"
    assert cell_text(3) == "3"
    assert cell_text("Davit") == "Davit"
