"""Recording consent, withdrawing it and handing a case over. Each writes the timeline and the
audit log explicitly, in one transaction with the change itself."""

from __future__ import annotations

from datetime import date
from functools import partial

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe import uploads
from kaketoe.accounts.models import Organisation
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, TimelineEvent
from kaketoe.consent import rules
from kaketoe.consent.models import ConsentEntry, ConsentScan, Decision, Handover, Purpose


class ConsentError(Exception):
    """The operation is refused; the message says why, in the user's language."""


def _event(family: Family, kind: str, actor, subject: str, params=None) -> None:
    """`params` let the timeline render the subject in the reader's language (cases/timeline.py)."""
    TimelineEvent.objects.create(
        family=family, kind=kind, actor=actor, subject=subject[:200], params=params or {}
    )


def _params(entry: ConsentEntry, **extra) -> dict:
    return {
        "purpose": entry.purpose,
        "organisation": str(entry.organisation),
        "decision": entry.decision,
        **extra,
    }


def _lock(family: Family) -> None:
    """Serialise consent changes and handovers of one family."""
    Family.objects.select_for_update().filter(pk=family.pk).first()


def ledger(family: Family) -> list[ConsentEntry]:
    return list(
        family.consents.select_related("organisation", "given_by", "recorded_by").order_by(
            "-recorded_on", "-pk"
        )
    )


@transaction.atomic
def record_consent(request, actor, entry: ConsentEntry) -> ConsentEntry:
    """Add a decision (given or refused) to the family's ledger."""
    if entry.decision == Decision.WITHDRAWN:
        raise ConsentError(_("Use 'Withdraw' to record a withdrawal."))
    return _append(request, actor, entry)


@transaction.atomic
def withdraw(request, actor, consent: ConsentEntry, withdrawal: ConsentEntry) -> ConsentEntry:
    """Record that `consent` was withdrawn; a handover that relied on it ends at once."""
    _lock(consent.family)
    today = timezone.localdate()
    if not rules.can_withdraw(consent, ledger(consent.family), today):
        raise ConsentError(_("This consent is no longer the latest decision; nothing to withdraw."))
    if withdrawal.recorded_on and withdrawal.recorded_on < consent.recorded_on:
        raise ConsentError(_("A withdrawal cannot be dated before the consent it withdraws."))
    withdrawal.family = consent.family
    withdrawal.purpose, withdrawal.organisation = consent.purpose, consent.organisation
    withdrawal.decision, withdrawal.scope = Decision.WITHDRAWN, consent.scope
    return _append(request, actor, withdrawal)


def _append(request, actor, entry: ConsentEntry) -> ConsentEntry:
    _lock(entry.family)
    entry.recorded_by = actor
    entry.full_clean()
    entry.save()
    _event(entry.family, TimelineEvent.Kind.CONSENT, actor, _describe(entry), _params(entry))
    record(request, Action.CREATE, entry, user=actor, detail=f"{entry.purpose} {entry.decision}")
    _end_handovers_without_consent(request, actor, entry)
    return entry


def _describe(entry: ConsentEntry) -> str:
    return _("%(purpose)s to %(organisation)s: %(decision)s") % {
        "purpose": entry.get_purpose_display(),
        "organisation": entry.organisation,
        "decision": entry.get_decision_display().lower(),
    }


def _end_handovers_without_consent(request, actor, entry: ConsentEntry) -> None:
    if entry.purpose != Purpose.HANDOVER:
        return
    today = timezone.localdate()
    if rules.valid_consent(ledger(entry.family), entry.purpose, entry.organisation_id, today):
        return
    for handover in entry.family.handovers.filter(
        organisation=entry.organisation, ended_at__isnull=True
    ):
        handover.ended_at = timezone.now()
        handover.save(update_fields=["ended_at"])
        _event(
            entry.family,
            TimelineEvent.Kind.HANDOVER,
            actor,
            _("ended: %s") % handover.organisation,
            {"form": "ended", "organisation": str(handover.organisation)},
        )
        record(request, Action.CHANGE, handover, user=actor, detail="ended: no valid consent")


@transaction.atomic
def hand_over(
    request, actor, family: Family, organisation: Organisation, today: date | None = None
) -> Handover:
    """Hand the case over to a partner organisation abroad; refused without valid consent."""
    _lock(family)
    today = today or timezone.localdate()
    entries = ledger(family)
    if not organisation.is_abroad_partner:
        raise ConsentError(_("A case can only be handed over to a partner organisation abroad."))
    if not rules.valid_consent(entries, Purpose.HANDOVER, organisation.pk, today):
        raise ConsentError(
            _(
                "The case was not handed over: there is no valid consent of a parent or "
                "guardian to hand it over to %(organisation)s. Record that consent first."
            )
            % {"organisation": organisation}
        )
    if family.handovers.filter(organisation=organisation, ended_at__isnull=True).exists():
        raise ConsentError(_("The case is already handed over to %s.") % organisation)
    consent = rules.decisive_entry(entries, Purpose.HANDOVER, organisation.pk, today)
    handover = Handover.objects.create(
        family=family, organisation=organisation, consent=consent, handed_over_by=actor
    )
    _event(family, TimelineEvent.Kind.HANDOVER, actor, str(organisation))
    record(request, Action.EXPORT, handover, user=actor, detail=f"handed over to {organisation}")
    return handover


# -- scans of signed forms -----------------------------------------------------------------------


def attach_scan(request, actor, entry: ConsentEntry, checked: uploads.CheckedFile) -> ConsentScan:
    """Attach a checked scan to a ledger entry (the entry itself stays as it is).

    The encrypted file is written first, then the record, the timeline and the audit event in
    one transaction; if that transaction fails, the file is removed again."""
    stored_name = uploads.save(checked)
    try:
        with transaction.atomic():
            scan = ConsentScan.objects.create(
                entry=entry,
                label=checked.label,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                stored_name=stored_name,
                uploaded_by=actor,
            )
            subject = _("scan of the signed form attached: %s") % _describe(entry)
            params = _params(entry, form="scan")
            _event(entry.family, TimelineEvent.Kind.CONSENT, actor, subject, params)
            record(request, Action.CREATE, scan, user=actor, detail=f"scan {scan.content_type}")
    except BaseException:
        uploads.delete(stored_name)
        raise
    return scan


def open_scan(request, actor, scan: ConsentScan) -> bytes:
    """The decrypted scan, for a user the view let through; audited as an export."""
    data = uploads.read(scan.stored_name)
    record(request, Action.EXPORT, scan, user=actor, detail=f"scan download {scan.content_type}")
    return data


def scans_by_entry(family: Family) -> dict[int, list[ConsentScan]]:
    """The family's scans per ledger entry, newest first, in one query."""
    by_entry: dict[int, list[ConsentScan]] = {}
    for scan in ConsentScan.objects.filter(entry__family=family):
        by_entry.setdefault(scan.entry_id, []).append(scan)
    return by_entry


def rotate_scan_key(*, dry_run: bool = False) -> tuple[int, int]:
    """Key rotation for the scan files (run by `rotate_encryption_key`): each file that an older
    key encrypted is stored again with the first key and its record pointed at the new file;
    the old file goes once that is committed. Returns (files read, files re-encrypted)."""
    read = changed = 0
    for scan in ConsentScan.objects.order_by("pk").only("pk", "stored_name").iterator():
        read += 1
        if uploads.uses_primary_key(scan.stored_name):
            continue
        changed += 1
        if dry_run:
            continue
        new_name = uploads.reencrypt(scan.stored_name)
        with transaction.atomic():
            # The file's place in storage, not the scan, changes: past the append-only guard.
            models.QuerySet.update(ConsentScan.objects.filter(pk=scan.pk), stored_name=new_name)
            transaction.on_commit(partial(uploads.delete, scan.stored_name))
    return read, changed


def erase_scans(family: Family) -> int:
    """For erasure of the whole case (retention, or on request): the scan records go now, their
    files once the transaction has committed. Returns the number of scans."""
    scans = ConsentScan.objects.filter(entry__family=family)
    names = list(scans.values_list("stored_name", flat=True))
    models.QuerySet.delete(scans)  # erasure is the one sanctioned removal, past the guard
    transaction.on_commit(lambda: [uploads.delete(name) for name in names])
    return len(names)
