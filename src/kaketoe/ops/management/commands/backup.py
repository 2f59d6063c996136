"""Write a complete backup of Kaketoe's data, so every installation has a tested way back."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from kaketoe.ops import services


class Command(BaseCommand):
    help = (
        "Back up all records (audit log included) and the scans of signed consent forms to an "
        "encrypted file under var/backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path)

    def handle(self, *args, output, **options):
        path = output or (
            settings.VAR_DIR / "backups" / f"kaketoe-{timezone.now():%Y%m%d-%H%M%S}.json.gz"
        )
        count = services.backup(path)
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Backed up {count} records and the scans to {path}"))
