"""Erasure on request (GDPR art. 17) as plain functions, tested without a database.

Who may ask and who may decide (a privacy officer of an organisation that works on the case) is
decided in cases/access.py. These rules say when: each returns None when the step may go ahead,
or the message that says why not.

- The reason says who asked and on what ground, in at least MIN_REASON characters.
- A case has at most one open request, and a case already erased cannot be erased again.
- While a consent of the family is in force (a handover or monitoring by a partner abroad), the
  erasure waits: the team records the withdrawal in the consent ledger first, which ends the
  partner's access. The ledger then shows why sharing stopped; the erasure empties its free text.
- Only an open request can be decided, and never by the person who asked for it: the second
  privacy officer is the check that the right case is erased, for a sound reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

MIN_REASON = 30
MIN_REJECTION_NOTE = 10


def role_refusal(allowed: bool) -> str | None:
    """`allowed` comes from cases/access.py (can_request_erasure, can_approve_erasure)."""
    if not allowed:
        return _("Only a privacy officer of an organisation that works on this case may do this.")
    return None


def reason_refusal(reason: str) -> str | None:
    if len(reason.strip()) < MIN_REASON:
        return _(
            "Say who asked for the erasure, when and how, and on what ground "
            "(at least %(count)s characters)."
        ) % {"count": MIN_REASON}
    return None


def request_refusal(*, erased: bool, open_request: bool, consents_in_force: int) -> str | None:
    """Why this case cannot get a new erasure request now, or None."""
    if erased:
        return _("The personal data of this case has already been erased.")
    if open_request:
        return _("This case already has an erasure request waiting for a decision.")
    return consent_refusal(consents_in_force)


def consent_refusal(consents_in_force: int) -> str | None:
    if consents_in_force:
        return _(
            "A consent of this family is still in force (handover or monitoring by a partner "
            "abroad). The team first records its withdrawal in the consent ledger."
        )
    return None


def decision_refusal(*, is_open: bool, requested_by_id: int, decider_id: int) -> str | None:
    """Why this person cannot approve or reject this request, or None."""
    if not is_open:
        return _("This erasure request has already been decided.")
    if requested_by_id == decider_id:
        return _("You asked for this erasure: another privacy officer must decide on it.")
    return None


def erasure_refusal(*, case_exists: bool, erased: bool, consents_in_force: int) -> str | None:
    """Why the case cannot be erased now, or None. Checked when the request is shown and again
    when it is approved: the case may have changed since it was asked for."""
    if not case_exists:
        return _("This case no longer exists.")
    if erased:
        return _("The personal data of this case has already been erased.")
    return consent_refusal(consents_in_force)


def rejection_note_refusal(note: str) -> str | None:
    if len(note.strip()) < MIN_REJECTION_NOTE:
        return _("Say why you reject the request (at least %(count)s characters).") % {
            "count": MIN_REJECTION_NOTE
        }
    return None
