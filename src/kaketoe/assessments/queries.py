"""Page models for the step-1A instruments: catalogue + answers in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from kaketoe.assessments import instruments, rules
from kaketoe.assessments.forms import slot_key
from kaketoe.assessments.models import PreconditionAnswer
from kaketoe.cases.models import Family, Person


@dataclass
class Section:
    code: str
    title: str
    rows: list[tuple[instruments.ChecklistRow, str]]
    slots: list[tuple[int | None, str]]
    progress: rules.Progress
    open_points: list[tuple[str, str, str, int | None]] = field(default_factory=list)
    children: dict[int, Person] = field(default_factory=dict)


@dataclass
class Overview:
    version: str
    sections: list[Section]
    overall: rules.Progress

    def section(self, code: str) -> Section | None:
        return next((s for s in self.sections if s.code == code), None)


def checklist_overview(family: Family, catalogue, language: str) -> Overview:
    children = {c.pk: c for c in family.members.filter(relation=Person.Relation.CHILD)}
    answers = {
        (a.child_id, a.item_code): a.status
        for a in PreconditionAnswer.objects.filter(
            family=family, catalogue_version=catalogue.version
        )
    }
    all_rows = instruments.checklist_rows(catalogue)
    sections, all_slots = [], []
    for area in instruments.areas(catalogue):
        rows = [
            (row, catalogue.item(row.code).label(language))
            for row in all_rows
            if row.area == area["code"]
        ]
        slot_list = rules.slots({row.code: row.scope for row, _l in rows}, children)
        all_slots += slot_list
        labels = dict((row.code, label) for row, label in rows)
        open_points = [
            (children[c].given_name if c else "", code, labels[code], c)
            for c, code in rules.open_points(slot_list, answers)
        ]
        sections.append(
            Section(
                area["code"],
                area["title"].get(language) or area["title"]["en"],
                rows,
                slot_list,
                rules.progress(slot_list, answers),
                open_points,
                children,
            )
        )
    return Overview(catalogue.version, sections, rules.progress(all_slots, answers))


def form_rows(section: Section, form) -> list[dict]:
    """One entry per item: its label and depth, then a line per slot with its form fields."""
    result = []
    for row, label in section.rows:
        slots = [c for c, code in section.slots if code == row.code]
        lines = [
            {
                "child": section.children.get(child_id),
                "status": form[f"status__{slot_key(child_id, row.code)}"],
                "note": form[f"note__{slot_key(child_id, row.code)}"],
                "seen": form[f"seen__{slot_key(child_id, row.code)}"],
            }
            for child_id in slots
        ]
        result.append(
            {
                "code": row.code,
                "label": label,
                "depth": row.depth,
                "scope": row.scope,
                "lines": lines,
            }
        )
    return result


def describe_conflicts(conflicts, section: Section) -> list[dict]:
    labels = {row.code: label for row, label in section.rows}
    statuses = dict(PreconditionAnswer.Status.choices)
    return [
        {
            "label": labels.get(c.code, c.code),
            "child": section.children[c.child_id].given_name if c.child_id else "",
            "status": statuses.get(c.their_status, c.their_status),
            "note": c.their_note,
            "by": c.by,
        }
        for c in conflicts
    ]


def safety_warning(family: Family) -> str | None:
    """'missing' or 'outdated' when the family's safety assessment needs attention."""
    latest = family.safety_assessments.values_list("assessed_on", flat=True).first()
    departure = family.planned_departure or family.departure_deadline
    if family.stage not in {"preparing", "guiding"}:
        return None
    return rules.safety_warning(
        latest,
        timezone.localdate(),
        departure,
        max_age_months=settings.SAFETY_ASSESSMENT_MAX_AGE_MONTHS,
        warn_days=settings.SAFETY_ASSESSMENT_WARN_DAYS,
    )
