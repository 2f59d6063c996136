"""The privacy officer's view of the audit log: a queryset and a filter, nothing else."""

from __future__ import annotations

from django.db.models import QuerySet

from kaketoe.audit.models import AuditEvent


def filtered_events(
    family_ids, *, case=None, user="", action="", since=None, until=None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(family_id__in=family_ids)
    if case:
        events = events.filter(family_id=case)
    if user:
        events = events.filter(actor_username=user)
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
