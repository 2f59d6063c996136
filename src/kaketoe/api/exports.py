"""A family's complete file: every record of the family in every app, and the audit entries
about it. As JSON (machine-readable) and as a readable PDF; this is also the GDPR subject-access
export. Which records belong to a family is found from the models' foreign keys, so a model added
later is exported without touching this file (test_exports checks that none is missed).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.core.serializers import serialize
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from kaketoe.audit.models import AuditEvent, ListedFamily
from kaketoe.cases import access
from kaketoe.cases.models import Family

FORMAT = "kaketoe-family-file"
FORMAT_VERSION = 1
MAX_HOPS = 4
NOT_CASE_DATA = {"audit", "accounts"}  # the audit log is added on its own; accounts are people


@dataclass(frozen=True)
class Section:
    label: str  # app_label.model_name
    model: type[models.Model]
    paths: tuple[str, ...]  # lookups from the model to the family's id, e.g. "report__family"


def case_models() -> list[Section]:
    """Every Kaketoe model whose rows belong to one family, with every way to reach it."""
    sections = []
    for model in apps.get_models():
        if not model.__module__.startswith("kaketoe.") or model._meta.app_label in NOT_CASE_DATA:
            continue
        paths = _shortest(_paths_to_family(model, MAX_HOPS))
        if model is Family or paths:
            sections.append(Section(model._meta.label_lower, model, paths))
    first = {"cases.family": 0, "cases.person": 1}
    return sorted(sections, key=lambda s: (first.get(s.label, 2), s.label))


def _shortest(paths: list[str]) -> tuple[str, ...]:
    """The most direct ways only (a line of a report also reaches the family via its plan item,
    but through the report is enough); all of them when they are equally direct."""
    hops = min((p.count("__") for p in paths), default=0)
    return tuple(p for p in paths if p.count("__") == hops)


def _paths_to_family(model, hops: int, seen=()) -> list[str]:
    if hops == 0:
        return []
    found = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target in seen or target is model:
            continue
        if target is Family:
            found.append(field.name)
        elif (
            target.__module__.startswith("kaketoe.") and target._meta.app_label not in NOT_CASE_DATA
        ):
            found += [
                f"{field.name}__{rest}"
                for rest in _paths_to_family(target, hops - 1, (*seen, model))
            ]
    return found


def records_of(family: Family, section: Section, reader=None) -> models.QuerySet:
    """The section's rows of this family. For a `reader` (a team member downloading the file)
    a child's toolkit answers only as far as the child shared them with that person
    (cases.access.visible_answers); without one (the operator's subject-access export) all."""
    if section.model is Family:
        return Family.objects.filter(pk=family.pk)
    where = reduce(lambda a, b: a | b, (models.Q(**{p: family.pk}) for p in section.paths))
    rows = section.model._default_manager.filter(where).distinct().order_by("pk")
    if reader is not None and section.label == "toolkit.answer":
        rows = access.visible_answers(reader, rows)
    return rows


def audit_of(family: Family) -> models.QuerySet:
    """The family's events, with the lists and exports that showed it (audit/listing.py)."""
    listed = ListedFamily.objects.filter(family_id=family.pk).values("event_id")
    return AuditEvent.objects.filter(Q(family_id=family.pk) | Q(pk__in=listed)).order_by("at", "pk")


# -- JSON --------------------------------------------------------------------------------------


def as_data(family: Family, actor=None) -> dict:
    records = {}
    for section in case_models():
        rows = serialize("python", records_of(family, section, actor))
        records[section.label] = [{"id": row["pk"], **row["fields"]} for row in rows]
    audit = [
        {"id": e.pk, **{f.name: getattr(e, f.name) for f in AuditEvent._meta.concrete_fields[1:]}}
        for e in audit_of(family)
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "exported_by": actor.get_username() if actor is not None else "",
        "family_id": family.pk,
        "reference": family.reference,
        "records": records,
        "audit": audit,
    }


def as_json(family: Family, actor=None) -> bytes:
    return json.dumps(as_data(family, actor), cls=_Encoder, ensure_ascii=False, indent=2).encode()


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, bytes | memoryview):
            return base64.b64encode(bytes(o)).decode()
        return super().default(o)


# -- PDF ---------------------------------------------------------------------------------------


def readable(family: Family, reader=None) -> list[dict]:
    """Sections for people: field labels and display values, empty fields left out."""
    sections = []
    for section in case_models():
        rows = [_readable_record(obj) for obj in records_of(family, section, reader)]
        if rows:
            meta = section.model._meta
            sections.append(
                {"title": meta.verbose_name_plural, "label": section.label, "rows": rows}
            )
    return sections


def _readable_record(obj) -> dict:
    lines = []
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = _display(obj, field)
        if value not in ("", None, [], {}):
            lines.append((field.verbose_name, value))
    return {"id": obj.pk, "title": str(obj), "lines": lines}


def _display(obj, field) -> str:
    value = getattr(obj, field.attname)
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if field.is_relation:
        return str(getattr(obj, field.name))
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(field, models.BinaryField):
        return translation.gettext("(binary, %(size)d bytes: in the JSON export)") % {
            "size": len(value)
        }
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    if isinstance(field, models.BooleanField):
        return translation.gettext("yes") if value else translation.gettext("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return formats.localize(
            timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value
        )
    return str(value)


def as_pdf(family: Family, actor=None, language: str = "nl") -> bytes:
    from kaketoe.reports.pdf import pdf_from_html

    with translation.override(language):
        html = render_to_string(
            "exchange/family_pdf.html",
            {
                "family": family,
                "sections": readable(family, actor),
                "audit": audit_of(family),
                "exported_by": actor.get_username() if actor is not None else "",
                "now": timezone.now(),
                "LANGUAGE_CODE": language,
            },
        )
    return pdf_from_html(html)
