"""Issue a bearer token for the REST API. Only its hash is stored: the token is shown once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kaketoe.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Print a new API bearer token for USERNAME (stored hashed; revocable)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        _token, raw = ApiToken.issue(user, name=name)
        self.stdout.write(raw)
