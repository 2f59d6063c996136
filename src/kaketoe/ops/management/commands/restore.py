"""Restore a backup made by `backup`: empties the database first, all or nothing; the scans of
signed consent forms come back into KAKETOE_UPLOAD_DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kaketoe import crypto
from kaketoe.audit import checkpoints, legacy
from kaketoe.audit import services as audit_services
from kaketoe.ops import services


class Command(BaseCommand):
    help = "Replace ALL data with the content of a backup file (needs --yes)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="really replace all data")
        parser.add_argument("--dry-run", action="store_true", help="only read and check")

    def handle(self, *args, file, yes, dry_run, **options):
        try:
            self._restore(file, yes, dry_run)
        except crypto.UndecryptableError as error:
            raise CommandError(
                f"{file} was encrypted with a key that is not in KAKETOE_ENCRYPTION_KEYS; "
                "add that key (after the current one) and try again."
            ) from error

    def _restore(self, file, yes, dry_run):
        if not file.exists():
            raise CommandError(f"No such backup: {file}")
        if dry_run:
            count, scans = len(services.read(file)), len(services.contents(file).files)
            self.stdout.write(
                f"{file} is readable: {count} records and {scans} scans. Nothing changed."
            )
            return
        if not yes:
            raise CommandError("restore replaces ALL data; run again with --yes to do it")
        count, scans = services.restore(file)
        try:  # a backup from before the keyed audit chain (issue 15, H3)
            audit_services.key_restored_plain_chain()
        except legacy.BrokenPlainChain as error:
            self.stderr.write(f"The backup's audit log stays unkeyed: {error}")
        # The audit log is now the backup's: checkpoints written since vouch for events it lacks.
        checkpoints.write("reset")
        self.stdout.write(
            self.style.SUCCESS(f"Restored {count} records and {scans} scans from {file}")
        )
