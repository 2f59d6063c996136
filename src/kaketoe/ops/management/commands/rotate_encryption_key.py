"""Re-encrypt the notes encrypted at rest with the first key of KAKETOE_ENCRYPTION_KEYS."""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError

from kaketoe import crypto
from kaketoe.consent import services as consent_services


class Command(BaseCommand):
    help = (
        "Key rotation: put a new key first in KAKETOE_ENCRYPTION_KEYS (keep the old one after "
        "it), run this, then drop the old key. --new-key prints a fresh key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="Print a new key and stop.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what still needs the first key."
        )

    def handle(self, *args, new_key=False, dry_run=False, **options):
        if new_key:
            self.stdout.write(crypto.new_key())
            return
        try:
            counts = crypto.rotate(dry_run=dry_run)
            counts["consent.ConsentScan files"] = consent_services.rotate_scan_key(dry_run=dry_run)
        except InvalidToken as error:
            raise CommandError(
                "Some values cannot be decrypted with any key in KAKETOE_ENCRYPTION_KEYS; "
                "put the old key back (after the new one) and run again."
            ) from error
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        total = 0
        for label, (read, changed) in sorted(counts.items()):
            total += changed
            self.stdout.write(f"{label}: {read} encrypted values, {verb} {changed}")
        self.stdout.write(self.style.SUCCESS(f"{total} values {verb} with the first key."))
