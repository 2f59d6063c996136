"""Write a family's complete file (every record and the audit entries about it) as JSON or PDF.

Why: the GDPR subject-access request, and handing a file over to another system. The export is
itself written to the audit log. See docs/export.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kaketoe.api import exports
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family


class Command(BaseCommand):
    help = "Export a family's complete file as JSON or PDF (docs/export.md)."

    def add_arguments(self, parser):
        parser.add_argument("family_id", type=int)
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", type=Path, required=True, help="The file to write.")
        parser.add_argument("--language", choices=["nl", "en"], default="nl", help="For the PDF.")

    def handle(self, *args, family_id, format, output, language, **options):
        family = Family.objects.filter(pk=family_id).first()
        if family is None:
            raise CommandError(f"No family with id {family_id}.")
        if format == "json":
            body = exports.as_json(family)
        else:
            body = exports.as_pdf(family, language=language)
        output.write_bytes(body)
        record(None, Action.EXPORT, family, detail=f"complete file {format} (command)")
        self.stdout.write(f"{family.reference}: {len(body)} bytes written to {output}.")
