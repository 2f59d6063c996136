"""Write every monitoring visit as CSV or XLSX, optionally pseudonymised (docs/export.md).

Why: researchers and the return organisations' own analyses. Pseudonymised exports carry no
names and the birth year only; their pseudonyms differ from one export to the next.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from kaketoe.audit.listing import record_listing
from kaketoe.audit.services import Action
from kaketoe.cases.models import Family
from kaketoe.monitoring import export
from kaketoe.monitoring.models import MonitoringVisit
from kaketoe.reports import tables


class Command(BaseCommand):
    help = "Export the monitoring visits as CSV or XLSX, optionally pseudonymised."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--pseudonymise", action="store_true")
        parser.add_argument("--country", help="Only families returning to this country (code).")

    def handle(self, *args, format, output, pseudonymise, country, **options):
        families = Family.objects.all()
        if country:
            families = families.filter(country_of_return=country.upper())
        table = export.table(families, pseudonymise=pseudonymise)
        output.write_bytes(tables.table_bytes(table, format, "monitoring"))
        what = "pseudonymised" if pseudonymise else "named"
        exported = MonitoringVisit.objects.filter(family__in=families).values_list(
            "family_id", flat=True
        )
        record_listing(
            None, Action.EXPORT, exported.distinct(), f"monitoring data {format} {what} (command)"
        )
        self.stdout.write(f"{len(table) - 1} visits written to {output}.")
