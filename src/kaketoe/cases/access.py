"""The one place that decides who may see and change a case. Every view and API goes through it.

Need-to-know: a user sees a family only while they are an active member of its team, or when
their organisation explicitly granted them every case the organisation works on (team lead).
A user of a partner organisation abroad sees a family only while it is handed over to their
organisation and a parent's or guardian's consent to that handover is valid today (derived from
the consent ledger on every request, so a withdrawal or an expiry ends access at once); the team
plays no part for them, and they never change a case.
Break-glass: in an emergency, a user of a Dutch organisation in a role that does casework for
the child (BREAK_GLASS_ROLES) may open a case they are not on by giving a reason. That gives
read-only access for BREAK_GLASS_HOURS; every page they read in that time is audited with the
distinct action "break_glass", and the use is listed for the privacy officers.
Erasure on request (GDPR art. 17): a privacy officer asks for it for a case their organisation
works on; another privacy officer who may ask for it too decides (audit/rules.py, docs/erasure.md).
A refusal is a 404 (no hint that the case exists) and is written to the audit log.
A child's toolkit answers: seeing the case is not enough. The professional who held the session
sees what the child made in it; everyone else (team, teacher, partner abroad after the handover,
break-glass) only what the child chose to share with the team (`visible_answers`). Answers the
child shared with the parents go into the child's own take-home booklet, not to the team.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kaketoe.accounts.models import Organisation, Role
from kaketoe.audit.models import ErasureRequest
from kaketoe.audit.services import Action, record
from kaketoe.cases.models import BreakGlass, Family, Person, TeamMember
from kaketoe.consent.models import Handover
from kaketoe.toolkit.rules import SHARE_PARENTS, SHARE_TEAM

CREATE_ROLES = {Role.REGIEVOERDER, Role.CASE_MANAGER, Role.COUNSELLOR}
EDIT_ROLES = CREATE_ROLES | {Role.LAWYER, Role.CARE_WORKER, Role.GUARDIAN}
NO_CASE_ROLES = {Role.PRIVACY_OFFICER, Role.ORG_ADMIN}
# Who may make a best-interests assessment final: the steering return officer, the guardian,
# and care workers (psychologists who do such assessments).
SIGN_ROLES = {Role.REGIEVOERDER, Role.GUARDIAN, Role.CARE_WORKER}
COHORT_ORGANISATIONS = {Organisation.Kind.RETURN_ORGANISATION, Organisation.Kind.RETURN_AUTHORITY}
# Break-glass: the roles that act for a child in an emergency (not lawyers, teachers, guardians,
# partner workers abroad, privacy officers or administrators), for BREAK_GLASS_HOURS, read only.
BREAK_GLASS_ROLES = {Role.REGIEVOERDER, Role.CASE_MANAGER, Role.COUNSELLOR, Role.CARE_WORKER}
BREAK_GLASS_HOURS = 4
BREAK_GLASS_MIN_REASON = 20


def membership_of(user):
    if not user.is_authenticated or not user.is_active:  # inactive: waiting or deactivated
        return None
    return getattr(user, "membership", None)


def visible_families(user) -> QuerySet[Family]:
    membership = membership_of(user)
    if membership is None:
        return Family.objects.none()
    if membership.organisation.kind == Organisation.Kind.PARTNER_ABROAD:
        return _handed_over_to(membership)
    places = TeamMember.objects.filter(removed_at__isnull=True)
    if membership.sees_all_organisation_cases:
        places = places.filter(organisation_id=membership.organisation_id)
    else:
        places = places.filter(user=user)
    return Family.objects.filter(pk__in=places.values("family_id"))


def _handed_over_to(membership) -> QuerySet[Family]:
    """Families handed over to a partner organisation abroad under consent valid today."""
    if membership.role in NO_CASE_ROLES:
        return Family.objects.none()
    handovers = Handover.objects.in_force(timezone.localdate())
    handed_over = handovers.filter(organisation_id=membership.organisation_id)
    return Family.objects.filter(pk__in=handed_over.values("family_id"))


def team_candidates() -> QuerySet:
    """Users who may be put on a family's team (which gives them the case): active users of a
    Dutch organisation in a role that works on cases. Partners abroad get a case only through a
    consented handover; privacy officers and organisation administrators never through a team."""
    return (
        get_user_model()
        .objects.filter(is_active=True, membership__isnull=False)
        .exclude(membership__organisation__kind=Organisation.Kind.PARTNER_ABROAD)
        .exclude(membership__role__in=NO_CASE_ROLES)
    )


def can_create_family(user) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.role in CREATE_ROLES)


def can_edit_family(user, family: Family) -> bool:
    membership = membership_of(user)
    return bool(
        membership
        and membership.role in EDIT_ROLES
        and not membership.organisation.is_abroad_partner
        and visible_families(user).filter(pk=family.pk).exists()
    )


def can_edit_school_part(user, family: Family) -> bool:
    """The school's part of step 2 (the school handover and signals, handbook 4.5.4 and 4.7):
    the team editors, and a teacher who is on the family's team themselves. "The children of
    their school" is the team: Kaketoe does not link a child's school to an organisation (the
    handover's school is free text), so a teacher edits these for every child of a family whose
    team they are on; everything else stays read-only for them."""
    if can_edit_family(user, family):
        return True
    membership = membership_of(user)
    return bool(
        membership
        and membership.role == Role.TEACHER
        and not membership.organisation.is_abroad_partner
        and family.team.filter(user=user, removed_at__isnull=True).exists()
    )


def get_child_for_school_part(request, family_pk: int, child_pk: int) -> Person:
    """A child whose school handover and signals this user may change (can_edit_school_part);
    else 404, audited like any refused edit."""
    child = get_child(request, family_pk, child_pk)
    if not can_edit_school_part(request.user, child.family):
        record(request, Action.DENIED, family_id=family_pk, detail="edit school part")
        raise Http404
    if request.method == "GET":
        record(request, Action.VIEW, child.family, detail="edit form")
    return child


def can_monitor(user, family: Family) -> bool:
    """Monitoring after return (visits, progress reports, alerts): the workers of the partner
    organisation the family is handed over to under valid consent, and the Dutch team editors."""
    membership = membership_of(user)
    if membership is None:
        return False
    if membership.organisation.is_abroad_partner:
        return _handed_over_to(membership).filter(pk=family.pk).exists()
    return can_edit_family(user, family)


def can_hold_part_d_session(user, family: Family) -> bool:
    """After return a worker of the partner organisation abroad that may monitor the family
    (handed over under the parents' valid consent) may hold toolkit sessions with its children,
    limited to part D, "back in the home country"; the rest of child mode stays with the Dutch
    team's editors (issue 14 §2)."""
    membership = membership_of(user)
    return bool(
        membership and membership.organisation.is_abroad_partner and can_monitor(user, family)
    )


def sees_internal_notes(user) -> bool:
    """What the Dutch team marks internal is never shown to a partner organisation abroad."""
    membership = membership_of(user)
    return bool(membership and not membership.organisation.is_abroad_partner)


def can_see_cohort(user) -> bool:
    """Pseudonymised cohort figures of the organisation's cases: return organisations and the
    return authority, and a team lead of any Dutch organisation (issue 17 §3: a COA team lead
    already sees each of those cases, so their aggregate tells them nothing new)."""
    membership = membership_of(user)
    return bool(
        membership
        and membership.role in EDIT_ROLES
        and (membership.organisation.kind in COHORT_ORGANISATIONS or can_see_team_overview(user))
    )


def can_see_team_overview(user) -> bool:
    """A team lead: explicitly granted every case of a Dutch organisation."""
    membership = membership_of(user)
    return bool(
        membership
        and membership.sees_all_organisation_cases
        and membership.role not in NO_CASE_ROLES
        and not membership.organisation.is_abroad_partner
    )


def cohort_families(user) -> QuerySet[Family]:
    """The families a colleague of the user's organisation works on (for aggregates only)."""
    if not can_see_cohort(user):
        return Family.objects.none()
    places = TeamMember.objects.filter(organisation_id=user.membership.organisation_id)
    return Family.objects.filter(pk__in=places.values("family_id"))


def can_sign_assessment(user, family: Family) -> bool:
    membership = membership_of(user)
    return bool(
        membership
        and membership.role in SIGN_ROLES
        and visible_families(user).filter(pk=family.pk).exists()
    )


def require_signer(request, child: Person) -> Person:
    """The child, if the user may sign its best-interests assessment off; else 404 (audited)."""
    if not can_sign_assessment(request.user, child.family):
        record(request, Action.DENIED, child, detail="sign best interests")
        raise Http404
    return child


def get_family(request, pk: int, *, edit: bool = False, monitor: bool = False) -> Family:
    """The family with this pk if the user may see it (and change it, with edit=True; do
    monitoring work on it, with monitor=True); else 404."""
    family = visible_families(request.user).filter(pk=pk).first()
    if family is None and not edit and not monitor:
        grant = active_break_glass(request.user, pk)
        if grant is not None:
            record(request, Action.BREAK_GLASS, grant.family, detail=f"read, emergency #{grant.pk}")
            return grant.family
    allowed = family is not None and (not edit or can_edit_family(request.user, family))
    allowed = allowed and (not monitor or can_monitor(request.user, family))
    if not allowed:
        record(request, Action.DENIED, family_id=_existing(pk), detail="edit" if edit else "view")
        raise Http404
    if (edit or monitor) and request.method == "GET":
        # An edit form shows the case data it edits: that is a read, audited here once for
        # every form (the audit completeness test holds every page to it).
        record(request, Action.VIEW, family, detail="edit form")
    return family


def get_child(
    request, family_pk: int, child_pk: int, *, edit: bool = False, monitor: bool = False
) -> Person:
    """A child of a family the user may see (and change, with edit=True); else 404."""
    family = get_family(request, family_pk, edit=edit, monitor=monitor)
    child = family.members.filter(pk=child_pk, relation=Person.Relation.CHILD).first()
    if child is None:
        record(request, Action.DENIED, family_id=family.pk, detail=f"child {child_pk}")
        raise Http404
    return child


# A child's toolkit answers --------------------------------------------------------------------


def visible_answers(user, answers: QuerySet) -> QuerySet:
    """Of these toolkit answers (of a child whose case the caller already let the user see):
    those the user may read. The professional who held the session: all of that session's;
    anyone else: only what the child shared with the team."""
    if not user.is_authenticated:
        return answers.none()
    return answers.filter(Q(session__started_by_id=user.pk) | Q(shared_with=SHARE_TEAM))


def may_see_answer(user, answer) -> bool:
    """`visible_answers` for one answer."""
    held = user.is_authenticated and answer.session.started_by_id == user.pk
    return held or answer.shared_with == SHARE_TEAM


def take_home_answers(user, answers: QuerySet) -> QuerySet:
    """What goes into the child's own take-home booklet, printed by this user: everything the
    child made with them, and what the child shared with the parents or the team."""
    if not user.is_authenticated:
        return answers.none()
    return answers.filter(
        Q(session__started_by_id=user.pk) | Q(shared_with__in=[SHARE_PARENTS, SHARE_TEAM])
    )


def can_print_take_home(user, child: Person) -> bool:
    """The child's own booklet is printed by a professional who held a session with the child
    (to give to the child), never as a team document."""
    return can_edit_family(user, child.family) and (
        child.toolkit_sessions.filter(started_by_id=user.pk).exists()
    )


def may_set_sharing(user, answer) -> bool:
    """Only the professional the child talked with records or changes the child's choice."""
    return user.is_authenticated and answer.session.started_by_id == user.pk


def can_read_audit(user) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.role == Role.PRIVACY_OFFICER)


def audit_actor_ids(user) -> QuerySet:
    """Users whose case-less events (logins, colleagues added) this privacy officer may read."""
    membership = membership_of(user)
    if not can_read_audit(user):
        return Family.objects.none().values("pk")
    return membership.organisation.memberships.values("user_id")


def audit_family_ids(user) -> QuerySet:
    """Families whose audit trail this privacy officer may read: their organisation's cases."""
    membership = membership_of(user)
    if not can_read_audit(user):
        return Family.objects.none().values("pk")
    return TeamMember.objects.filter(organisation_id=membership.organisation_id).values("family_id")


def _existing(pk: int) -> int | None:
    return pk if Family.objects.filter(pk=pk).exists() else None


def can_manage_organisation(user) -> bool:
    """Organisation administrators manage the people of their own organisation (no case data)."""
    membership = membership_of(user)
    return bool(membership and membership.role == Role.ORG_ADMIN)


# Break-glass ---------------------------------------------------------------------------------


def can_break_glass(user) -> bool:
    membership = membership_of(user)
    return bool(
        membership
        and membership.role in BREAK_GLASS_ROLES
        and not membership.organisation.is_abroad_partner
    )


def active_break_glass(user, family_pk: int) -> BreakGlass | None:
    """The user's emergency access to this case that has not expired, if any. (family__pk, not
    family_id: a lookup through the key field keeps an out-of-range pk from the URL harmless.)"""
    if not can_break_glass(user):
        return None
    return (
        BreakGlass.objects.filter(user=user, family__pk=family_pk, expires_at__gt=timezone.now())
        .select_related("family")
        .first()
    )


def break_glass(request, family_pk: int, reason: str) -> Family:
    """Open a case the user is not on, in an emergency, for BREAK_GLASS_HOURS (read only).

    Refused with a 404 (audited) when the user's role or organisation may not, or there is no
    such case; a reason shorter than BREAK_GLASS_MIN_REASON characters is a ValueError."""
    reason = reason.strip()
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise ValueError("reason too short")
    family = Family.objects.filter(pk=family_pk).first()
    if not can_break_glass(request.user) or family is None:
        record(request, Action.DENIED, family_id=_existing(family_pk), detail="emergency access")
        raise Http404
    now = timezone.now()
    grant = BreakGlass.objects.create(
        user=request.user,
        organisation=request.user.membership.organisation,
        family=family,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(hours=BREAK_GLASS_HOURS),
    )
    # The reason stays in BreakGlass (erased with the case), not in the append-only log.
    record(request, Action.BREAK_GLASS, family, detail=f"opened #{grant.pk}")
    return family


def break_glass_uses(user) -> QuerySet[BreakGlass]:
    """For a privacy officer: emergency accesses by people of their organisation, and to the
    cases their organisation works on."""
    if not can_read_audit(user):
        return BreakGlass.objects.none()
    org_id = user.membership.organisation_id
    return BreakGlass.objects.filter(
        Q(organisation_id=org_id) | Q(family_id__in=audit_family_ids(user))
    ).select_related("user", "organisation", "family")


# Erasure on request (GDPR art. 17) ------------------------------------------------------------


def can_request_erasure(user, family: Family | None = None) -> bool:
    """A privacy officer, for a case their organisation works on (without a family: at all)."""
    if not can_read_audit(user):
        return False
    return family is None or audit_family_ids(user).filter(family_id=family.pk).exists()


def can_approve_erasure(user, erasure: ErasureRequest) -> bool:
    """The second approver: a privacy officer who may ask for this case's erasure too, and is not
    the one who asked (audit/rules.py says the same for the service)."""
    if erasure.requested_by_id == user.pk:
        return False
    if erasure.family is None:  # the case is gone: only a rejection is left to decide
        membership = membership_of(user)
        return can_read_audit(user) and membership.organisation_id == erasure.organisation_id
    return can_request_erasure(user, erasure.family)


def erasure_requests(user) -> QuerySet[ErasureRequest]:
    """For a privacy officer: requests made in their organisation, and for its cases."""
    if not can_read_audit(user):
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(
        Q(organisation_id=user.membership.organisation_id) | Q(family_id__in=audit_family_ids(user))
    ).select_related("requested_by", "decided_by", "family")


def get_erasure_request(request, pk: int) -> ErasureRequest:
    """The erasure request with this pk if the user may read it; else 404 (audited)."""
    erasure = erasure_requests(request.user).filter(pk=pk).first()
    if erasure is None:
        record(request, Action.DENIED, detail=f"erasure request {pk}")
        raise Http404
    return erasure
