"""Saving step-1A instruments: all or nothing, with the timeline and audit log written."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kaketoe.assessments import instruments, rules
from kaketoe.assessments.forms import note_digest
from kaketoe.assessments.models import (
    AssessmentVersion,
    BestInterestsAssessment,
    ChildFactor,
    PreconditionAnswer,
    ProtectiveMeasure,
    SafetyAssessment,
    SignOff,
)
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, Person, TimelineEvent
from kaketoe.consent.models import Decision, Handover, Purpose


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
    return int(head) if head.isdecimal() and len(head) < 10 else -1


@transaction.atomic
def add_factor(request, actor, child: Person, version: str, **fields) -> ChildFactor:
    factor = ChildFactor.objects.create(
        child=child, catalogue_version=version, recorded_by=actor, **fields
    )
    _changed(request, actor, child, factor, TimelineEvent.Kind.FACTORS)
    return factor


def record_factor(request, actor, child: Person, catalogue, data: dict) -> ChildFactor:
    """A factor from the validated factor form (page or API): a catalogue factor takes its
    level, phase and kind from the catalogue version it was chosen from."""
    if data["code"]:
        entry = next(e for e in instruments.factor_entries(catalogue) if e["code"] == data["code"])
        fields = {key: entry[key] for key in ("code", "level", "phase", "kind")}
    else:
        fields = {key: data[key] for key in ("free_text", "level", "phase", "kind")}
    return add_factor(request, actor, child, catalogue.version, note=data["note"], **fields)


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


class StaleAssessment(Exception):
    def __init__(self, changed: list[str], by: str):
        super().__init__("assessment changed meanwhile")
        self.changed, self.by = changed, by


class NotAllowed(Exception):
    pass


def snapshot(assessment: BestInterestsAssessment) -> dict:
    return {
        "findings": assessment.findings,
        "child_view": assessment.child_view,
        "child_heard_how": assessment.child_heard_how,
        "child_heard_by": assessment.child_heard_by,
        "conclusion": assessment.conclusion,
        "recommendations": assessment.recommendations,
        "partner_contribution": assessment.partner_contribution,
        "status": assessment.status,
        "participants": sorted(assessment.participants.values_list("pk", flat=True)),
    }


@transaction.atomic
def save_best_interests(
    request,
    actor,
    child: Person,
    version: str,
    expected: int,
    *,
    findings: dict,
    participants,
    **fields,
) -> BestInterestsAssessment:
    """Save the child's current assessment as a new version; refuse if it is final or if
    someone saved after `expected` (saying what they changed)."""
    assessment = (
        BestInterestsAssessment.objects.select_for_update(of=("self",)).filter(child=child).first()
    )
    if assessment is None:
        assessment = BestInterestsAssessment(child=child, catalogue_version=version)
    if assessment.is_final:
        raise NotAllowed
    if assessment.version != expected:
        raise _stale(assessment, expected)
    assessment.findings = findings
    for name, value in fields.items():
        setattr(assessment, name, value)
    _save_version(request, actor, assessment, participants)
    return assessment


def partner_involved(family: Family) -> bool:
    """A handover to a partner organisation abroad exists (not ended) or is planned (a
    handover consent was given): then the partner helps determine the child's interests."""
    return (
        Handover.objects.filter(family=family, ended_at__isnull=True).exists()
        or family.consents.filter(purpose=Purpose.HANDOVER, decision=Decision.GIVEN).exists()
    )


def signers(assessment: BestInterestsAssessment) -> list[rules.Signer]:
    return [
        rules.Signer(s.user_id, s.organisation_id, s.role)
        for s in assessment.sign_offs.filter(version=assessment.signed_version)
    ]


def sign_off_missing(assessment: BestInterestsAssessment) -> list[str]:
    return rules.sign_off_missing(
        signers(assessment),
        partner_involved=partner_involved(assessment.child.family),
        partner_recorded=bool(assessment.partner_contribution.strip()),
    )


@transaction.atomic
def sign_off_best_interests(
    request, actor, assessment: BestInterestsAssessment, expected: int
) -> bool:
    """`actor` signs the version they read off; the assessment becomes final once the
    sign-offs of that version are complete (rules.sign_off_missing). True when it is final."""
    locked = BestInterestsAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.version != expected:
        raise _stale(locked, expected)
    if locked.is_final:
        raise NotAllowed
    membership = actor.membership
    SignOff.objects.get_or_create(
        assessment=locked,
        version=locked.version,
        user=actor,
        defaults={"organisation_id": membership.organisation_id, "role": membership.role},
    )
    record(
        request,
        Action.CHANGE,
        locked,
        user=actor,
        family_id=locked.child.family_id,
        detail=f"signed off v{locked.version}",
    )
    if sign_off_missing(locked):
        return False
    locked.status, locked.finalised_by, locked.finalised_at = (
        BestInterestsAssessment.Status.FINAL,
        actor,
        timezone.now(),
    )
    _save_version(request, actor, locked, None, kind=TimelineEvent.Kind.BEST_INTERESTS_FINAL)
    return True


@transaction.atomic
def reopen_best_interests(request, actor, assessment: BestInterestsAssessment) -> None:
    """A final assessment is never changed: reopening starts a new draft version from it."""
    locked = BestInterestsAssessment.objects.select_for_update().get(pk=assessment.pk)
    locked.status, locked.finalised_by, locked.finalised_at = (
        BestInterestsAssessment.Status.DRAFT,
        None,
        None,
    )
    _save_version(request, actor, locked, None)


def _save_version(
    request, actor, assessment, participants, kind: str = TimelineEvent.Kind.BEST_INTERESTS
) -> None:
    assessment.version += 1
    assessment.updated_by, assessment.updated_at = actor, timezone.now()
    assessment.save()
    if participants is not None:
        assessment.participants.set(participants)
    AssessmentVersion.objects.create(
        assessment=assessment,
        number=assessment.version,
        snapshot=snapshot(assessment),
        saved_by=actor,
    )
    _changed(request, actor, assessment.child, assessment, kind, f"v{assessment.version}")


def _stale(assessment, expected: int) -> StaleAssessment:
    before = assessment.versions.filter(number=expected).first()
    changed = rules.changed_fields(before.snapshot if before else {}, snapshot(assessment))
    return StaleAssessment(changed, str(assessment.updated_by or ""))


@transaction.atomic
def record_safety(
    request, actor, family: Family, *, sources: list[dict], **fields
) -> SafetyAssessment:
    assessment = SafetyAssessment.objects.create(
        family=family, assessed_by=actor, sources=sources, **fields
    )
    TimelineEvent.objects.create(
        family=family, kind=TimelineEvent.Kind.SAFETY, actor=actor, subject=assessment.place
    )
    record(request, Action.CREATE, assessment, user=actor, family_id=family.pk)
    return assessment
