"""Where each role starts its day (issue 17 §3): the page where its work is, not an empty
caseload. A pure rule on the membership's facts, used by the login and by "/"."""

from __future__ import annotations

from kaketoe.accounts.models import Role

CASELOAD = "cases:caseload"


def start_page(role: str | None, *, abroad: bool = False, sees_all: bool = False) -> str:
    """The URL name a user of this role lands on after logging in.

    Privacy officer: the audit log (with the erasure requests waiting for a decision).
    Organisation administrator: the organisation page. Partner abroad: the families abroad
    with their due visits. Team lead (sees every case of the organisation): the team overview.
    Everyone else: their caseload."""
    if role == Role.PRIVACY_OFFICER:
        return "audit:log"
    if role == Role.ORG_ADMIN:
        return "accounts:organisation"
    if abroad:
        return "monitoring:families"
    if sees_all:
        return "cases:team_overview"
    return CASELOAD


def start_page_of(user) -> str:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None:
        return CASELOAD
    return start_page(
        membership.role,
        abroad=membership.organisation.is_abroad_partner,
        sees_all=membership.sees_all_organisation_cases,
    )


def has_no_caseload(role: str | None) -> bool:
    """Roles that never work on a case themselves: "/" sends them to their start page."""
    return role in {Role.PRIVACY_OFFICER, Role.ORG_ADMIN}
