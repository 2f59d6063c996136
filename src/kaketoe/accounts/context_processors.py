from kaketoe.audit.models import ErasureRequest
from kaketoe.cases import access, start


def open_erasure_requests(user) -> int:
    waiting = access.erasure_requests(user).filter(status=ErasureRequest.Status.REQUESTED)
    return waiting.count()


def open_grants(user) -> int:
    from kaketoe.accounts.grant_views import waiting_for

    return len(waiting_for(user))


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = access.membership_of(user)
    can_read_audit = access.can_read_audit(user)
    return {
        "membership": membership,
        # Privacy officers and administrators work on no case: no caseload in their menu.
        "has_caseload": not (membership and start.has_no_caseload(membership.role)),
        "can_see_team_overview": access.can_see_team_overview(user),
        # Erasure requests waiting for a decision: shown on the privacy officer's start page.
        "open_erasures": open_erasure_requests(user) if can_read_audit else 0,
        "can_read_audit": can_read_audit,
        # Changes of access waiting for this privacy officer's or administrator's approval (M1).
        "open_grants": open_grants(user),
        "can_create_family": access.can_create_family(user),
        "can_manage_organisation": access.can_manage_organisation(user),
        "can_see_cohort": access.can_see_cohort(user),
        "can_break_glass": access.can_break_glass(user),
    }
