"""Operations on a case that touch several objects: called the same way from views, API and
management commands. Each writes the timeline and the audit log explicitly."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.accounts.models import AttentionArea
from kaketoe.audit.services import Action, record
from kaketoe.cases import rules
from kaketoe.cases.models import Family, Person, Stage, TeamMember, TimelineEvent


class StaleEdit(Exception):
    """Someone else saved this record after the form was opened."""


def _event(family: Family, kind: str, actor, subject: str = "", params=None) -> None:
    TimelineEvent.objects.create(
        family=family, kind=kind, actor=actor, subject=subject[:200], params=params or {}
    )


@transaction.atomic
def open_case(request, actor, family: Family, first_parent: Person | None = None) -> Family:
    """Save a new family, its first parent, and put the actor on its team."""
    family.created_by = actor
    family.save()
    join_team(request, actor, family, user=actor, audit=False)
    _event(family, TimelineEvent.Kind.CREATED, actor, family.name)
    record(request, Action.CREATE, family, user=actor)
    if first_parent is not None:
        add_member(request, actor, family, first_parent)
    return family


def _bump_version(model, obj, expected: int) -> None:
    if not model.objects.filter(pk=obj.pk, version=expected).update(version=F("version") + 1):
        raise StaleEdit
    obj.version = expected + 1


@transaction.atomic
def change_case(
    request,
    actor,
    family: Family,
    expected_version: int,
    changed_fields: list[str],
    departure_acknowledged: tuple[list[str], str] | None = None,
    closing_reason: str = "",
) -> Family:
    """Save the family's changed fields. `departure_acknowledged`: the readiness check's blockers
    and the reason the actual departure is recorded despite them (the form asked for it).
    `closing_reason`: why the case is closed before the year of monitoring is over."""
    _bump_version(Family, family, expected_version)
    if departure_acknowledged:
        from kaketoe.cases import route_map

        route_map.acknowledge_departure(request, actor, family, *departure_acknowledged)
    if "stage" in changed_fields:  # the retention period counts from the closing
        family.closed_at = timezone.now() if family.stage == Stage.CLOSED else None
    family.save()
    if "stage" in changed_fields:
        stage = {"stage": family.stage}
        _event(family, TimelineEvent.Kind.STAGE, actor, str(family.get_stage_display()), stage)
    if set(changed_fields) - {"stage"}:
        _event(family, TimelineEvent.Kind.CHANGED, actor, ", ".join(sorted(changed_fields)))
    record(request, Action.CHANGE, family, user=actor, detail=",".join(sorted(changed_fields)))
    if closing_reason and "stage" in changed_fields and family.stage == Stage.CLOSED:
        from kaketoe.monitoring.services import record_early_closing  # monitoring builds on cases

        record_early_closing(request, actor, family, closing_reason)
    if "actual_departure" in changed_fields and family.actual_departure:
        from kaketoe.monitoring.services import start_monitoring  # monitoring builds on cases

        start_monitoring(request, actor, family)
    return family


@transaction.atomic
def add_member(request, actor, family: Family, person: Person) -> Person:
    person.family = family
    person.save()
    _event(family, TimelineEvent.Kind.MEMBER_ADDED, actor, person.full_name)
    record(request, Action.CREATE, person, user=actor)
    return person


@transaction.atomic
def change_member(
    request, actor, person: Person, expected_version: int, changed_fields: list[str]
) -> Person:
    _bump_version(Person, person, expected_version)
    person.save()
    _event(person.family, TimelineEvent.Kind.MEMBER_CHANGED, actor, person.full_name)
    record(request, Action.CHANGE, person, user=actor, detail=",".join(sorted(changed_fields)))
    return person


@transaction.atomic
def join_team(
    request,
    actor,
    family: Family,
    *,
    user=None,
    name: str = "",
    description: str = "",
    area: str = "",
    contact: str = "",
    audit: bool = True,
) -> TeamMember:
    """Add a colleague (a Kaketoe user, which gives them access) or an informal network member."""
    membership = getattr(user, "membership", None) if user is not None else None
    member = TeamMember.objects.create(
        family=family,
        user=user,
        organisation=membership.organisation if membership else None,
        role=membership.role if membership else "",
        name=name,
        description=description,
        contact=contact,
        area=area or (membership.attention_area if membership else AttentionArea.INFORMAL),
    )
    if audit:
        _event(family, TimelineEvent.Kind.TEAM_ADDED, actor, member.display_name)
        record(request, Action.CREATE, member, user=actor)
    return member


class PlaceKept(Exception):
    """This place may not be removed (rules.removal_refusal says why: `code`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def owner_organisation_id(family: Family) -> int | None:
    """The organisation that owns the case: the one whose colleague opened it. Read from the
    case's first formal team place (open_case puts the opener there, with the organisation they
    worked for then); a case imported without one falls back to its creator's organisation."""
    first = family.team.filter(user__isnull=False).order_by("added_at", "pk").first()
    if first is not None and first.organisation_id:
        return first.organisation_id
    creator = getattr(family.created_by, "membership", None) if family.created_by_id else None
    return creator.organisation_id if creator else None


def _place(member: TeamMember) -> rules.Place:
    return rules.Place(member.pk, member.role if member.user_id else "", member.organisation_id)


def removal_refusal(member: TeamMember) -> str | None:
    """rules.removal_refusal for a place of this family, read from the database."""
    active = [_place(p) for p in member.family.team.filter(removed_at__isnull=True)]
    return rules.removal_refusal(_place(member), active, owner_organisation_id(member.family))


def kept_places(family: Family) -> set[int]:
    """The pks of the active places that may not be removed now (the team card offers no
    "Remove" for them): two queries for the whole team."""
    active = [_place(p) for p in family.team.filter(removed_at__isnull=True)]
    owner = owner_organisation_id(family)
    return {p.pk for p in active if rules.removal_refusal(p, active, owner) is not None}


@transaction.atomic
def leave_team(request, actor, member: TeamMember, reason: str = "") -> None:
    """Take a place off the team (the colleague loses access at once), with a reason; a team
    editor can restore it for rules.RESTORE_DAYS. Refused (PlaceKept) for the case's last
    regievoerder and the last person of the organisation that owns the case."""
    TeamMember.objects.select_for_update().filter(family_id=member.family_id).exists()
    code = removal_refusal(member)
    if code is not None:
        raise PlaceKept(code)
    member.removed_at = timezone.now()
    member.removed_by = actor
    member.removal_reason = reason.strip()[:300]
    member.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _event(member.family, TimelineEvent.Kind.TEAM_REMOVED, actor, member.display_name)
    record(request, Action.CHANGE, member, user=actor, detail="removed")


class NotRestorable(Exception):
    """The place was removed too long ago, or the person is on the team again."""


@transaction.atomic
def restore_place(request, actor, member: TeamMember) -> TeamMember:
    """Put a removed place back as it was (access returns at once), within RESTORE_DAYS."""
    if not rules.may_restore(member.removed_at, timezone.now()):
        raise NotRestorable
    if (
        member.user_id
        and member.family.team.filter(user_id=member.user_id, removed_at__isnull=True).exists()
    ):
        raise NotRestorable
    member.removed_at, member.removed_by, member.removal_reason = None, None, ""
    member.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    _event(member.family, TimelineEvent.Kind.TEAM_RESTORED, actor, member.display_name)
    record(request, Action.CHANGE, member, user=actor, detail="restored")
    return member


def recently_removed(family: Family) -> QuerySet[TeamMember]:
    """Places removed in the last RESTORE_DAYS: shown with "restore" on the team card."""
    since = timezone.now() - timedelta(days=rules.RESTORE_DAYS)
    return family.team.filter(removed_at__gte=since).select_related("user", "removed_by")


def possible_duplicates(
    given_name: str, family_name: str, born: date | None, exclude_family: Family | None = None
) -> QuerySet[Person]:
    """People already registered with a name that sounds alike and the same date of birth."""
    if born is None:
        return Person.objects.none()
    key = rules.name_key(f"{given_name} {family_name}")
    matches = Person.objects.filter(name_key=key, date_of_birth=born).select_related("family")
    if exclude_family is not None:
        matches = matches.exclude(family=exclude_family)
    return matches


def duplicate_message(visible: list[Person], hidden_count: int) -> str:
    if hidden_count and not visible:
        return _(
            "Someone with this name and date of birth is already registered in a case you "
            "are not on. Ask the return officer before opening a second case."
        )
    return _(
        "This person may already be registered. Check the cases below; save anyway only "
        "if this is really someone else."
    )
