"""The data directory (KAKETOE_VAR_DIR) holds the SQLite database, the generated keys, the
backups and the uploaded scans: only the service user may read it (issue 15, M5).

`make_private` runs first in the settings, so in every process (manage.py, gunicorn, the tests):
a umask of 0o077 makes every file the process creates 0600 and every folder 0700 (SQLite gives
its -wal and -shm files the database's mode), and `tighten` takes what an older version left
readable by others back to those modes when Kaketoe starts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

UMASK = 0o077
FILE, FOLDER = 0o600, 0o700


def make_private(var_dir: Path) -> None:
    """Set the process's umask, and create the data directory (or tighten it) as 0700."""
    os.umask(UMASK)
    var_dir.mkdir(mode=FOLDER, parents=True, exist_ok=True)
    tighten([var_dir])


def tighten(paths: Iterable[Path]) -> None:
    """Take away group and other rights from each path that exists: a folder becomes 0700, a
    file 0600. A path of another owner is left as it is (chmod is refused)."""
    for path in paths:
        if path.is_dir():
            _chmod(path, FOLDER)
        elif path.exists():
            _chmod(path, FILE)


def _chmod(path: Path, mode: int) -> None:
    current = path.stat().st_mode & 0o777
    if current & ~mode:
        with contextlib.suppress(PermissionError):  # not ours: its owner decides
            path.chmod(current & mode)


def write_private(path: Path, text: str) -> None:
    """Create `path` with `text`, readable by the owner only from the first byte on."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
