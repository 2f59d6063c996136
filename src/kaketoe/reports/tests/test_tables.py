"""Every table Kaketoe writes (CSV, XLSX, streamed CSV) holds data, never a formula that a
spreadsheet would run when the file is opened (OWASP "CSV injection")."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from kaketoe.reports import tables

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("value", [FORMULA, "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"])
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_quote(value):
    assert tables.neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Narek", "", "Ani-Maria", "a=b", 7, -7, 2.5, None, True, datetime.date(2011, 2, 10)]
)
def test_plain_text_numbers_and_dates_are_left_as_they_are(value):
    assert tables.neutralise(value) == value


TABLE = [["child_given_name", "month"], [FORMULA, 6]]


def test_the_csv_writer_neutralises_formulas():
    [_header, row] = csv.reader(io.StringIO(tables.csv_bytes(TABLE).decode()))
    assert row == ["'" + FORMULA, "6"]


def test_the_streamed_csv_neutralises_formulas():
    response = tables.stream_csv(iter(TABLE), "export")
    [_header, row] = csv.reader(io.StringIO(response.getvalue().decode()))
    assert row == ["'" + FORMULA, "6"]


def test_the_xlsx_writer_stores_formulas_as_text():
    sheet = load_workbook(io.BytesIO(tables.xlsx_bytes(TABLE))).active
    name, month = sheet[2]
    assert (name.value, name.data_type) == ("'" + FORMULA, "s")
    assert (month.value, month.data_type) == (6, "n")
