"""Mail reminders about monitoring work that is soon due, due or overdue.

Why: after return the partner organisation must contact the family, report every two months
and visit at 6, 12 and 18 months; the Dutch team must know when that slips. Run it daily (cron).
Safe to run repeatedly: a sent-reminder record stops the same mail going out twice.
"""

from datetime import date

from django.core.management.base import BaseCommand

from kaketoe.monitoring import services


class Command(BaseCommand):
    help = "Email reminders about due and overdue monitoring work (each mail only once)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the mails, send none.")
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend it is this day.")

    def handle(self, *args, dry_run=False, today=None, **options):
        sent = services.send_reminders(today, dry_run=dry_run)
        for recipient, subject in sent:
            self.stdout.write(f"{'would send' if dry_run else 'sent'}: {recipient}: {subject}")
        self.stdout.write(f"{len(sent)} reminder(s) {'to send' if dry_run else 'sent'}.")
