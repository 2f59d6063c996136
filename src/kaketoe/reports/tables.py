"""A table (header row + rows of plain values) as CSV or XLSX bytes, and as a download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_bytes(table: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(table: list[list], title: str = "data") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in table:
        sheet.append(row)
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
        (writer.writerow(row).encode("utf-8") for row in rows), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def download(table: list[list], kind: str, filename: str, title: str = "data") -> HttpResponse:
    """`kind` csv or xlsx; `filename` without extension."""
    response = HttpResponse(table_bytes(table, kind, title), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
