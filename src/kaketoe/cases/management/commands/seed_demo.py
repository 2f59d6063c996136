"""Load the fictional demo data (idempotent) and print the demo logins with their codes."""

from django.core.management.base import BaseCommand

from kaketoe.accounts.services import base32_secret, current_code
from kaketoe.cases import demo


class Command(BaseCommand):
    help = "Load demo organisations, users (one per role) and families. Safe to run again."

    def handle(self, *args, **options):
        devices = demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data is ready. Logins (password for all: {demo.demo_password()}):"
            )
        )
        self.stdout.write(f"  {'username':<14}{'TOTP secret':<34}code now")
        for username, device in devices.items():
            self.stdout.write(f"  {username:<14}{base32_secret(device):<34}{current_code(device)}")
        self.stdout.write("A fresh code for one user: ./kaketoe manage totp_code USERNAME")
