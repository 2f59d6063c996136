"""Measure the security figures and write them into docs/security.md (between markers).

The figures come from running or collecting the tests that prove them, never from typing:
- pages x users checked by the URL matrix, API endpoints x users by the API matrix (collected;
  `--run-matrix` runs them too, which takes minutes);
- pages held to the audit completeness test, the break-glass tests and the hostile inputs
  (run: each hostile example is counted as it is posted);
- audit events verified by verify_audit on a freshly seeded demo database (a temporary SQLite
  file, never the configured database).

subprocess runs only our own test suite and manage.py, with fixed arguments and no shell.
"""

from __future__ import annotations

import os
import re
import subprocess  # nosec B404
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BEGIN = "<!-- security-report:begin (written by ./kaketoe manage security_report) -->"
END = "<!-- security-report:end -->"
SRC = "src/kaketoe"
URL_MATRIX = f"{SRC}/cases/tests/test_url_matrix.py"
API_MATRIX = f"{SRC}/api/tests/test_access_matrix.py"
AUDIT_COMPLETENESS = f"{SRC}/audit/tests/test_audit_completeness.py"
BREAK_GLASS = f"{SRC}/cases/tests/test_break_glass.py"
HOSTILE = f"{SRC}/cases/tests/test_hostile_input.py"
HARDENING = f"{SRC}/accounts/tests/test_hardening.py"
RETENTION = f"{SRC}/audit/tests/test_privacy.py"
ERASURE = f"{SRC}/audit/tests/test_erasure.py"
CONCURRENT = f"{SRC}/cases/tests/test_concurrent_edits.py"
ENCRYPTION = f"{SRC}/ops/tests/test_encryption.py"
BACKUP = f"{SRC}/ops/tests/test_backup.py"
PASSWORD_RESET = f"{SRC}/accounts/tests/test_password_reset.py"
DEPENDENCIES = "tests/test_dependencies.py"
API_TOKENS = f"{SRC}/accounts/tests/test_api_tokens.py"
LOCKOUT = f"{SRC}/accounts/tests/test_lockout.py"
SHARED_THROTTLE = "tests/test_shared_throttle.py"
LISTINGS = f"{SRC}/audit/tests/test_listings.py"


@dataclass
class Run:
    passed: int
    failed: int

    @property
    def text(self) -> str:
        return f"{self.passed} passed" + (f", **{self.failed} failed**" if self.failed else "")


class Command(BaseCommand):
    help = "Measure the security figures (tests, audit chain) and write them into docs/security.md."

    def add_arguments(self, parser):
        parser.add_argument(
            "--run-matrix", action="store_true", help="Also run the URL and API matrices (slow)."
        )
        parser.add_argument(
            "--no-write", action="store_true", help="Print the table; leave docs/security.md."
        )

    def handle(self, *args, run_matrix=False, no_write=False, **options):
        root = Path(settings.ROOT_DIR)
        rows = []
        pages, users, cases = self._matrix(root, URL_MATRIX, "test_page_access_matches_the_table")
        run = self._run(root, [URL_MATRIX]) if run_matrix else None
        rows.append(
            (
                "Pages × users (URL matrix)",
                f"{pages} pages × {users} users = {cases} requests"
                + (f" ({run.text})" if run else ""),
                f"`{URL_MATRIX}`",
            )
        )
        endpoints, api_users, api_cases = self._matrix(
            root, API_MATRIX, "test_api_access_matches_the_table"
        )
        run = self._run(root, [API_MATRIX]) if run_matrix else None
        rows.append(
            (
                "API endpoints × users (API matrix)",
                f"{endpoints} endpoints × {api_users} users = {api_cases} requests"
                + (f" ({run.text})" if run else ""),
                f"`{API_MATRIX}`",
            )
        )
        run = self._run(root, [AUDIT_COMPLETENESS])
        audited = len(self._collect(root, AUDIT_COMPLETENESS, "test_one_request_writes"))
        rows.append(
            (
                "Case pages that must write the expected audit event",
                f"{audited} pages ({run.text})",
                f"`{AUDIT_COMPLETENESS}`",
            )
        )
        events = self._verified_audit_events(root)
        rows.append(
            (
                "Audit events verified by `verify_audit` (seeded demo database)",
                f"{events} events, chain intact",
                "`seed_demo` then `verify_audit` on a temporary SQLite database",
            )
        )
        with tempfile.NamedTemporaryFile("r", suffix=".count") as counter:
            run = self._run(root, [HOSTILE], {"KAKETOE_HOSTILE_COUNT_FILE": counter.name})
            tried = sum(1 for _line in counter)
        forms = len(self._collect(root, HOSTILE, "test_hostile"))
        rows.append(
            (
                "Hostile inputs tried",
                f"{tried} posts into {forms} forms ({run.text})",
                f"`{HOSTILE}`",
            )
        )
        rows.append(self._concurrent_edits(root))
        for label, path in [
            ("Encryption at rest and key rotation tests", ENCRYPTION),
            ("Backup and restore tests (encrypted backups, scans byte for byte)", BACKUP),
            ("Password reset tests (no account disclosure, limits)", PASSWORD_RESET),
            ("Dependency pins and hashes", DEPENDENCIES),
            ("Break-glass tests", BREAK_GLASS),
            ("Login hardening tests (fixation, CSRF, logout everywhere)", HARDENING),
            ("Retention and records-of-processing tests", RETENTION),
            ("Erasure on request tests (second approver, all or nothing, audited)", ERASURE),
            ("API token tests (revoked with the sessions, expiry, own tokens page)", API_TOKENS),
            ("Lockout tests (per username and address, per address)", LOCKOUT),
            ("API throttle shared by 3 gunicorn workers and across processes", SHARED_THROTTLE),
            ("Lists and exports audited with the cases they showed", LISTINGS),
        ]:
            rows.append((label, self._run(root, [path]).text, f"`{path}`"))
        table = "\n".join(
            ["| Check | Measured | Source |", "| --- | --- | --- |"]
            + [f"| {a} | {b} | {c} |" for a, b, c in rows]
        )
        self.stdout.write(table)
        if not no_write:
            self._write(root / "docs" / "security.md", table)
            self.stdout.write("Written to docs/security.md.")

    def _concurrent_edits(self, root: Path) -> tuple[str, str, str]:
        label = "Two editors saving the same record at once (one must be refused)"
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return (label, "not measured: run with DATABASE_URL=postgres://…", f"`{CONCURRENT}`")
        with tempfile.NamedTemporaryFile("r", suffix=".count") as counter:
            run = self._run(root, [CONCURRENT], {"KAKETOE_CONCURRENT_COUNT_FILE": counter.name})
            races = sum(1 for _line in counter)
        return (label, f"{races} races on PostgreSQL ({run.text})", f"`{CONCURRENT}`")

    def _pytest(self, root: Path, args: list[str], env: dict | None = None) -> str:
        command = [sys.executable, "-m", "pytest", "-p", "no:warnings", "-q", *args]
        result = subprocess.run(  # noqa: S603  # nosec B603
            command,
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
        )
        return result.stdout

    def _collect(self, root: Path, path: str, test: str) -> list[str]:
        out = self._pytest(root, ["--collect-only", path])
        return [line for line in out.splitlines() if f"::{test}" in line]

    def _matrix(self, root: Path, path: str, test: str) -> tuple[int, int, int]:
        ids = [re.search(r"\[(.*)\]$", line) for line in self._collect(root, path, test)]
        pairs = [m.group(1).rsplit("-", 1) for m in ids if m]
        if not pairs:
            raise CommandError(f"no tests collected from {path}")
        return len({p for p, _w in pairs}), len({w for _p, w in pairs}), len(pairs)

    def _run(self, root: Path, paths: list[str], env: dict | None = None) -> Run:
        out = self._pytest(root, ["-m", "not browser", *paths], env)
        passed = re.search(r"(\d+) passed", out)
        failed = re.search(r"(\d+) (failed|error)", out)
        return Run(int(passed.group(1)) if passed else 0, int(failed.group(1)) if failed else 0)

    def _verified_audit_events(self, root: Path) -> int:
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "KAKETOE_VAR_DIR": tmp,
                "DATABASE_URL": f"sqlite:///{tmp}/seeded.sqlite3",
            }
            out = ""
            for step in (["migrate", "-v", "0"], ["seed_demo"], ["verify_audit"]):
                result = subprocess.run(  # noqa: S603  # nosec B603
                    [sys.executable, "manage.py", *step],
                    cwd=root,
                    capture_output=True,
                    text=True,
                    env=env,
                )
                if result.returncode:
                    raise CommandError(f"{' '.join(step)} failed: {result.stderr[-500:]}")
                out = result.stdout
        found = re.search(r"OK: (\d+) audit events", out)
        if not found:
            raise CommandError(f"verify_audit said: {out}")
        return int(found.group(1))

    def _write(self, path: Path, table: str) -> None:
        text = path.read_text()
        block = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip() + "\n\n## Measured figures\n\n" + block + "\n"
        path.write_text(text)
