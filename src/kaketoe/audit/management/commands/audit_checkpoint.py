"""Write a signed checkpoint of the audit chain to the file outside the database. Run it from
cron (every few minutes, from one machine) so that a cut-off log is noticed even between the
checkpoints written every KAKETOE_AUDIT_CHECKPOINT_EVERY events. --reset starts over after the
database was restored or re-created on purpose (pg_restore, a new demo database): earlier
checkpoints stop applying, and the reset line itself stays in the file for all to see."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kaketoe.audit import checkpoints


class Command(BaseCommand):
    help = "Append a signed checkpoint (count and head) of the audit chain to the checkpoint file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="the database was restored or re-created: earlier checkpoints no longer apply",
        )

    def handle(self, *args, reset=False, **options):
        line = checkpoints.write("reset" if reset else "checkpoint")
        self.stdout.write(
            f"{line['kind']}: {line['count']} audit events up to event {line['last_id']}, "
            f"written to {settings.KAKETOE_AUDIT_CHECKPOINT_FILE}"
        )
