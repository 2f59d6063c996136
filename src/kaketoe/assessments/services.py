"""Saving step-1A instruments: all or nothing, with the timeline and audit log written."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kaketoe.assessments.forms import note_digest
from kaketoe.assessments.models import ChildFactor, PreconditionAnswer, ProtectiveMeasure
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, Person, TimelineEvent


@dataclass(frozen=True)
class Conflict:
    child_id: int | None
    code: str
    their_status: str
    their_note: str
    by: str


class EditConflict(Exception):
    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} items changed meanwhile")
        self.conflicts = conflicts


def current_answers(family: Family, version: str, *, lock: bool = False) -> dict:
    answers = PreconditionAnswer.objects.filter(family=family, catalogue_version=version)
    if lock:
        answers = answers.select_for_update(of=("self",))
    return {(a.child_id, a.item_code): a for a in answers.select_related("assessed_by")}


@transaction.atomic
def save_checklist(request, actor, family: Family, version: str, entries) -> int:
    """Write the changed answers. If anyone saved one of them since the form was opened,
    raise EditConflict listing what they saved, and write nothing."""
    current = current_answers(family, version, lock=True)
    changes, conflicts = [], []
    for child_id, code, status, note, seen in entries:
        if not _user_changed(status, note, seen):
            continue
        answer = current.get((child_id, code))
        if answer and (answer.status, answer.note) == (status, note):
            continue  # someone already saved exactly this
        if (answer.version if answer else 0) != _seen_version(seen):
            conflicts.append(
                Conflict(child_id, code, answer.status, answer.note, str(answer.assessed_by or ""))
            )
        changes.append((child_id, code, status, note, answer))
    if conflicts:
        raise EditConflict(conflicts)
    now = timezone.now()
    for child_id, code, status, note, answer in changes:
        if answer is None:
            answer = PreconditionAnswer(
                family=family,
                child_id=child_id,
                item_code=code,
                catalogue_version=version,
                version=0,
            )
        answer.status, answer.note, answer.assessed_by, answer.assessed_at = (
            status,
            note,
            actor,
            now,
        )
        answer.version += 1
        answer.save()
    if changes:
        TimelineEvent.objects.create(
            family=family,
            kind=TimelineEvent.Kind.PRECONDITIONS,
            actor=actor,
            subject=f"{len(changes)} items",
        )
        record(
            request,
            Action.CHANGE,
            family,
            user=actor,
            detail=f"preconditions: {', '.join(c[1] for c in changes)}"[:300],
        )
    return len(changes)


def _user_changed(status: str, note: str, seen: str) -> bool:
    _version, _sep, rest = seen.partition(":")
    seen_status, _sep, digest = rest.partition(":")
    return (status, note_digest(note)) != (seen_status, digest)


def _seen_version(seen: str) -> int:
    head = seen.partition(":")[0]
    return int(head) if head.isdigit() else -1


@transaction.atomic
def add_factor(request, actor, child: Person, version: str, **fields) -> ChildFactor:
    factor = ChildFactor.objects.create(
        child=child, catalogue_version=version, recorded_by=actor, **fields
    )
    _changed(request, actor, child, factor, TimelineEvent.Kind.FACTORS)
    return factor


@transaction.atomic
def withdraw_factor(request, actor, factor: ChildFactor) -> None:
    factor.withdrawn_at = timezone.now()
    factor.save(update_fields=["withdrawn_at"])
    _changed(request, actor, factor.child, factor, TimelineEvent.Kind.FACTORS, "withdrawn")


@transaction.atomic
def add_measure(request, actor, child: Person, version: str, **fields) -> ProtectiveMeasure:
    measure = ProtectiveMeasure.objects.create(
        child=child, catalogue_version=version, recorded_by=actor, **fields
    )
    _changed(request, actor, child, measure, TimelineEvent.Kind.MEASURES)
    return measure


def _changed(request, actor, child: Person, obj, kind: str, detail: str = "") -> None:
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
