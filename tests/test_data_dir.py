"""Everything under the data directory (KAKETOE_VAR_DIR) is private to the service user: files
0600, folders 0700, whatever the umask Kaketoe was started with (issue 15, M5).

Each test starts Kaketoe in a fresh process, as gunicorn or manage.py would, with the common
umask 022 that would otherwise leave the database readable by every local user."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
FILE, FOLDER = 0o600, 0o700

# Runs in the fresh process: write to the SQLite database and store a scan, then report the
# mode of everything under the data directory while the database is still open (so its -wal and
# -shm files exist).
USE_EVERYTHING = """
import io, json, os, stat, sys
import django
django.setup()
from django.conf import settings
from django.db import connection
from PIL import Image
from kaketoe import uploads

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE probe (x)")
    cursor.execute("INSERT INTO probe VALUES (1)")
png = io.BytesIO()
Image.new("RGB", (8, 8)).save(png, "PNG")
uploads.save(uploads.check(png.getvalue(), "scan.png"))
modes = {}
for folder, dirs, files in os.walk(settings.VAR_DIR):
    for name in [".", *dirs, *files]:
        path = os.path.normpath(os.path.join(folder, name))
        modes[os.path.relpath(path, settings.VAR_DIR)] = stat.S_IMODE(os.stat(path).st_mode)
print(json.dumps(modes))
"""


def start_kaketoe(var_dir: Path) -> dict[str, int]:
    """Run USE_EVERYTHING in a new process under umask 022; the modes it reports by path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAKETOE_", "DATABASE_"))}
    env.update(
        KAKETOE_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="kaketoe.settings",
        PYTHONPATH=str(ROOT / "src"),
    )
    result = subprocess.run(  # noqa: S603 (our own script, above)
        [sys.executable, "-c", USE_EVERYTHING],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def assert_private(modes: dict[str, int], var_dir: Path) -> None:
    for name, mode in modes.items():
        wanted = FOLDER if (var_dir / name).is_dir() else FILE
        assert mode == wanted, f"{name} is {oct(mode)}, not {oct(wanted)}"


def test_a_fresh_data_directory_holds_only_private_files_and_folders(tmp_path):
    var_dir = tmp_path / "var"
    modes = start_kaketoe(var_dir)
    expected = {".", "secret_key", "encryption_key", "audit_key", "kaketoe.sqlite3", "uploads"}
    expected |= {"kaketoe.sqlite3-wal", "kaketoe.sqlite3-shm"}
    assert expected <= set(modes)
    assert any(name.startswith("uploads/") for name in modes)  # the scan itself
    assert_private(modes, var_dir)


def test_an_older_installs_readable_files_are_made_private_at_start(tmp_path):
    var_dir = tmp_path / "var"
    (var_dir / "backups").mkdir(parents=True)
    for name in ["secret_key", "encryption_key", "kaketoe.sqlite3", "backups/old.json.gz"]:
        (var_dir / name).touch()
    (var_dir / "audit_key").write_text("k" * 64)
    (var_dir / "audit-checkpoints.log").write_text("")
    (var_dir / "secret_key").write_text("x" * 50)
    from cryptography.fernet import Fernet

    (var_dir / "encryption_key").write_bytes(Fernet.generate_key())
    for path in [var_dir, *var_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    modes = start_kaketoe(var_dir)
    assert {"backups", "backups/old.json.gz", "kaketoe.sqlite3", "audit-checkpoints.log"} <= set(
        modes
    )
    assert_private(modes, var_dir)


@pytest.mark.django_db
def test_a_backup_and_its_folder_are_private(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("backup", verbosity=0)
    [backup] = (tmp_path / "backups").iterdir()
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == FOLDER
    assert stat.S_IMODE(backup.stat().st_mode) == FILE
