"""Check the audit log's hash chain: any changed or removed event shows up as a break."""

from django.core.management.base import BaseCommand, CommandError

from kaketoe.audit import chain
from kaketoe.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the tamper-evident hash chain of the audit log; exits 1 on any break."

    def handle(self, *args, **options):
        rows = (
            AuditEvent.objects.order_by("pk")
            .values("id", "prev_hash", "hash", *chain.FIELDS)
            .iterator(chunk_size=5000)
        )
        count, breaks = chain.verify(rows)
        for item in breaks:
            self.stderr.write(f"break at event {item.event_id}: {item.reason}")
        if breaks:
            raise CommandError(f"{len(breaks)} break(s) in {count} audit events")
        self.stdout.write(self.style.SUCCESS(f"OK: {count} audit events, chain intact."))
