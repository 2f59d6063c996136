"""Restore a backup made by `backup`: empties the database first, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kaketoe.ops import services


class Command(BaseCommand):
    help = "Replace ALL data with the content of a backup file (needs --yes)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="really replace all data")
        parser.add_argument("--dry-run", action="store_true", help="only read and check")

    def handle(self, *args, file, yes, dry_run, **options):
        if not file.exists():
            raise CommandError(f"No such backup: {file}")
        if dry_run:
            count = len(services.read(file))
            self.stdout.write(f"{file} is readable: {count} records. Nothing changed.")
            return
        if not yes:
            raise CommandError("restore replaces ALL data; run again with --yes to do it")
        count = services.restore(file)
        self.stdout.write(self.style.SUCCESS(f"Restored {count} records from {file}"))
