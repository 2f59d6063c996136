"""HTML → PDF with WeasyPrint. Templates are ordinary Django templates with print CSS."""

from __future__ import annotations

from django.conf import settings


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango costs ~0.3 s

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
