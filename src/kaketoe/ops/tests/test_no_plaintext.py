"""No sensitive free text lies in the database file in clear (issue 15, H1).

The probe found the child's voice and meeting minutes encrypted in their own tables but copied
in clear into the plan's versions and the timeline. Here a separate process (`write_markers.py`)
writes a unique marker through every field of every page form into a file-based SQLite
database; then every byte of the data directory (the database, its WAL, uploads, checkpoint
log) is searched for the markers. A marker may be found in clear only when it went into a field
the privacy registry calls PERSONAL (a name, a place, a language): see PLAIN below and the rule
in docs/security.md.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from kaketoe import crypto
from kaketoe.audit import privacy

ROOT = Path(__file__).resolve().parents[4]

# (form, form field) -> the registry's PERSONAL field it is stored in, or why it may be plain.
PLAIN = {
    ("add colleague", "first_name"): "auth.User.first_name",
    ("add colleague", "last_name"): "auth.User.last_name",
    ("audit log search", "action"): "the privacy officer's search terms, in the audit path",
    ("audit log search", "case"): "the privacy officer's search terms, in the audit path",
    ("audit log search", "user"): "the privacy officer's search terms, in the audit path",
    ("best-interests assessment", "child_heard_how"): (
        "assessments.BestInterestsAssessment.child_heard_how"
    ),
    ("child farewell message", "name"): "toolkit.FarewellMessage.name",
    ("child wish", "helper"): "toolkit.Answer.helper",
    ("consent scan", "scan"): "consent.ConsentScan.label",  # the file's name; the file is encrypted
    ("consent scope", "interpreter_language"): "consent.ConsentEntry.interpreter_language",
    ("consent scope", "scope"): "consent.ConsentEntry.scope",
    ("erasure approval", "note"): "the privacy officers' note on the procedure (docs/security.md)",
    ("erasure rejection", "note"): "the privacy officers' note on the procedure (docs/security.md)",
    ("erasure request", "reason"): "the privacy officers' note on the procedure (docs/security.md)",
    ("family edit", "interpreter_dialect"): "cases.Family.interpreter_dialect",
    ("family edit", "interpreter_language"): "cases.Family.interpreter_language",
    ("family edit", "languages"): "cases.Family.languages",
    ("family edit", "name"): "cases.Family.name",
    ("family edit", "place_of_return"): "cases.Family.place_of_return",
    ("guidance signal", "observed_by"): "guidance.SignalObservation.observed_by",
    ("meeting decision", "decision-owner_organisation"): "an organisation's name (not personal)",
    ("monitoring work done", "note"): "monitoring.ScheduledWork.note",
    ("new family", "name"): "cases.Family.name",
    ("new family", "parent_given_name"): "cases.Person.given_name",
    ("new family", "place_of_return"): "cases.Family.place_of_return",
    ("parent conversation", "interpreter"): "guidance.ParentConversation.interpreter",
    ("person", "family_name"): "cases.Person.family_name",
    ("person", "given_name"): "cases.Person.given_name",
    ("person", "languages"): "cases.Person.languages",
    ("person edit", "family_name"): "cases.Person.family_name",
    ("person edit", "given_name"): "cases.Person.given_name",
    ("person edit", "languages"): "cases.Person.languages",
    ("plan child's voice", "heard_how"): "plans.ChildVoice.heard_how",
    ("plan item", "owner_organisation"): "an organisation's name (not personal)",
    ("safety assessment", "place"): "assessments.SafetyAssessment.place",
    ("safety assessment", "source-0-title"): "assessments.SafetyAssessment.sources",
    ("school handover", "school_abroad"): "guidance.SchoolHandover.school_abroad",
    ("school handover", "school_nl"): "guidance.SchoolHandover.school_nl",
    ("school handover", "teacher"): "guidance.SchoolHandover.teacher",
    ("team colleague", "description"): "cases.TeamMember.description",
    ("team informal member", "contact"): "cases.TeamMember.contact",
    ("team informal member", "description"): "cases.TeamMember.description",
    ("team informal member", "name"): "cases.TeamMember.name",
    ("toolkit start", "met_by"): "toolkit.ChildSession.met_by",
}
# SPECIAL fields of the registry that are no free text, so are not encrypted (docs/security.md).
SPECIAL_NOT_TEXT = {
    "toolkit.Answer.choices",  # the codes of the options the child picked
    "toolkit.Answer.drawing",  # a PNG; served only through views that check access
}
FIELD = re.compile(r"^\w+\.\w+\.\w+$")


def write_markers(var: Path) -> dict[str, list[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAKETOE_", "DATABASE_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "kaketoe.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "KAKETOE_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "KAKETOE_SECURE": "0",
    }
    out = var.parent / "markers.json"
    subprocess.run(  # noqa: S603 (our own module)
        [sys.executable, "-m", "kaketoe.ops.tests.write_markers", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=900,
    )
    return json.loads(out.read_text())


def in_clear(var: Path, markers) -> dict[str, list[str]]:
    """{marker: files under `var` holding it as plain bytes}."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in var.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for marker in markers:
            if marker.encode() in data:
                found.setdefault(marker, []).append(path.name)
    return found


def columns_holding(database: Path, markers) -> dict[str, list[str]]:
    """{marker: table.column holding it}: to say where a leak is (the byte scan decides)."""
    found: dict[str, list[str]] = {}
    with sqlite3.connect(database) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            names = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            for column in names:
                query = f'SELECT CAST("{column}" AS TEXT) FROM "{table}"'  # noqa: S608  # nosec B608
                values = [v for (v,) in db.execute(query) if v]
                for marker in markers:
                    if any(marker in value for value in values):
                        found.setdefault(marker, []).append(f"{table}.{column}")
    return found


def registered(category: str) -> set[str]:
    return {
        f"{entry.model}.{name}"
        for entry in privacy.entries()
        for name, (kind, _erase) in entry.fields.items()
        if kind == category
    }


def test_what_may_stay_plain_is_personal_in_the_privacy_registry():
    assert {where for where in PLAIN.values() if FIELD.match(where)} <= registered(privacy.PERSONAL)


def test_every_special_field_of_the_privacy_registry_is_encrypted():
    encrypted = {
        f"{model._meta.label}.{field.name}"
        for model, fields in crypto.all_encrypted_fields()
        for field in fields
    }
    assert sorted(registered(privacy.SPECIAL) - encrypted - SPECIAL_NOT_TEXT) == []


def test_free_text_from_every_form_is_nowhere_in_the_database_files_in_clear(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    written = write_markers(var)
    assert len(written) > 60, f"too few forms saved a marker: {sorted(written.values())}"
    files = {p.name for p in var.rglob("*") if p.is_file()}
    assert "db.sqlite3" in files
    found = in_clear(var, written)
    where = columns_holding(var / "db.sqlite3", found)
    leaks = sorted(
        f"{form} / {field}: {', '.join(where.get(marker, found[marker]))}"
        for marker, (form, field) in written.items()
        if marker in found and (form, field) not in PLAIN
    )
    assert not leaks, "sensitive free text in clear:\n" + "\n".join(leaks)
