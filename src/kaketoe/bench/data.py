"""Benchmark data on top of seed_synthetic: filled-in instruments on the measured family, and an
audit log of realistic volume (the log grows with every page view, so it outgrows the cases)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.assessments import instruments, rules
from kaketoe.assessments.models import ChildFactor, PreconditionAnswer, ProtectiveMeasure
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.cases.models import Family, Person, TeamMember
from kaketoe.catalogues import loader

AUDIT_EVENTS_PER_FAMILY = 10


def with_second_factor(user) -> None:
    TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})


def measured_family(case_manager) -> tuple[Family, Person]:
    """The case manager's family with the most children, and its eldest child."""
    family = (
        access.visible_families(case_manager)
        .annotate(kids=Count("members", filter=Q(members__relation=Person.Relation.CHILD)))
        .order_by("-kids", "pk")
        .first()
    )
    child = family.members.filter(relation=Person.Relation.CHILD).order_by("date_of_birth").first()
    return family, child


def family_with_children(case_manager, children: int) -> Family:
    """The case manager's first family with exactly `children` children (else the most)."""
    families = access.visible_families(case_manager).annotate(
        kids=Count("members", filter=Q(members__relation=Person.Relation.CHILD))
    )
    return (
        families.filter(kids=children).order_by("pk").first()
        or families.order_by("-kids", "pk").first()
    )


def monitored_child(case_manager) -> Person:
    """A child of the case manager's families with the most monitoring visits."""
    return (
        Person.objects.filter(
            family__in=access.visible_families(case_manager), relation=Person.Relation.CHILD
        )
        .annotate(visits=Count("monitoring_visits"))
        .order_by("-visits", "pk")
        .first()
    )


@transaction.atomic
def fill_instruments(family: Family, actor, rng: random.Random) -> None:
    """Answer the whole preconditions checklist, and record factors and measures per child."""
    children = list(family.members.filter(relation=Person.Relation.CHILD))
    checklist = loader.load(instruments.PRECONDITIONS)
    scopes = {row.code: row.scope for row in instruments.checklist_rows(checklist)}
    statuses = [s for s, _label in PreconditionAnswer.Status.choices]
    PreconditionAnswer.objects.bulk_create(
        PreconditionAnswer(
            family=family,
            child_id=child_id,
            item_code=code,
            catalogue_version=checklist.version,
            status=rng.choice(statuses),
            assessed_by=actor,
        )
        for child_id, code in rules.slots(scopes, [c.pk for c in children])
    )
    factors = loader.load(instruments.FACTORS)
    entries = instruments.factor_entries(factors)
    measures = loader.load(instruments.MEASURES)
    categories = [m["code"] for m in measures.data["measures"]]
    for child in children:
        for entry in rng.sample(entries, min(12, len(entries))):
            ChildFactor.objects.create(
                child=child,
                catalogue_version=factors.version,
                code=entry["code"],
                level=entry["level"],
                phase=entry["phase"],
                kind=entry["kind"],
                recorded_by=actor,
            )
        for category in rng.sample(categories, min(3, len(categories))):
            ProtectiveMeasure.objects.create(
                child=child,
                catalogue_version=measures.version,
                category=category,
                description="Synthetic measure",
                recorded_by=actor,
            )


def audit_log(rng: random.Random, per_family: int = AUDIT_EVENTS_PER_FAMILY) -> int:
    """Views and changes by team members over the past year, plus their logins."""
    now = timezone.now()
    places = list(
        TeamMember.objects.filter(user__isnull=False).values_list(
            "family_id", "user_id", "user__username"
        )
    )
    by_family: dict[int, list] = {}
    for family_id, user_id, username in places:
        by_family.setdefault(family_id, []).append((user_id, username))
    actions = [AuditEvent.Action.VIEW] * 8 + [AuditEvent.Action.CHANGE] * 2
    batch, made = [], 0
    for family_id in sorted(by_family):
        for _ in range(per_family):
            user_id, username = rng.choice(by_family[family_id])
            batch.append(
                AuditEvent(
                    at=now - timedelta(seconds=rng.randint(0, 365 * 86400)),
                    actor_id=user_id,
                    actor_username=username,
                    action=rng.choice(actions),
                    object_type="family",
                    object_id=str(family_id),
                    family_id=family_id,
                    path=f"/families/{family_id}/",
                    ip="127.0.0.1",
                )
            )
        if rng.random() < 0.2:
            user_id, username = rng.choice(by_family[family_id])
            batch.append(
                AuditEvent(
                    at=now - timedelta(seconds=rng.randint(0, 365 * 86400)),
                    actor_id=user_id,
                    actor_username=username,
                    action=AuditEvent.Action.LOGIN,
                    path="/accounts/login/",
                    ip="127.0.0.1",
                )
            )
        if len(batch) >= 5000:
            AuditEvent.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    return made + len(batch)
