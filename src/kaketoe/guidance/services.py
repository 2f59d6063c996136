"""Recording step-2 guidance: every change writes the timeline and the audit log.

Views, commands and tests all call these functions; none of them checks access (the caller
fetched the child or family through cases.access with edit=True).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, Person, TimelineEvent
from kaketoe.guidance import rules
from kaketoe.guidance.forms import HANDOVER_FIELDS
from kaketoe.guidance.models import (
    GriefNote,
    ParentConversation,
    SchoolHandover,
    SchoolHandoverVersion,
    SignalObservation,
)


class StaleHandover(Exception):
    """Someone saved the handover after the version the user started from."""

    def __init__(self, changed: list[str], by: str):
        super().__init__("school handover changed meanwhile")
        self.changed, self.by = changed, by


@transaction.atomic
def record_signal(request, actor, child: Person, version: str, **fields) -> SignalObservation:
    signal = SignalObservation.objects.create(
        child=child, catalogue_version=version, recorded_by=actor, **fields
    )
    _written(request, actor, child, signal, TimelineEvent.Kind.SIGNAL)
    return signal


@transaction.atomic
def note_grief(request, actor, child: Person, **fields) -> GriefNote:
    note = GriefNote.objects.create(child=child, recorded_by=actor, **fields)
    _written(request, actor, child, note, TimelineEvent.Kind.GRIEF)
    return note


def snapshot(handover: SchoolHandover) -> dict:
    values = {name: getattr(handover, name) for name in HANDOVER_FIELDS}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@transaction.atomic
def save_school_handover(
    request, actor, child: Person, expected: int, changes: dict
) -> SchoolHandover:
    """Save the child's handover as a new version; refuse (saying what changed) if someone
    saved after version `expected`."""
    handover = SchoolHandover.objects.select_for_update().filter(child=child).first()
    if handover is None:
        handover = SchoolHandover(child=child)
    if handover.version != expected:
        before = handover.versions.filter(number=expected).first()
        seen = before.snapshot if before else snapshot(SchoolHandover())
        changed = rules.changed_fields(seen, snapshot(handover))
        raise StaleHandover(changed, str(handover.updated_by or ""))
    for name, value in changes.items():
        setattr(handover, name, value)
    handover.updated_by, handover.updated_at = actor, timezone.now()
    handover.full_clean(exclude=["child"])
    handover.version += 1
    handover.save()
    SchoolHandoverVersion.objects.create(
        handover=handover, number=handover.version, snapshot=snapshot(handover), saved_by=actor
    )
    _written(
        request, actor, child, handover, TimelineEvent.Kind.SCHOOL_HANDOVER, f"v{handover.version}"
    )
    return handover


@transaction.atomic
def record_parent_conversation(
    request, actor, family: Family, version: str, *, parents_present, **fields
) -> ParentConversation:
    talk = ParentConversation.objects.create(
        family=family, catalogue_version=version, recorded_by=actor, **fields
    )
    talk.parents_present.set(parents_present)
    TimelineEvent.objects.create(
        family=family,
        kind=TimelineEvent.Kind.PARENT_TALK,
        actor=actor,
        subject=talk.held_on.isoformat(),
    )
    record(request, Action.CREATE, talk, user=actor, family_id=family.pk)
    return talk


def _written(request, actor, child: Person, obj, kind: str, detail: str = "") -> None:
    TimelineEvent.objects.create(
        family_id=child.family_id, kind=kind, actor=actor, subject=child.full_name
    )
    record(
        request,
        Action.CHANGE if detail else Action.CREATE,
        obj,
        user=actor,
        family_id=child.family_id,
        detail=detail,
    )
