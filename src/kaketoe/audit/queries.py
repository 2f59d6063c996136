"""The privacy officer's view of the audit log: a queryset and a filter, nothing else."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from kaketoe.audit.models import AuditEvent


def filtered_events(
    family_ids, actor_ids, *, case=None, user="", action="", since=None, until=None
) -> QuerySet[AuditEvent]:
    """Events on the given cases, plus case-less events (logins…) of the given users."""
    events = AuditEvent.objects.filter(
        Q(family_id__in=family_ids) | Q(family_id__isnull=True, actor_id__in=actor_ids)
    )
    if case:
        events = events.filter(family_id=case)
    if user:
        events = events.filter(actor_username=user)
    if action:
        events = events.filter(action=action)
    # Whole local days as a range on `at` itself (not at__date), so the indexes serve it.
    if since:
        events = events.filter(at__gte=_start_of(since))
    if until:
        events = events.filter(at__lt=_start_of(until + timedelta(days=1)))
    return events


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
