"""Print the current TOTP code of a user: for the demo and for scripted browser checks."""

from django.core.management.base import BaseCommand, CommandError

from kaketoe.accounts.services import current_code, totp_device


class Command(BaseCommand):
    help = "Print the current six-digit login code of USERNAME's authenticator."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username).first()
        device = totp_device(user) if user else None
        if device is None:
            raise CommandError(f"{username!r} has no confirmed authenticator")
        self.stdout.write(current_code(device))
