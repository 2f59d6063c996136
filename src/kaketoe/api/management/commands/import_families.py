"""Import families, members and team assignments from a partner system's CSV or XLSX export.

Why: reception and the return authority keep their registrations elsewhere; this saves
typing them again. The whole file is checked first; one bad row and nothing is imported.
Column layout: docs/import.md.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kaketoe.api import imports


class Command(BaseCommand):
    help = "Import families from FILE.csv or FILE.xlsx (validated as a whole; see docs/import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The user who opens the cases (joins each team).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only validate and report.")

    def handle(self, *args, file, username, dry_run, **options):
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {username!r}.")
        if not file.exists() or file.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError(f"{file}: give an existing .csv or .xlsx file.")
        rows, header = imports.read_rows(file)
        plans, problems = imports.validate(rows, header)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} problem(s); nothing was imported.")
        if dry_run:
            self.stdout.write(f"{len(plans)} families are valid; nothing imported (dry run).")
            return
        count = imports.import_families(
            actor, plans, progress=lambda items: tqdm(items, disable=len(items) < 20)
        )
        self.stdout.write(f"{count} families imported.")
