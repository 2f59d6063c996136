"""The privacy officer's view of the audit log: a queryset and a filter, nothing else."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kaketoe.audit.models import AuditEvent, ListedFamily


def filtered_events(
    family_ids, actor_ids, *, case=None, user="", action="", since=None, until=None
) -> QuerySet[AuditEvent]:
    """Events on the given cases, plus case-less events (logins…) of the given users.

    The allowed cases and users are correlated EXISTS tests rather than IN lists: the database
    then walks the log newest first by its `at` index and stops after one page, instead of
    collecting every allowed event (a large share of the log) and sorting it (issue 9).
    """
    events = AuditEvent.objects.filter(
        Q(_contains(family_ids, "family_id"))
        | Q(Q(family_id__isnull=True), _contains(actor_ids, "actor_id"))
        | Q(Q(family_id__isnull=True), _listed(family_ids))
    )
    if case:
        listed = ListedFamily.objects.filter(event_id=OuterRef("pk"), family_id=case)
        events = events.filter(Q(family_id=case) | Q(Exists(listed)))
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


def _contains(ids: QuerySet, outer: str) -> Exists:
    """EXISTS (ids WHERE its single column = the event's `outer` column)."""
    (column,) = ids.query.values_select
    return Exists(ids.filter(**{column: OuterRef(outer)}))


def _listed(family_ids: QuerySet) -> Exists:
    """A list or export event (audit/listing.py) that showed one of these families."""
    (column,) = family_ids.query.values_select
    listed = ListedFamily.objects.filter(event_id=OuterRef("pk"))
    return Exists(listed.filter(Exists(family_ids.filter(**{column: OuterRef("family_id")}))))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
