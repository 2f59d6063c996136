"""Page models for the return plan: a family in, plain rows out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.translation import gettext as _

from kaketoe.accounts.models import AttentionArea
from kaketoe.cases import access
from kaketoe.cases.models import Family, Person, TeamMember
from kaketoe.cases.queries import AREA_ORDER
from kaketoe.catalogues import loader
from kaketoe.plans import rules
from kaketoe.plans.models import ChildVoice, Meeting, PlanItem, ReturnPlan
from kaketoe.toolkit import queries as toolkit_queries
from kaketoe.toolkit.models import Answer
from kaketoe.toolkit.rules import SHARE_TEAM

ATTENTION_POINTS = "plan_attention_points"


@dataclass
class Row:
    item: PlanItem
    due: date | None
    state: str


@dataclass
class Part:
    """The plan for the whole family (child None) or for one child."""

    child: Person | None
    rows: list[Row]
    voices: list[ChildVoice] = field(default_factory=list)
    wishes: list[Wish] = field(default_factory=list)


@dataclass
class Wish:
    """An answer the child flagged for the return plan in a toolkit session (linked, not copied),
    with the professional's link to the plan items that answer it, once made."""

    answer: Answer
    question: str
    text: str
    voice: ChildVoice | None


def wishes_of(child: Person, language: str, viewer=None) -> list[Wish]:
    """The child's toolkit answers for the return plan, oldest first; also an answer that was
    linked to the plan and later unflagged, so its link stays visible. Only what `viewer` may
    read (cases.access.visible_answers); without a viewer (the plan as a team document) only
    what the child shared with the team."""
    return wishes_by_child([child], language, viewer).get(child.pk, [])


def wishes_by_child(children: list[Person], language: str, viewer=None) -> dict[int, list[Wish]]:
    """`wishes_of` for several children at once, in two queries whatever their number."""
    ids = [child.pk for child in children]
    if not ids:
        return {}
    flagged = Answer.objects.filter(child_id__in=ids, for_return_plan=True).values("pk")
    answers = Answer.objects.filter(
        Q(pk__in=flagged) | Q(child_id__in=ids, plan_voice__isnull=False)
    )
    if viewer is None:
        answers = answers.filter(shared_with=SHARE_TEAM)
    else:
        answers = access.visible_answers(viewer, answers)
    answers = answers.select_related("session").order_by("created_at", "pk")
    linked = {
        voice.toolkit_answer_id: voice
        for voice in ChildVoice.objects.filter(child_id__in=ids, toolkit_answer__isnull=False)
        .select_related("recorded_by")
        .prefetch_related("answered_by")
    }
    wishes: dict[int, list[Wish]] = defaultdict(list)
    for row in toolkit_queries.answers_in_words(answers, language):
        answer = row["answer"]
        wishes[answer.child_id].append(
            Wish(answer, row["question"], row["text"], linked.get(answer.pk))
        )
    return wishes


def entered_voices(child: Person):
    """What professionals entered about the child's voice (not the linked toolkit answers)."""
    return child.voices.filter(toolkit_answer__isnull=True)


@dataclass
class PlanPage:
    departure: date | None
    parts: list[Part]
    short_of_time: bool
    needed_days: int
    counts: dict[str, int]
    attention: tuple[int, int]


def departure_of(family: Family) -> date | None:
    return rules.departure_date(
        actual=family.actual_departure,
        planned=family.planned_departure,
        deadline=family.departure_deadline,
    )


def items_of(family: Family):
    return family.plan_items.select_related("child", "owner_member__user").order_by(
        "child_id", "domain", "pk"
    )


def plan_page(family: Family, plan: ReturnPlan, today: date, language: str) -> PlanPage:
    departure = departure_of(family)
    items = list(items_of(family))
    children = list(family.members.filter(relation=Person.Relation.CHILD))
    voices = defaultdict(list)
    for voice in ChildVoice.objects.filter(
        child__family=family, toolkit_answer__isnull=True
    ).prefetch_related("answered_by"):
        voices[voice.child_id].append(voice)
    rows = [Row(item, item.due_on(departure), item.state(departure, today)) for item in items]
    wishes = wishes_by_child(children, language)
    parts = [Part(None, [row for row in rows if row.item.child_id is None])]
    parts += [
        Part(
            child,
            [row for row in rows if row.item.child_id == child.pk],
            voices[child.pk],
            wishes.get(child.pk, []),
        )
        for child in children
    ]
    counts = defaultdict(int)
    for row in rows:
        counts[row.state] += 1
    needed = rules.needed_days(item.work() for item in items)
    catalogue = loader.load(ATTENTION_POINTS, plan.attention_catalogue_version or None)
    return PlanPage(
        departure=departure,
        parts=parts,
        short_of_time=rules.short_of_time(needed, departure, today, family.stage),
        needed_days=needed,
        counts=dict(counts),
        attention=rules.attention_complete(
            plan.attention, [p["code"] for p in catalogue.data["points"]]
        ),
    )


def attention_points(version: str | None, language: str) -> list[tuple[str, str, str]]:
    catalogue = loader.load(ATTENTION_POINTS, version)
    return [
        (
            point["code"],
            catalogue.item(point["code"]).label(language),
            loader.Item(point["code"], point.get("hint", {})).label(language),
        )
        for point in catalogue.data["points"]
    ]


def attention_rows(plan: ReturnPlan, language: str) -> list[tuple[str, str, dict]]:
    """(code, label, answer) per attention point, in the catalogue version of the answers."""
    points = attention_points(plan.attention_catalogue_version or None, language)
    return [(code, label, plan.attention.get(code, {})) for code, label, _hint in points]


@dataclass
class Owner:
    name: str
    detail: str
    items: list[PlanItem]


def who_does_what(family: Family) -> tuple[list[Owner], list[Owner], list[PlanItem]]:
    """Open items per team member, per organisation, and the items nobody owns yet."""
    per_member: dict[int, Owner] = {}
    per_organisation: dict[str, Owner] = {}
    nobody = []
    items = (
        items_of(family)
        .filter(status__in=rules.UNFINISHED)
        .select_related("owner_member__organisation")
    )
    for item in items:
        member = item.owner_member
        if member is not None:
            detail = member.get_role_display() or member.description
            per_member.setdefault(member.pk, Owner(member.display_name, detail, [])).items.append(
                item
            )
            organisation = str(member.organisation or "") or str(AttentionArea.INFORMAL.label)
        elif item.owner_organisation:
            organisation = item.owner_organisation
        else:
            nobody.append(item)
            continue
        per_organisation.setdefault(organisation, Owner(organisation, "", [])).items.append(item)
    by_name = lambda owner: owner.name.lower()  # noqa: E731
    return (
        sorted(per_member.values(), key=by_name),
        sorted(per_organisation.values(), key=by_name),
        nobody,
    )


@dataclass
class NetworkEntry:
    member: TeamMember
    open_items: int


def network_map(family: Family) -> list[tuple[str, list[NetworkEntry], list[NetworkEntry]]]:
    """Per attention area: the formal network (organisations) and the informal network."""
    open_counts = defaultdict(int)
    for owner_id in family.plan_items.filter(
        status__in=rules.UNFINISHED, owner_member__isnull=False
    ).values_list("owner_member_id", flat=True):
        open_counts[owner_id] += 1
    members = family.team.filter(removed_at__isnull=True).select_related("user", "organisation")
    grouped = {area: ([], []) for area in AREA_ORDER}
    for member in members:
        formal, informal = grouped[member.area]
        entry = NetworkEntry(member, open_counts[member.pk])
        (informal if member.organisation_id is None else formal).append(entry)
    return [(AttentionArea(area).label, *grouped[area]) for area in AREA_ORDER]


def field_label(name: str) -> str:
    """A changed field of a plan version, in the reader's language."""
    head, _sep, code = name.partition(".")
    if head == "attention":
        return _("attention point %(code)s") % {"code": code}
    for model in (PlanItem, ChildVoice, Meeting):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def history(plan: ReturnPlan) -> list[dict]:
    return (
        [
            {
                "version": version,
                "fields": [field_label(change["field"]) for change in version.changes],
            }
            for version in plan.versions.select_related("saved_by")
        ]
        if plan.pk
        else []
    )


MEETING_TEMPLATES = "meeting_templates"


def meeting_template(kind: str, language: str) -> str:
    """The agenda that prefills a meeting of this type (joint conversation 1 and 2), in the
    reader's language (nl or en); empty for types without a template."""
    for entry in loader.load(MEETING_TEMPLATES).data.get("templates") or ():
        if entry.get("kind") == kind:
            return loader.Item(entry["code"], entry["text"]).label(language)
    return ""


def meeting_template_kinds() -> list[tuple[str, str]]:
    """(kind, its label) of every meeting type that has a template, for 'start from' links."""
    kinds = {entry["kind"] for entry in loader.load(MEETING_TEMPLATES).data.get("templates") or ()}
    return [(value, label) for value, label in Meeting.Kind.choices if value in kinds]
