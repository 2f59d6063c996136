"""Reproducible synthetic families at scale, for benchmarks. Written with bulk inserts.

All names are drawn from small invented lists; nothing here is real data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kaketoe.accounts.models import ROLE_AREA, AttentionArea, Membership, Organisation, Role
from kaketoe.cases import rules
from kaketoe.cases.models import Family, Person, Stage, TeamMember, TimelineEvent

COUNTRIES = {
    "AM": (
        ["Yerevan", "Gyumri", "Vanadzor"],
        ["Hakobyan", "Petrosyan", "Sargsyan", "Grigoryan"],
        ["Narek", "Ani", "Davit", "Mariam", "Tigran", "Lilit"],
    ),
    "GE": (
        ["Tbilisi", "Kutaisi", "Batumi"],
        ["Beridze", "Kapanadze", "Gelashvili"],
        ["Luka", "Nino", "Giorgi", "Mariam", "Saba"],
    ),
    "IQ": (
        ["Baghdad", "Erbil", "Basra"],
        ["Al-Sayed", "Hassan", "Karimi", "Jabbar"],
        ["Muhammad", "Fatima", "Ali", "Zainab", "Omar", "Noor"],
    ),
    "AL": (
        ["Tirana", "Durrës", "Shkodër"],
        ["Hoxha", "Kola", "Leka"],
        ["Besa", "Arben", "Elira", "Dritan", "Ilir"],
    ),
    "MN": (
        ["Ulaanbaatar", "Darkhan"],
        ["Batbayar", "Gantulga", "Enkhbold"],
        ["Temuulen", "Saran", "Bat-Erdene", "Oyuna"],
    ),
}
STAGES = (
    [Stage.PREPARING] * 4
    + [Stage.GUIDING] * 3
    + [Stage.DEPARTED, Stage.MONITORING] * 2
    + [Stage.CLOSED]
)
STAFF_ROLES = [
    Role.REGIEVOERDER,
    Role.CASE_MANAGER,
    Role.COUNSELLOR,
    Role.LAWYER,
    Role.TEACHER,
    Role.CARE_WORKER,
]
BATCH = 500
# Named colleagues, so benchmarks look at realistic pages: a case manager on about
# DESIGNATED_CASELOAD families, a team lead who sees every case of the organisation (thousands at
# scale), and the privacy officer of that organisation. All three work at the first organisation.
CASE_MANAGER = "synthetic-casemanager"
TEAM_LEAD = "synthetic-teamlead"
PRIVACY_OFFICER = "synthetic-privacy"
# A worker of the partner organisation abroad in PARTNER_COUNTRY: departed families returning
# there are handed over to it under a given consent (its "families abroad" workspace).
PARTNER = "synthetic-partner"
PARTNER_COUNTRY = "AM"
DESIGNATED_CASELOAD = 40
PLAN_DOMAINS = ["housing", "income_work", "education", "health", "psychosocial", "documents"]


def staff_pool(rng: random.Random, size: int = 120) -> list:
    """Synthetic colleagues spread over a few organisations (created once, reused)."""
    orgs = [
        Organisation.objects.get_or_create(
            name=f"Synthetic {kind.label} {n}", defaults={"kind": kind}
        )[0]
        for n in range(1, 3)
        for kind in [
            Organisation.Kind.RETURN_AUTHORITY,
            Organisation.Kind.RECEPTION,
            Organisation.Kind.RETURN_ORGANISATION,
            Organisation.Kind.LEGAL_AID,
            Organisation.Kind.SCHOOL,
            Organisation.Kind.CARE,
        ]
    ]
    users = []
    for n in range(size):
        user, created = get_user_model().objects.get_or_create(username=f"synthetic{n:04d}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            role = STAFF_ROLES[n % len(STAFF_ROLES)]
            Membership.objects.create(user=user, role=role, organisation=orgs[n % len(orgs)])
        users.append(user)
    return list(
        get_user_model().objects.filter(pk__in=[u.pk for u in users]).select_related("membership")
    )


def designated_users() -> dict:
    """The named case manager, team lead and privacy officer (created once, reused)."""
    organisation = Organisation.objects.get_or_create(
        name=f"Synthetic {Organisation.Kind.RETURN_AUTHORITY.label} 1",
        defaults={"kind": Organisation.Kind.RETURN_AUTHORITY},
    )[0]
    users = {}
    for username, role, sees_all in [
        (CASE_MANAGER, Role.CASE_MANAGER, False),
        (TEAM_LEAD, Role.CASE_MANAGER, True),
        (PRIVACY_OFFICER, Role.PRIVACY_OFFICER, False),
    ]:
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Membership.objects.create(
                user=user,
                role=role,
                organisation=organisation,
                sees_all_organisation_cases=sees_all,
            )
        users[username] = user
    return users


def partner_user():
    """The named worker of the synthetic partner organisation abroad (created once, reused)."""
    organisation = Organisation.objects.get_or_create(
        name=f"Synthetic partner abroad {PARTNER_COUNTRY}",
        defaults={"kind": Organisation.Kind.PARTNER_ABROAD},
    )[0]
    user, created = get_user_model().objects.get_or_create(username=PARTNER)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, role=Role.PARTNER, organisation=organisation)
    return get_user_model().objects.select_related("membership").get(pk=user.pk)


def create(families: int, seed: int, progress: Callable[[int], None] = lambda n: None) -> int:
    rng = random.Random(seed)
    # Plans, monitoring and handovers draw from their own generator, so the families, people
    # and teams of a seed stay what they were before these were added.
    extras = random.Random(f"{seed}:extras")
    staff = staff_pool(rng)
    case_manager = designated_users()[CASE_MANAGER]
    partner = partner_user()
    # Every `step`-th family has the designated case manager on its team: about 40 in all.
    step = max(1, families // DESIGNATED_CASELOAD)
    today = timezone.localdate()
    made = 0
    while made < families:
        size = min(BATCH, families - made)
        mine = {
            i - made
            for i in range(made, made + size)
            if i % step == 0 and i // step < DESIGNATED_CASELOAD
        }
        with transaction.atomic():
            created = _batch(rng, staff, today, size, case_manager, mine)
            _extras(extras, created, today, case_manager, partner)
        made += size
        progress(size)
    return made


def _batch(
    rng: random.Random, staff: list, today: date, size: int, case_manager=None, mine=frozenset()
) -> list[Family]:
    specs = [_family_spec(rng, today) for _ in range(size)]
    created = Family.objects.bulk_create([family for family, _p, _t in specs])
    people, places, events = [], [], []
    for index, (family, members, team_size) in enumerate(
        zip(created, [s[1] for s in specs], [s[2] for s in specs], strict=True)
    ):
        if index in mine:
            places.append(
                TeamMember(
                    family=family,
                    user=case_manager,
                    organisation_id=case_manager.membership.organisation_id,
                    role=Role.CASE_MANAGER,
                    area=ROLE_AREA[Role.CASE_MANAGER],
                )
            )
        for person in members:
            person.family = family
            person.name_key = rules.name_key(person.full_name)
            people.append(person)
        for user in rng.sample(staff, team_size):
            places.append(
                TeamMember(
                    family=family,
                    user=user,
                    organisation_id=user.membership.organisation_id,
                    role=user.membership.role,
                    area=ROLE_AREA[user.membership.role],
                )
            )
        if rng.random() < 0.3:
            places.append(
                TeamMember(
                    family=family,
                    name="Informal contact",
                    description="volunteer",
                    area=AttentionArea.INFORMAL,
                )
            )
        events += [
            TimelineEvent(
                family=family,
                kind=TimelineEvent.Kind.CREATED,
                subject=family.name,
                at=family.created_at,
            ),
            TimelineEvent(
                family=family,
                kind=TimelineEvent.Kind.MEMBER_ADDED,
                subject=members[0].full_name,
                at=family.created_at,
            ),
        ]
    Person.objects.bulk_create(people, batch_size=2000)
    TeamMember.objects.bulk_create(places, batch_size=2000)
    TimelineEvent.objects.bulk_create(events, batch_size=2000)
    return created


def _extras(rng: random.Random, families: list[Family], today: date, actor, partner) -> None:
    """Return-plan items for every family; for departed families the monitoring schedule (past
    work done, a few overdue) and checklist visits of every child at 6/12/18 months as far as
    time has passed; handovers to the partner organisation of PARTNER_COUNTRY."""
    from kaketoe.consent.models import ConsentEntry, Decision, Handover, How, Purpose
    from kaketoe.monitoring import checklist as checklists
    from kaketoe.monitoring import rules as monitoring_rules
    from kaketoe.monitoring import scoring
    from kaketoe.monitoring.models import MonitoringVisit, ScheduledWork
    from kaketoe.plans.models import PlanItem

    checklist = checklists.load()
    people: dict[int, list[Person]] = {}
    for person in Person.objects.filter(family__in=families).order_by("pk"):
        people.setdefault(person.family_id, []).append(person)
    items, work, visits, consents, handed = [], [], [], [], []
    for family in families:
        members = people[family.pk]
        children = [p for p in members if p.relation == Person.Relation.CHILD]
        for child in [None, *children[:2]]:
            items.append(
                PlanItem(
                    family=family,
                    child=child,
                    domain=rng.choice(PLAN_DOMAINS),
                    what="Synthetic plan item",
                    status=rng.choice(["open", "open", "arranged", "done"]),
                    created_by=actor,
                    updated_by=actor,
                )
            )
        if family.actual_departure is None:
            continue
        for planned in monitoring_rules.schedule(family.actual_departure):
            # Work of the last month may still be open (overdue); older work has been done.
            if planned.due_on < today - timedelta(days=30):
                done = True
            else:
                done = planned.due_on < today and rng.random() < 0.5
            work.append(
                ScheduledWork(
                    family=family,
                    kind=planned.kind,
                    number=planned.number,
                    opens_on=planned.opens_on,
                    due_on=planned.due_on,
                    done_on=planned.due_on if done else None,
                )
            )
        for month in checklists.MONTHS:
            visit_date = monitoring_rules.add_months(family.actual_departure, month)
            if visit_date > today:
                break
            for child in children:
                ratings = [
                    {"domain": d.code, "indicators": [], "level": rng.choice(d.levels).code}
                    for d in checklist.domains
                ]
                score = scoring.score_visit(checklist, ratings)
                visits.append(
                    MonitoringVisit(
                        family=family,
                        child=child,
                        month=month,
                        visit_date=visit_date,
                        catalogue_version=checklist.version,
                        ratings=ratings,
                        domains={
                            code: {
                                "level": s.level,
                                "points": s.points,
                                "max_points": s.max_points,
                                "indicators": [],
                                "chosen_level": s.chosen_level,
                            }
                            for code, s in score.domains.items()
                        },
                        total_points=score.total_points,
                        max_points=score.max_points,
                        complete=score.complete,
                        recorded_by=actor,
                    )
                )
        if family.country_of_return == PARTNER_COUNTRY and family.stage != Stage.CLOSED:
            consents.append(
                ConsentEntry(
                    family=family,
                    purpose=Purpose.HANDOVER,
                    organisation_id=partner.membership.organisation_id,
                    decision=Decision.GIVEN,
                    given_by=members[0],
                    how=How.SIGNED_FORM,
                    recorded_on=family.actual_departure - timedelta(days=7),
                    recorded_by=actor,
                )
            )
    PlanItem.objects.bulk_create(items, batch_size=2000)
    ScheduledWork.objects.bulk_create(work, batch_size=2000)
    MonitoringVisit.objects.bulk_create(visits, batch_size=1000)
    for consent in ConsentEntry.objects.bulk_create(consents):
        handed.append(
            Handover(
                family_id=consent.family_id,
                organisation_id=consent.organisation_id,
                consent=consent,
                handed_over_by=actor,
            )
        )
    Handover.objects.bulk_create(handed)


def _family_spec(rng: random.Random, today: date):
    country = rng.choice(sorted(COUNTRIES))
    places, surnames, given = COUNTRIES[country]
    surname = rng.choice(surnames)
    stage = rng.choice(STAGES)
    opened = today - timedelta(days=rng.randint(10, 700))
    family = Family(
        name=surname,
        country_of_return=country,
        place_of_return=rng.choice(places),
        stage=stage,
        created_at=timezone.make_aware(
            timezone.datetime.combine(opened, timezone.datetime.min.time())
        ),
    )
    if stage in {Stage.PREPARING, Stage.GUIDING}:
        family.departure_deadline = today + timedelta(days=rng.randint(-20, 120))
        family.planned_departure = family.departure_deadline - timedelta(days=rng.randint(0, 10))
    else:
        family.actual_departure = today - timedelta(days=rng.randint(5, 500))
        family.next_monitoring = today + timedelta(days=rng.randint(-30, 90))
    members = [
        Person(
            relation=Person.Relation.PARENT,
            given_name=rng.choice(given),
            family_name=surname,
            date_of_birth=today - timedelta(days=rng.randint(25 * 365, 50 * 365)),
        )
    ]
    for _ in range(rng.randint(1, 4)):
        members.append(
            Person(
                relation=Person.Relation.CHILD,
                given_name=rng.choice(given),
                family_name=surname,
                date_of_birth=today - timedelta(days=rng.randint(100, 17 * 365)),
            )
        )
    return family, members, rng.randint(3, 5)
