"""A table (header row + rows of plain values) as CSV or XLSX bytes, and as a download.

Every writer here passes each cell through `neutralise`, so text that a spreadsheet would run as
a formula (a name such as `=HYPERLINK(…)`) is written as text: OWASP's "CSV injection".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet reads a cell that starts with one of these as a formula (tab and CR too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell's value, with a leading quote if it is text that would start a formula; numbers,
    dates and other text stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _safe(row: Iterable) -> list:
    return [neutralise(value) for value in row]


def csv_bytes(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_safe(row) for row in table)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(table: list[list], title: str = "data") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in table:
        sheet.append(_safe(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_bytes(table: list[list], kind: str, title: str = "data") -> bytes:
    return xlsx_bytes(table, title) if kind == "xlsx" else csv_bytes(table)


class _Line:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def stream_csv(rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """CSV download written row by row while it is sent: memory stays bounded however many
    rows there are. `filename` without extension."""
    writer = csv.writer(_Line())
    response = StreamingHttpResponse(
        (writer.writerow(_safe(row)).encode("utf-8") for row in rows),
        content_type=CONTENT_TYPES["csv"],
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def download(table: list[list], kind: str, filename: str, title: str = "data") -> HttpResponse:
    """`kind` csv or xlsx; `filename` without extension."""
    response = HttpResponse(table_bytes(table, kind, title), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
