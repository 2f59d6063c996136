"""Changing the return plan: all or nothing, each change a new plan version, with the timeline
and the audit log written. Called the same way from views, API and management commands."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kaketoe.audit.services import Action, record
from kaketoe.cases.models import Family, Person, TeamMember, TimelineEvent
from kaketoe.plans import rules
from kaketoe.plans.models import ChildVoice, Meeting, PlanItem, PlanVersion, ReturnPlan, Source
from kaketoe.toolkit import services as toolkit
from kaketoe.toolkit.rules import SHARE_TEAM

ITEM_FIELDS = [
    "child",
    "domain",
    "what",
    "owner_member",
    "owner_organisation",
    "timing",
    "months",
    "weeks_needed",
    "status",
    "drop_reason",
    "source",
    "source_ref",
    "share_with_family",
    "text_language",
]
VOICE_FIELDS = ["said", "heard_how", "taken_into_account", "because"]
MEETING_FIELDS = ["kind", "held_on", "minutes"]


@dataclass
class StaleEdit(Exception):
    """Someone saved this after the form was opened: which fields they changed, and who."""

    changed: list[str]
    by: str

    def __str__(self) -> str:
        return f"changed meanwhile by {self.by}: {', '.join(self.changed)}"


def plan_of(family: Family) -> ReturnPlan:
    """The family's plan; an unsaved empty one until the first change."""
    return ReturnPlan.objects.filter(family=family).first() or ReturnPlan(family=family)


# -- plan items ----------------------------------------------------------------------------------


@transaction.atomic
def add_item(request, actor, family: Family, **fields) -> PlanItem:
    item = PlanItem(family=family, created_by=actor, updated_by=actor, **fields)
    item.full_clean(exclude=["family"])
    item.save()
    _changed(request, actor, family, item, TimelineEvent.Kind.PLAN_ITEM, item.what, created=True)
    return item


@transaction.atomic
def change_item(request, actor, item: PlanItem, expected: int, **fields) -> PlanItem:
    """Save the changed fields of an item as a new version; refuse (StaleEdit) if someone saved
    the item after version `expected`, saying what they changed."""
    locked = PlanItem.objects.select_for_update().get(pk=item.pk)
    if locked.version != expected:
        raise _stale(locked.family, f"item:{locked.pk}", expected)
    before = item_state(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["family"])
    changes = _diff(before, item_state(locked))
    if not changes:
        return locked
    locked.version += 1
    locked.updated_by, locked.updated_at = actor, timezone.now()
    locked.save()
    _changed(
        request, actor, locked.family, locked, TimelineEvent.Kind.PLAN_CHANGED, locked.what, changes
    )
    return locked


def open_item_for(family: Family, source: str, ref: str, child: Person | None):
    return (
        family.plan_items.filter(source=source, source_ref=ref, child=child)
        .exclude(status=rules.DROPPED)
        .first()
    )


def item_from_precondition(
    request, actor, family: Family, *, code: str, label: str, domain: str, child: Person | None
) -> tuple[PlanItem, bool]:
    """One click from an unmet precondition: (the plan item, whether it is new)."""
    existing = open_item_for(family, Source.PRECONDITION, code, child)
    if existing is not None:
        return existing, False
    item = add_item(
        request,
        actor,
        family,
        child=child,
        domain=domain,
        what=label,
        source=Source.PRECONDITION,
        source_ref=code,
    )
    return item, True


# -- attention points ----------------------------------------------------------------------------


@transaction.atomic
def save_attention(
    request, actor, family: Family, catalogue_version: str, expected: int, answers: dict
) -> ReturnPlan:
    plan = _locked_plan(family)
    if plan.attention_version != expected:
        raise _stale(family, "attention", expected)
    before = {f"attention.{code}": value for code, value in plan.attention.items()}
    after = {f"attention.{code}": value for code, value in answers.items()}
    changes = _diff(before, after)
    if not changes and plan.attention_catalogue_version == catalogue_version:
        return plan
    plan.attention, plan.attention_catalogue_version = answers, catalogue_version
    plan.attention_version += 1
    plan.save()
    _event(family, TimelineEvent.Kind.PLAN_ATTENTION, actor)
    record(request, Action.CHANGE, plan, user=actor, family_id=family.pk, detail="attention")
    _new_version(actor, plan, "attention", plan.attention_version, "", changes)
    return plan


# -- the child's voice ---------------------------------------------------------------------------


@transaction.atomic
def add_voice(request, actor, child: Person, *, answered_by=(), **fields) -> ChildVoice:
    voice = ChildVoice(child=child, recorded_by=actor, **fields)
    voice.full_clean()
    voice.save()
    voice.answered_by.set(answered_by)
    _voice_changed(request, actor, voice, _diff({}, voice_state(voice)), created=True)
    return voice


@transaction.atomic
def add_voice_from_answer(request, actor, answer, **fields) -> ChildVoice:
    """Link a toolkit answer into the plan as the child's voice. The plan is the team's: the
    answer becomes shared with the team (the caller asked the child's agreement first)."""
    toolkit.set_sharing(request, answer, SHARE_TEAM, in_child_mode=False)
    return add_voice(request, actor, answer.child, toolkit_answer=answer, **fields)


@transaction.atomic
def change_voice(
    request, actor, voice: ChildVoice, expected: int, *, answered_by, **fields
) -> ChildVoice:
    locked = ChildVoice.objects.select_for_update().select_related("child").get(pk=voice.pk)
    if locked.version != expected:
        raise _stale(locked.child.family, f"voice:{locked.pk}", expected)
    before = voice_state(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    locked.answered_by.set(answered_by)
    changes = _diff(before, voice_state(locked))
    if changes:
        locked.version += 1
        locked.save(update_fields=["version"])
        _voice_changed(request, actor, locked, changes)
    return locked


def _voice_changed(request, actor, voice: ChildVoice, changes, created: bool = False) -> None:
    family = voice.child.family
    _event(family, TimelineEvent.Kind.CHILD_VOICE, actor, voice.child.given_name)
    record(
        request, Action.CREATE if created else Action.CHANGE, voice, user=actor, family_id=family.pk
    )
    plan = _locked_plan(family)
    subject = f"{voice.child.given_name}: {voice.quote}"
    _new_version(actor, plan, f"voice:{voice.pk}", voice.version, subject, changes)


# -- meetings ------------------------------------------------------------------------------------


@transaction.atomic
def add_meeting(request, actor, family: Family, *, participants=(), agenda=(), **fields) -> Meeting:
    meeting = Meeting.objects.create(family=family, created_by=actor, **fields)
    meeting.participants.set(participants)
    meeting.agenda.set(agenda)
    _meeting_changed(request, actor, meeting, _diff({}, meeting_state(meeting)), created=True)
    return meeting


@transaction.atomic
def change_meeting(
    request, actor, meeting: Meeting, expected: int, *, participants, agenda, **fields
) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.version != expected:
        raise _stale(locked.family, f"meeting:{locked.pk}", expected)
    before = meeting_state(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    locked.participants.set(participants)
    locked.agenda.set(agenda)
    changes = _diff(before, meeting_state(locked))
    if changes:
        locked.version += 1
        locked.save(update_fields=["version"])
        _meeting_changed(request, actor, locked, changes)
    return locked


@transaction.atomic
def add_decision(request, actor, meeting: Meeting, **fields) -> PlanItem:
    """A meeting decision becomes a plan item with an owner."""
    return add_item(
        request,
        actor,
        meeting.family,
        source=Source.MEETING,
        source_ref=str(meeting.pk),
        meeting=meeting,
        **fields,
    )


def _meeting_changed(request, actor, meeting: Meeting, changes, created: bool = False) -> None:
    subject = f"{meeting.get_kind_display()} {meeting.held_on:%Y-%m-%d}"
    params = {"meeting": meeting.kind, "day": meeting.held_on.isoformat()}
    _event(meeting.family, TimelineEvent.Kind.MEETING, actor, subject, params)
    record(request, Action.CREATE if created else Action.CHANGE, meeting, user=actor)
    plan = _locked_plan(meeting.family)
    _new_version(actor, plan, f"meeting:{meeting.pk}", meeting.version, subject, changes)


# -- the network ---------------------------------------------------------------------------------


@transaction.atomic
def set_trust(request, actor, member: TeamMember, trusted: bool) -> TeamMember:
    if member.has_family_trust == trusted:
        return member
    member.has_family_trust = trusted
    member.save(update_fields=["has_family_trust"])
    _event(member.family, TimelineEvent.Kind.NETWORK_TRUST, actor, member.display_name)
    record(request, Action.CHANGE, member, user=actor, detail=f"has_family_trust={trusted}")
    return member


# -- snapshots and versions ----------------------------------------------------------------------


def item_state(item: PlanItem) -> dict:
    return {
        name: getattr(item, f"{name}_id")
        if name in {"child", "owner_member"}
        else getattr(item, name)
        for name in ITEM_FIELDS
    }


def voice_state(voice: ChildVoice) -> dict:
    state = {name: getattr(voice, name) for name in VOICE_FIELDS}
    if voice.toolkit_answer_id:
        state["toolkit_answer"] = voice.toolkit_answer_id
    if voice.pk:
        state["answered_by"] = sorted(voice.answered_by.values_list("pk", flat=True))
    return state


def meeting_state(meeting: Meeting) -> dict:
    state = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    state["held_on"] = str(state["held_on"])
    state["participants"] = sorted(meeting.participants.values_list("pk", flat=True))
    state["agenda"] = sorted(meeting.agenda.values_list("pk", flat=True))
    return state


def snapshot(plan: ReturnPlan) -> dict:
    """The whole plan as it is now: attention points, items, the children's voices."""
    family = plan.family
    items = [
        {"id": item.pk, "version": item.version, **item_state(item)}
        for item in family.plan_items.order_by("pk")
    ]
    voices = [
        {"id": voice.pk, "child": voice.child_id, "version": voice.version, **voice_state(voice)}
        for voice in ChildVoice.objects.filter(child__family=family).order_by("pk")
    ]
    return {"attention": plan.attention, "items": items, "voices": voices}


def _diff(before: dict, after: dict) -> list[dict]:
    return [
        {"field": name, "before": _plain(before.get(name)), "after": _plain(after.get(name))}
        for name in rules.changed_fields(before, after)
    ]


def _plain(value):
    return value if value is None or isinstance(value, (str, int, bool, list, dict)) else str(value)


def _locked_plan(family: Family) -> ReturnPlan:
    plan, _created = ReturnPlan.objects.select_for_update().get_or_create(family=family)
    return plan


def _new_version(actor, plan: ReturnPlan, key: str, object_version: int, subject, changes):
    items = list(plan.family.plan_items.all())
    plan.version += 1
    plan.needed_days = rules.needed_days(item.work() for item in items)
    plan.updated_by, plan.updated_at = actor, timezone.now()
    plan.save()
    PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        subject=str(subject)[:200],
        changes=changes,
        object_key=key,
        object_version=object_version,
        snapshot=snapshot(plan),
        saved_by=actor,
    )


def _changed(request, actor, family, item: PlanItem, kind, subject, changes=None, created=False):
    _event(family, kind, actor, subject)
    record(
        request,
        Action.CREATE if created else Action.CHANGE,
        item,
        user=actor,
        detail=",".join(c["field"] for c in changes or [])[:300],
    )
    if changes is None:
        changes = _diff({}, item_state(item))
    _new_version(actor, _locked_plan(family), f"item:{item.pk}", item.version, subject, changes)


def _event(family: Family, kind: str, actor, subject: str = "", params=None) -> None:
    """`params` let the timeline render the subject in the reader's language (cases/timeline.py)."""
    TimelineEvent.objects.create(
        family=family, kind=kind, actor=actor, subject=subject[:200], params=params or {}
    )


def _stale(family: Family, key: str, expected: int) -> StaleEdit:
    later = PlanVersion.objects.filter(
        plan__family=family, object_key=key, object_version__gt=expected
    ).select_related("saved_by")
    changed, by = [], ""
    for version in later.order_by("number"):
        changed += [c["field"] for c in version.changes if c["field"] not in changed]
        by = str(version.saved_by or "")
    return StaleEdit(changed, by)
