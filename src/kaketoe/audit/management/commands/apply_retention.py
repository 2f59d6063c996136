"""Erase the personal data of cases closed longer ago than KAKETOE_RETENTION_YEARS."""

from django.core.management.base import BaseCommand

from kaketoe.audit import privacy, retention


class Command(BaseCommand):
    help = (
        "Anonymise the personal data of cases closed more than KAKETOE_RETENTION_YEARS ago "
        "(default 5); keeps the pseudonymised monitoring figures; audited as 'erase'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be erased."
        )

    def handle(self, *args, dry_run=False, **options):
        years = privacy.retention_years()
        erasures = retention.apply_retention(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for erasure in erasures:
            rows = ", ".join(f"{model} {n}" for model, n in sorted(erasure.rows.items()))
            self.stdout.write(
                f"KKT-{erasure.family_id:06d} (closed {erasure.closed_at:%Y-%m-%d}): "
                f"{verb} {erasure.total} records ({rows})"
            )
        self.stdout.write(
            f"{len(erasures)} case(s) past the retention period of {years} years: {verb}."
        )
