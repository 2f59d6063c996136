"""Erasure on request (GDPR art. 17): one privacy officer asks, a second one approves or rejects.

Approval and the erasure are one transaction: if anything fails, nothing changes, not even the
audit events. Each step is an audit event on the case: "created" (the request), "erased" (by the
approver, listing what was erased) and "changed" (the decision). The reasons stay in the request,
not in the append-only log. The procedure is described in docs/erasure.md.
"""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from kaketoe.audit import retention, rules
from kaketoe.audit.models import ErasureRequest
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Family
from kaketoe.consent import rules as consent_rules
from kaketoe.consent.models import ConsentEntry

Status = ErasureRequest.Status


class ErasureRefused(Exception):
    """The step may not go ahead; the message says why (translated, for the user)."""


def consents_in_force(family: Family) -> int:
    """How many of the family's consents (per purpose and organisation) are in force today."""
    today = timezone.localdate()
    deciding = consent_rules.decisive_entries(ConsentEntry.objects.filter(family=family), today)
    return sum(consent_rules.is_in_force(entry, today) for entry in deciding.values())


def preview(family: Family) -> list[tuple[str, int]]:
    """What an erasure would touch, counted without changing anything."""
    return rows_for_display(retention.erase_family(family, dry_run=True).rows)


def rows_for_display(rows: dict[str, int]) -> list[tuple[str, int]]:
    """(kind of record, how many) for the page, from model labels such as "cases.Person"."""
    return [(_kind(label), n) for label, n in rows.items()]


def _kind(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:  # a model removed since the erasure: its label still says what it was
        return label


def _refuse_if(message: str | None) -> None:
    if message:
        raise ErasureRefused(message)


def request_erasure(request, user, family: Family, reason: str) -> ErasureRequest:
    _refuse_if(rules.role_refusal(access.can_request_erasure(user, family)))
    _refuse_if(rules.reason_refusal(reason))
    with transaction.atomic():
        family = Family.objects.select_for_update().get(pk=family.pk)  # one request at a time
        _refuse_if(
            rules.request_refusal(
                erased=family.erased_at is not None,
                open_request=family.erasure_requests.filter(status=Status.REQUESTED).exists(),
                consents_in_force=consents_in_force(family),
            )
        )
        erasure = ErasureRequest.objects.create(
            family=family,
            case_reference=family.reference,
            organisation=user.membership.organisation,
            requested_by=user,
            reason=reason.strip(),
        )
        record(request, Action.CREATE, erasure, user=user, detail=f"erasure request #{erasure.pk}")
    return erasure


def erasure_refusal(erasure: ErasureRequest, family: Family | None = None) -> str | None:
    """Why the request's case cannot be erased now (gone, already erased, consent in force)."""
    family = family or Family.objects.filter(pk=erasure.family_id).first()
    return rules.erasure_refusal(
        case_exists=family is not None,
        erased=family is not None and family.erased_at is not None,
        consents_in_force=consents_in_force(family) if family else 0,
    )


def approve(request, user, erasure: ErasureRequest, note: str = "") -> ErasureRequest:
    """Erase the case's personal data and mark the request carried out, in one transaction."""
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        family = Family.objects.select_for_update().filter(pk=erasure.family_id).first()
        _refuse_if(
            rules.decision_refusal(
                is_open=erasure.is_open,
                requested_by_id=erasure.requested_by_id,
                decider_id=user.pk,
            )
            or erasure_refusal(erasure, family)
            or rules.role_refusal(access.can_approve_erasure(user, erasure))
        )
        done = retention.erase_family(
            family, request=request, user=user, ground=f"on request #{erasure.pk}"
        )
        _decide(erasure, user, Status.CARRIED_OUT, note, erased_rows=done.rows)
        record(request, Action.CHANGE, erasure, user=user, detail=f"erasure #{erasure.pk} approved")
    return erasure


def reject(request, user, erasure: ErasureRequest, note: str) -> ErasureRequest:
    """Close the request without erasing anything; the note says why."""
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        _refuse_if(
            rules.decision_refusal(
                is_open=erasure.is_open,
                requested_by_id=erasure.requested_by_id,
                decider_id=user.pk,
            )
        )
        _refuse_if(rules.role_refusal(access.can_approve_erasure(user, erasure)))
        _refuse_if(rules.rejection_note_refusal(note))
        _decide(erasure, user, Status.REJECTED, note)
        record(request, Action.CHANGE, erasure, user=user, detail=f"erasure #{erasure.pk} rejected")
    return erasure


def _decide(erasure: ErasureRequest, user, status: str, note: str, **fields) -> None:
    erasure.status = status
    erasure.decided_by = user
    erasure.decided_at = timezone.now()
    erasure.decision_note = note.strip()
    for name, value in fields.items():
        setattr(erasure, name, value)
    erasure.save()
