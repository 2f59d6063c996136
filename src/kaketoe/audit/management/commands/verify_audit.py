"""Check the audit log: the keyed hash chain, and the chain against the signed checkpoints kept
outside the database. A changed, recomputed or removed event, a log cut off at the end, and a
changed checkpoint line each show up as a break. When all is well, a new checkpoint is written."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kaketoe.audit import chain, checkpoints
from kaketoe.audit.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Verify the audit log's keyed hash chain and compare it with the signed checkpoints in "
        "KAKETOE_AUDIT_CHECKPOINT_FILE; exits 1 on any break, else writes a new checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-checkpoint", action="store_true", help="do not write a checkpoint when intact"
        )

    def handle(self, *args, no_checkpoint=False, **options):
        keys = chain.keyring(settings.KAKETOE_AUDIT_KEYS)
        path = settings.KAKETOE_AUDIT_CHECKPOINT_FILE
        found = checkpoints.read(path, keys)
        in_force = found.in_force()
        walk = checkpoints.Walk(line["last_id"] for _n, line in in_force)
        rows = (
            AuditEvent.objects.order_by("pk")
            .values("id", "prev_hash", "hash", "key_id", *chain.FIELDS)
            .iterator(chunk_size=5000)
        )
        count, breaks = chain.verify(walk.through(rows), keys)
        problems = found.problems + checkpoints.compare(in_force, walk)
        for item in breaks:
            self.stderr.write(f"break at event {item.event_id}: {item.reason}")
        for problem in problems:
            self.stderr.write(f"break: {problem}")
        if breaks or problems:
            raise CommandError(
                f"{len(breaks) + len(problems)} break(s) in {count} audit events and "
                f"{len(found.lines) + len(found.problems)} checkpoint line(s)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {count} audit events, chain intact; {len(in_force)} checkpoint(s) agree"
                + (f" ({found.resets()} reset(s) in {path})" if found.resets() else "")
                + "."
            )
        )
        if not no_checkpoint:
            checkpoints.append(checkpoints.entry("checkpoint", count, walk.last_id, walk.head))
