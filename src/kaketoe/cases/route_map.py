"""The route map of a case, derived from the evidence in it (docs/route-map.md).

A step is not "done" because somebody ticked it: each route-map step asks for pieces of evidence
(`Need`), and the step apps say which, each in its own `route.py`, registered here with
`@evidence("1A")` when the app is ready. So `cases` never imports a step app, and a new step
touches only its own app. `rules.step_status` turns the evidence into not started / in progress
/ done. Where the evidence cannot settle a piece (a child too young to talk with, a brochure
handed over on paper), a professional writes a note that settles it; a whole step can be marked
done against the evidence only with a reason of at least OVERRIDE_MIN_REASON characters, and the
route map then shows who did it, when and why. Notes and marks are audited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.audit.services import Action, record
from kaketoe.cases import rules
from kaketoe.cases.models import ROUTE_STEP_TITLES, Family, Person, RouteNote

NOTE_MAX = 1000


@dataclass(frozen=True)
class Need:
    """One piece of evidence a step asks for. `notable`: a note may settle it instead."""

    key: str  # stable within the family, e.g. "1A:safety" or "2A:toolkit:12"
    text: str  # what is asked, in the user's language
    url: str  # where to do it
    met: bool
    notable: bool = False


@dataclass
class StepState:
    step: str
    title: str
    status: str
    needs: list[Need]
    notes: dict[str, RouteNote] = field(default_factory=dict)
    override: RouteNote | None = None

    @property
    def missing(self) -> list[Need]:
        """What is still missing: not met and not settled by a note."""
        return [need for need in self.needs if not need.met and need.key not in self.notes]

    @property
    def done_by_evidence(self) -> bool:
        return rules.step_status(self._settled()) == rules.DONE

    def _settled(self) -> list[tuple[bool, bool]]:
        return [(need.met, need.key in self.notes) for need in self.needs]


EvidenceOf = Callable[[Family, list[Person]], list[Need]]
EVIDENCE: dict[str, list[EvidenceOf]] = defaultdict(list)


def evidence(step: str) -> Callable[[EvidenceOf], EvidenceOf]:
    """Register a step app's function that lists what `step` asks for in a family."""

    def register(function: EvidenceOf) -> EvidenceOf:
        if function not in EVIDENCE[step]:
            EVIDENCE[step].append(function)
        return function

    return register


# -- departure readiness (issue 16 §2) ------------------------------------------------------------

BlockersOf = Callable[[Family, list[Person]], list[str]]
BLOCKERS: list[BlockersOf] = []
READINESS = "3:readiness"  # the key of the note that acknowledges a departure despite blockers


def blocker(function: BlockersOf) -> BlockersOf:
    """Register a step app's function that names what should be settled before departure."""
    if function not in BLOCKERS:
        BLOCKERS.append(function)
    return function


def departure_blockers(family: Family) -> list[str]:
    """What should be settled before the family departs, in words, from every step app."""
    children = list(family.members.filter(relation=Person.Relation.CHILD).order_by("pk"))
    return [text for function in BLOCKERS for text in function(family, children)]


def readiness_acknowledgement(family: Family) -> RouteNote | None:
    """The note of whoever recorded the actual departure despite blockers, if any."""
    return (
        family.route_notes.filter(need=READINESS, withdrawn_at__isnull=True)
        .select_related("written_by")
        .last()
    )


def acknowledge_departure(request, actor, family: Family, blockers: list[str], reason: str):
    """Keep why the actual departure was recorded while these blockers remained (audited)."""
    _withdraw(family, "3", READINESS)
    note = RouteNote.objects.create(
        family=family, step="3", need=READINESS, text=reason.strip(), written_by=actor
    )
    record(
        request,
        Action.CHANGE,
        family,
        user=actor,
        detail=f"departure recorded despite {len(blockers)} blockers",
    )
    return note


def route_map(family: Family) -> list[StepState]:
    """Every step of the family's route map, in order, from the evidence and the notes."""
    children = list(family.members.filter(relation=Person.Relation.CHILD).order_by("pk"))
    notes: dict[str, dict[str, RouteNote]] = defaultdict(dict)
    for note in family.route_notes.filter(withdrawn_at__isnull=True).select_related("written_by"):
        notes[note.step][note.need] = note
    states = []
    for step in rules.ROUTE_STEPS:
        needs = [need for function in EVIDENCE[step] for need in function(family, children)]
        step_notes = notes.get(step, {})
        override = step_notes.pop("", None)
        settled = {key: note for key, note in step_notes.items() if _notable(needs, key)}
        state = StepState(step, str(ROUTE_STEP_TITLES[step]), "", needs, settled)
        if state.done_by_evidence:
            override = None  # the evidence is complete: no override to show
        state.override = override
        state.status = rules.step_status(state._settled(), overridden=override is not None)
        states.append(state)
    return states


def _notable(needs: list[Need], key: str) -> bool:
    return any(need.key == key and need.notable for need in needs)


def step_of(family: Family, step: str) -> StepState:
    return next(state for state in route_map(family) if state.step == step)


# -- notes and marks (services) -------------------------------------------------------------


@transaction.atomic
def write_note(request, actor, family: Family, key: str, text: str) -> RouteNote:
    """Settle one piece of evidence with a note (why it is missing, or what was done)."""
    text = (text or "").strip()
    step = key.split(":", 1)[0]
    if step not in rules.ROUTE_STEPS or not _notable(step_of(family, step).needs, key):
        raise ValidationError(_("This part of the route map cannot be settled with a note."))
    if not text or len(text) > NOTE_MAX:
        raise ValidationError(_("Write a note of at most %(max)s characters.") % {"max": NOTE_MAX})
    _withdraw(family, step, key)
    note = RouteNote.objects.create(family=family, step=step, need=key, text=text, written_by=actor)
    record(request, Action.CREATE, note, user=actor, detail=f"route map {step}: note on {key}")
    return note


@transaction.atomic
def mark_done(request, actor, family: Family, step: str, reason: str) -> RouteNote | None:
    """Mark a step done against the evidence, with a reason. None when the evidence already
    makes it done (nothing to mark)."""
    state = step_of(family, step)
    if state.done_by_evidence:
        return None
    reason = (reason or "").strip()
    if len(reason) < rules.OVERRIDE_MIN_REASON:
        raise ValidationError(missing_text(state))
    _withdraw(family, step, "")
    note = RouteNote.objects.create(
        family=family, step=step, need="", text=reason, written_by=actor
    )
    record(request, Action.CHANGE, family, user=actor, detail=f"route map {step}: marked done")
    return note


@transaction.atomic
def withdraw_mark(request, actor, family: Family, step: str) -> bool:
    if not _withdraw(family, step, ""):
        return False
    record(request, Action.CHANGE, family, user=actor, detail=f"route map {step}: mark withdrawn")
    return True


def _withdraw(family: Family, step: str, key: str) -> int:
    return RouteNote.objects.filter(
        family=family, step=step, need=key, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


def missing_text(state: StepState) -> str:
    """Why a step cannot be marked done without a reason: the evidence it still misses."""
    return _(
        "Step %(step)s is not done by its evidence (still missing: %(missing)s). To mark it "
        "done anyway, give a reason of at least %(min)s characters."
    ) % {
        "step": state.step,
        "missing": "; ".join(need.text for need in state.missing),
        "min": rules.OVERRIDE_MIN_REASON,
    }


@transaction.atomic
def set_completed_steps(request, actor, family: Family, steps: list[str], reason: str) -> None:
    """The API's `completed_steps`: steps done by their evidence stay done; a step added against
    the evidence needs `reason` (else a ValidationError naming what is missing, and nothing
    changes); a marked step left out loses its mark."""
    states = {state.step: state for state in route_map(family)}
    problems = [
        missing_text(states[step])
        for step in steps
        if states[step].status != rules.DONE
        and len((reason or "").strip()) < rules.OVERRIDE_MIN_REASON
    ]
    if problems:
        raise ValidationError(problems)
    for step in steps:
        if states[step].status != rules.DONE:
            mark_done(request, actor, family, step, reason)
    for step, state in states.items():
        if state.override is not None and step not in steps:
            withdraw_mark(request, actor, family, step)


def as_data(states: list[StepState]) -> list[dict]:
    """The API's `route_map`."""
    return [
        {
            "step": state.step,
            "status": state.status,
            "missing": [need.text for need in state.missing],
            "override": None
            if state.override is None
            else {
                "by": state.override.written_by.get_username()
                if state.override.written_by
                else None,
                "at": state.override.written_at,
                "reason": state.override.text,
            },
        }
        for state in states
    ]
