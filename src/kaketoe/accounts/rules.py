"""Who needs a second person, and who that may be (issue 15, M1). Pure rules, no database.

An organisation administrator sees no cases. Without a second person he could still give himself
every case: add a "team lead" with an address of his own and log in as them. So every grant that
adds access waits until a privacy officer or another administrator of the same organisation
approves it, and never the one who asked for it, nor the person it is for.
"""

from __future__ import annotations

from kaketoe.accounts.models import Role

# Roles that decide on grants: a privacy officer, or a second organisation administrator.
APPROVER_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.ORG_ADMIN})
# Roles that see cases: every role except those two (cases/access.py, NO_CASE_ROLES).
CASE_ROLES = frozenset(set(Role) - APPROVER_ROLES)


def sees_cases(role: str) -> bool:
    return role in CASE_ROLES


def needs_second_person(
    role: str, sees_all: bool, *, from_role: str | None = None, from_sees_all: bool = False
) -> bool:
    """Does giving someone `role` (and organisation-wide visibility) need a second person?

    A new account (from_role None) always does: its role either sees cases or decides on
    grants, and an approver made alone would approve the next grant alone. A change does when it
    adds organisation-wide visibility or changes the role; taking visibility away does not."""
    if from_role is None:
        return True
    if sees_all and not from_sees_all:
        return True
    return role != from_role and (sees_cases(role) or role in APPROVER_ROLES)


def reset_needs_second_person(role: str) -> bool:
    """Resetting a lost authenticator: a second person for roles that see cases."""
    return sees_cases(role)


def may_decide(approver, grant) -> bool:
    """May `approver` (a user with a membership) approve or reject `grant`?

    A privacy officer or an organisation administrator of the grant's organisation, whose own
    account is active, who did not ask for the grant and is not the person it is for."""
    membership = getattr(approver, "membership", None)
    return bool(
        membership is not None
        and approver.is_active
        and membership.role in APPROVER_ROLES
        and membership.organisation_id == grant.organisation_id
        and approver.pk != grant.requested_by_id
        and approver.pk != grant.user_id
    )
