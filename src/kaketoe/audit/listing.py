"""Bulk reads tied to cases (issue 15, M2): one audit event per list page or export, linked to
every family it showed.

`record_listing` writes the event through the one helper (services.record) and a ListedFamily
row per family. The event's detail names how many families and a digest of their sorted ids, so
the hash chain also vouches for the links: `listing_digest` recomputes it. The privacy
officer's log (audit/queries.py) finds the event from each listed case.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import transaction

from kaketoe.audit.models import AuditEvent, ListedFamily
from kaketoe.audit.services import record


def listing_digest(family_ids: Iterable[int]) -> str:
    ids = ",".join(str(pk) for pk in sorted(set(family_ids)))
    return hashlib.sha256(ids.encode()).hexdigest()[:16]


@transaction.atomic
def record_listing(request, action: str, family_ids: Iterable[int], what: str) -> AuditEvent:
    """One event for a page or file that showed `family_ids` (`what` says which)."""
    ids = sorted({pk for pk in family_ids if pk is not None})
    detail = f"{what}: {len(ids)} families #{listing_digest(ids)}"
    event = record(request, action, detail=detail)
    ListedFamily.objects.bulk_create(
        [ListedFamily(event_id=event.pk, family_id=pk) for pk in ids], batch_size=500
    )
    return event
