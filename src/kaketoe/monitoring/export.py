"""Monitoring data (every checklist visit) as a table for CSV/XLSX, optionally pseudonymised.

Pseudonymised: no names, no case reference, the birth year instead of the date of birth and the
year of departure instead of its date; families and children get pseudonyms that are stable
within one export (the same child is the same pseudonym on every row) and differ between exports:
an HMAC-SHA256 of the record id under a random salt made for that export and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator

from django.db.models import QuerySet

from kaketoe.cases.models import Family
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring.models import MonitoringVisit

NAMED = ["family_reference", "family_name", "child_given_name", "child_family_name"]
PSEUDONYMS = ["family", "child"]
VISIT = ["month", "visit_date", "complete", "total_points", "max_points"]


class Pseudonyms:
    """Stable within one export, unlinkable between exports."""

    def __init__(self, salt: bytes | None = None):
        self._salt = salt or secrets.token_bytes(32)

    def __call__(self, kind: str, pk: int) -> str:
        digest = hmac.new(self._salt, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
        return f"{kind[0].upper()}-{digest[:12]}"


def table(families: QuerySet[Family], *, pseudonymise: bool = False) -> list[list]:
    """Header and one row per visit, each domain's level and points in its own columns."""
    return list(rows(families, pseudonymise=pseudonymise))


def count(families: QuerySet[Family]) -> int:
    """How many visit rows `rows` yields (for the audit event, before streaming them)."""
    return MonitoringVisit.objects.filter(family__in=families).count()


def rows(families: QuerySet[Family], *, pseudonymise: bool = False) -> Iterator[list]:
    """`table` one row at a time: the visits are read from the database in chunks, so a
    download of every visit streams in bounded memory (issue 9)."""
    checklist = checklists.load()
    domains = checklist.domain_codes()
    header = PSEUDONYMS if pseudonymise else NAMED
    header = [*header, "birth_year" if pseudonymise else "date_of_birth", "sex"]
    header += ["country_of_return", "departure_year" if pseudonymise else "actual_departure"]
    header += VISIT + [f"{d}_{part}" for d in domains for part in ("level", "points")]
    alias = Pseudonyms() if pseudonymise else None
    visits = (
        MonitoringVisit.objects.filter(family__in=families)
        .select_related("family", "child")
        .order_by("family_id", "child_id", "month")
    )
    yield header
    for visit in visits.iterator(chunk_size=2000):
        family, child = visit.family, visit.child
        born, departed = child.date_of_birth, family.actual_departure
        if alias:
            row = [alias("family", family.pk), alias("child", child.pk)]
            row += [born.year if born else "", child.sex]
            row += [str(family.country_of_return), departed.year if departed else ""]
        else:
            row = [family.reference, family.name, child.given_name, child.family_name]
            row += [born.isoformat() if born else "", child.sex]
            row += [str(family.country_of_return), departed.isoformat() if departed else ""]
        row += [visit.month, visit.visit_date.isoformat(), visit.complete]
        row += [visit.total_points, visit.max_points]
        for domain in domains:
            scored = visit.domains.get(domain) or {}
            row += [scored.get("level", ""), scored.get("points", "")]
        yield row
