"""Retention: erase the personal data of cases closed longer ago than the retention period.

What is erased is what audit/privacy.py registers for case data: names become "[erased]", dates
of birth keep only the year, free texts, snapshots and drawings are emptied. What stays are the
pseudonymised figures: case number, country, stages and dates of the route, sex and birth year of
the children, monitoring ratings and alert levels. Scans of signed consent forms are removed,
files and all. Each erased case gets an audit event "erase".
The same erasure runs on request of the data subject, after a second privacy officer approved it
(audit/erasure.py, docs/erasure.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models, transaction
from django.utils import timezone

from kaketoe.audit import privacy
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, Stage
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentScan


@dataclass
class Erasure:
    family_id: int
    closed_at: datetime
    rows: dict[str, int] = field(default_factory=dict)  # model -> rows touched

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def cutoff(now: datetime | None = None, years: int | None = None) -> datetime:
    now = now or timezone.now()
    years = privacy.retention_years() if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired_families(now: datetime | None = None):
    return Family.objects.filter(
        stage=Stage.CLOSED, closed_at__lt=cutoff(now), erased_at__isnull=True
    ).order_by("closed_at", "pk")


def _value(model, name: str, erase: str):
    if erase == privacy.NAME:
        return privacy.ERASED_NAME
    if erase == privacy.TEXT:
        return ""
    if erase == privacy.JSON:
        json_field = model._meta.get_field(name)
        return json_field.get_default() if json_field.has_default() else {}
    if erase == privacy.BINARY:
        return None
    raise ValueError(erase)


def erase_family(
    family: Family,
    *,
    dry_run: bool = False,
    request=None,
    user=None,
    ground: str = "retention",
) -> Erasure:
    """Erase the family's personal data (or, with dry_run, only count the rows it would touch).

    `ground` starts the audit event's detail ("retention", "on request #12"); `request` and `user`
    make the event attributable to the person who approved an erasure on request."""
    erasure = Erasure(family.pk, family.closed_at)
    with transaction.atomic():
        for entry in privacy.entries():
            if entry.family_path is None:
                continue
            model = privacy.model_of(entry)
            rows = model.objects.filter(**{entry.family_path: family.pk})
            count = rows.count()
            if not count:
                continue
            erasure.rows[entry.model] = count
            if dry_run:
                continue
            updates = {
                name: _value(model, name, erase)
                for name, (_category, erase) in entry.fields.items()
                if erase not in (privacy.BIRTH_DATE, privacy.KEEP)
            }
            for name, (_category, erase) in entry.fields.items():
                if erase == privacy.BIRTH_DATE:
                    _keep_birth_year(rows, name)
            if updates:
                _update(rows, **updates)
        scans = ConsentScan.objects.filter(entry__family=family).count()
        if scans:
            erasure.rows["consent.ConsentScan"] = scans
        if not dry_run:
            consent.erase_scans(family)  # the records now, their files after the commit
            Family.objects.filter(pk=family.pk).update(erased_at=timezone.now())
            counts = ", ".join(f"{m} {n}" for m, n in sorted(erasure.rows.items()))
            record(request, Action.ERASE, family, user=user, detail=f"{ground}: {counts}")
    return erasure


def _update(rows, **values) -> None:
    """Erasure is the one sanctioned change of an append-only record (the consent ledger): its
    personal text goes, the decisions stay. So the plain QuerySet.update, past the guard."""
    models.QuerySet.update(rows, **values)


def _keep_birth_year(rows, name: str) -> None:
    dated = rows.exclude(**{f"{name}__isnull": True}).order_by()
    for year in set(dated.values_list(f"{name}__year", flat=True)):
        _update(rows.filter(**{f"{name}__year": year}), **{name: date(year, 1, 1)})


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> list[Erasure]:
    return [erase_family(family, dry_run=dry_run) for family in expired_families(now)]
