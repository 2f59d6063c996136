"""Import families, their members and team assignments from a CSV or XLSX file (docs/import.md).

The whole file is validated first with the same forms as the pages; every bad row is reported
with its row number, column and reason, and if any row is bad nothing is imported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from kaketoe.cases import access, services
from kaketoe.cases.forms import NewFamilyForm, PersonForm
from kaketoe.cases.models import Person

FAMILY_COLUMNS = {  # column -> NewFamilyForm field
    "family_name": "name",
    "country_of_return": "country_of_return",
    "place_of_return": "place_of_return",
    "languages": "languages",
    "planned_departure": "planned_departure",
    "departure_deadline": "departure_deadline",
}
PERSON_COLUMNS = ["relation", "given_name", "member_family_name", "date_of_birth", "sex"]
COLUMNS = ["family_ref", *FAMILY_COLUMNS, *PERSON_COLUMNS, "team"]
DECIDERS = {Person.Relation.PARENT, Person.Relation.GUARDIAN}


@dataclass
class Problem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class FamilyPlan:
    form: NewFamilyForm
    parent_relation: str = Person.Relation.PARENT
    members: list[Person] = field(default_factory=list)
    team: list = field(default_factory=list)


class Unreadable(ValueError):
    """The file is neither a UTF-8 CSV nor an XLSX workbook (judged by content, not by name)."""


def sniff(data: bytes) -> str | None:
    """The kind of file ("xlsx", "csv" or None), judged from the bytes themselves: a browser's
    file name and content type are only claims."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "xlsx" if "xl/workbook.xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    controls = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}
    return None if any(c in controls for c in text) else "csv"


def read_rows(path: Path) -> tuple[list[dict], list[str]]:
    """The file's rows as dicts of column -> text; row numbers count the header as row 1."""
    return rows_from_bytes(path.read_bytes(), "xlsx" if path.suffix.lower() == ".xlsx" else "csv")


def cell_text(value) -> str:
    """A workbook cell as the text a CSV file would hold. A date typed as a date in the
    spreadsheet comes as a datetime at midnight: it becomes 1988-04-12, as the forms read it."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time.min:
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows_from_bytes(data: bytes, kind: str) -> tuple[list[dict], list[str]]:
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # openpyxl raises many kinds on a damaged workbook
            raise Unreadable(_("The workbook cannot be read.")) from error
    else:
        try:
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        except (UnicodeDecodeError, csv.Error) as error:
            raise Unreadable(_("The file is not a UTF-8 CSV file.")) from error
    header = [h.strip() for h in rows[0]] if rows else []
    return [dict(zip(header, (c.strip() for c in row), strict=False)) for row in rows[1:]], header


def validate(rows: list[dict], header: list[str]) -> tuple[list[FamilyPlan], list[Problem]]:
    problems = [Problem(1, c, _("missing column")) for c in COLUMNS if c not in header]
    if problems:
        return [], problems
    groups: dict[str, list[tuple[int, dict]]] = {}
    for number, row in enumerate(rows, start=2):
        if not row.get("family_ref"):
            problems.append(Problem(number, "family_ref", _("required")))
            continue
        groups.setdefault(row["family_ref"], []).append((number, row))
    plans = [_family(group, problems) for group in groups.values()]
    return plans, problems


def _family(group, problems: list[Problem]) -> FamilyPlan:
    first_number, first = group[0]
    parents = [(n, r) for n, r in group if r.get("relation") in DECIDERS]
    parent = parents[0][1] if parents else {}
    data = {f: first.get(c, "") for c, f in FAMILY_COLUMNS.items()}
    data.update(
        parent_given_name=parent.get("given_name", ""),
        parent_family_name=parent.get("member_family_name") or first.get("family_name", ""),
        parent_date_of_birth=parent.get("date_of_birth", ""),
    )
    form = NewFamilyForm(data={**data, "version": 1})
    if not parents:
        problems.append(Problem(first_number, "relation", _("a family needs a parent or guardian")))
    plan = FamilyPlan(form=form, parent_relation=parent.get("relation") or Person.Relation.PARENT)
    _report(form, first_number, problems, {v: k for k, v in FAMILY_COLUMNS.items()})
    for number, row in group:
        if parents and row is parent:
            continue
        plan.members.append(_person(number, row, first.get("family_name", ""), problems))
    for number, row in group:
        plan.team += _team(number, row.get("team", ""), problems)
    return plan


def _person(number: int, row: dict, family_name: str, problems) -> Person | None:
    data = {c: row.get(c, "") for c in PERSON_COLUMNS}
    data["family_name"] = data.pop("member_family_name") or family_name
    form = PersonForm(data={**data, "version": 1})
    _report(form, number, problems, {"family_name": "member_family_name"})
    return form.save(commit=False) if form.is_valid() else None


def _team(number: int, names: str, problems) -> list:
    users = []
    for username in filter(None, (n.strip() for n in names.split(";"))):
        user = access.team_candidates().filter(username=username).first()
        if user is None:
            problems.append(
                Problem(
                    number,
                    "team",
                    _("no colleague %(username)r who can join") % {"username": username},
                )
            )
        users.append(user)
    return users


def _report(form, number: int, problems: list[Problem], columns: dict) -> None:
    if form.is_valid():
        return
    for name, messages in form.errors.items():
        column = columns.get(name, name.removeprefix("parent_"))
        problems += [Problem(number, column, str(message)) for message in messages]


@transaction.atomic
def import_families(actor, plans: list[FamilyPlan], progress=lambda items: items) -> int:
    """Open every case; the actor opens them and is on each team, as on the page."""
    for plan in progress(plans):
        parent = plan.form.first_parent()
        parent.relation = plan.parent_relation  # the page's form assumes a parent
        family = services.open_case(None, actor, plan.form.save(commit=False), parent)
        for person in plan.members:
            services.add_member(None, actor, family, person)
        for user in {u for u in plan.team if u != actor}:
            services.join_team(None, actor, family, user=user)
    return len(plans)
