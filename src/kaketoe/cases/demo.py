"""Fictional demo data: organisations, one user per role, and families in every stage.

All names are invented. Dates are relative to the day the demo is first loaded.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts.models import AttentionArea, Membership, Organisation, Role
from kaketoe.audit import erasure
from kaketoe.cases import services
from kaketoe.cases.models import Family, Person, RouteNote, Stage
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose

K = Organisation.Kind
ORGANISATIONS = {
    "dtv": ("Dienst Terugkeer en Vertrek (demo)", K.RETURN_AUTHORITY, "NL"),
    "coa": ("COA locatie Zuiderhaven (demo)", K.RECEPTION, "NL"),
    "return": ("Stichting Veilig Thuis (demo)", K.RETURN_ORGANISATION, "NL"),
    "legal": ("Advocatenkantoor Van Dijk (demo)", K.LEGAL_AID, "NL"),
    "school": ("Basisschool De Regenboog (demo)", K.SCHOOL, "NL"),
    "care": ("GGZ Oost (demo)", K.CARE, "NL"),
    "partner": ("Family Support Yerevan (demo)", K.PARTNER_ABROAD, "AM"),
    "partner_mn": ("Family Support Ulaanbaatar (demo)", K.PARTNER_ABROAD, "MN"),
}
# username: (first name, last name, organisation, role, sees all organisation cases)
USERS = {
    "regievoerder": ("Ruud", "de Vries", "dtv", Role.REGIEVOERDER, False),
    "casemanager": ("Sanne", "Bakker", "coa", Role.CASE_MANAGER, False),
    "counsellor": ("Yusuf", "Demir", "return", Role.COUNSELLOR, False),
    "lawyer": ("Eva", "van Dijk", "legal", Role.LAWYER, False),
    "teacher": ("Marieke", "Jansen", "school", Role.TEACHER, False),
    "careworker": ("Pieter", "Smit", "care", Role.CARE_WORKER, False),
    "partner": ("Anahit", "Sargsyan", "partner", Role.PARTNER, False),
    "privacy": ("Fatima", "El Amrani", "dtv", Role.PRIVACY_OFFICER, False),
    # The second approver of an erasure on request (audit/erasure.py).
    "privacy2": ("Noor", "Hendriks", "dtv", Role.PRIVACY_OFFICER, False),
    "orgadmin": ("Joost", "Visser", "dtv", Role.ORG_ADMIN, False),
    "teamlead": ("Linda", "Mulder", "coa", Role.CASE_MANAGER, True),
}

D = timedelta
DEMO_MARK = "Demo: done before the case came into Kaketoe; the records of this step are on paper."
# name, country, place, stage, steps marked done, deadlines (days from today), parents,
# children, team
FAMILIES = [
    (
        "Hakobyan",
        "AM",
        "Yerevan",
        Stage.PREPARING,
        [],  # 1A is under way: the route map shows what it still needs
        {"departure_deadline": 45, "planned_departure": 40},
        [("Armen", -41 * 365), ("Lusine", -36 * 365)],
        [
            ("Narek", -15 * 365 - 40, "male"),
            ("Ani", -11 * 365 - 100, "female"),
            ("Davit", -7 * 365 - 20, "male"),
        ],
        ["regievoerder", "casemanager", "counsellor", "lawyer", "teacher", "careworker"],
    ),
    (
        "Karimi",
        "IQ",
        "Erbil",
        Stage.GUIDING,
        ["1A", "1B"],
        {"departure_deadline": 20, "planned_departure": 12},
        [("Shirin", -33 * 365)],
        [("Dilan", -9 * 365 - 10, "female"), ("Rojin", -4 * 365 - 200, "female")],
        ["regievoerder", "casemanager", "counsellor", "teacher"],
    ),
    (
        "Beridze",
        "GE",
        "Kutaisi",
        Stage.DEPARTED,
        ["1A", "1B", "2A", "2B"],
        {"actual_departure": -20, "next_monitoring": 10},
        [("Giorgi", -44 * 365), ("Nino", -40 * 365)],
        [("Luka", -13 * 365 - 50, "male")],
        ["regievoerder", "casemanager", "counsellor", "partner"],
    ),
    (
        "Batbayar",
        "MN",
        "Ulaanbaatar",
        Stage.MONITORING,
        ["1A", "1B", "2A", "2B"],
        {"actual_departure": -190, "next_monitoring": -5},
        [("Oyuna", -38 * 365)],
        [("Temuulen", -10 * 365 - 5, "male"), ("Saran", -6 * 365 - 90, "female")],
        ["regievoerder", "casemanager", "counsellor", "careworker"],
    ),
    (
        "Grigoryan",
        "AM",
        "Gyumri",
        Stage.MONITORING,
        ["1A", "1B", "2A", "2B"],
        {"actual_departure": -200},
        [("Hovhannes", -42 * 365), ("Mariam", -37 * 365)],
        [("Tigran", -12 * 365 - 70, "male"), ("Lilit", -8 * 365 - 30, "female")],
        ["regievoerder", "casemanager", "counsellor", "partner"],
    ),
    (
        "Hoxha",
        "AL",
        "Tirana",
        Stage.PREPARING,
        [],
        {"departure_deadline": -3},
        [("Arben", -39 * 365), ("Elira", -35 * 365)],
        [
            ("Besa", -12 * 365 - 30, "female"),
            ("Dritan", -8 * 365 - 60, "male"),
            ("Ilir", -2 * 365 - 10, "male"),
        ],
        ["regievoerder", "casemanager", "counsellor", "lawyer"],
    ),
    (
        "Al-Sayed",
        "IQ",
        "Baghdad",
        Stage.CLOSED,
        ["1A", "1B", "2A", "2B", "3"],
        {"actual_departure": -560},
        [("Muhammad", -45 * 365)],
        [("مريم (Maryam)", -16 * 365 - 120, "female")],
        ["regievoerder", "counsellor"],
    ),
]


def demo_password() -> str:
    import os

    return os.environ.get("KAKETOE_DEMO_PASSWORD", "kaketoe-demo-2026")


@transaction.atomic
def load() -> dict[str, TOTPDevice]:
    """Create what is missing; a second run changes nothing. Returns each user's TOTP device."""
    orgs = {
        key: Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "country": country}
        )[0]
        for key, (name, kind, country) in ORGANISATIONS.items()
    }
    users, devices = {}, {}
    for username, (first, last, org, role, sees_all) in USERS.items():
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(demo_password())
            user.save()
        Membership.objects.get_or_create(
            user=user,
            defaults={
                "organisation": orgs[org],
                "role": role,
                "sees_all_organisation_cases": sees_all,
                # Partner organisations abroad work in English by default.
                "language": "en" if orgs[org].is_abroad_partner else "",
            },
        )
        devices[username] = TOTPDevice.objects.filter(
            user=user, confirmed=True
        ).first() or TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
        users[username] = user
    for spec in FAMILIES:
        _family(spec, users)
    _sharing(users, orgs)
    _monitoring(users)
    _toolkit(users)
    _best_interests(users)
    _erasure(users)
    _waiting_colleague(users)
    return devices


def _family(spec, users) -> None:
    name, country, place, stage, steps, dates, parents, children, team = spec
    if Family.objects.filter(name=name, created_by=users["regievoerder"]).exists():
        return
    today = timezone.localdate()
    family = Family(
        name=name,
        country_of_return=country,
        place_of_return=place,
        stage=stage,
        **{k: today + D(days=v) for k, v in dates.items()},
    )
    if country in {"IQ"}:
        family.languages = "Arabisch, Koerdisch"
        family.interpreter_language, family.interpreter_gender = "Arabisch", "female"
        family.interpreter_dialect = "Iraaks"
    boss = users["regievoerder"]
    services.open_case(None, boss, family)
    for step in steps:  # the demo's earlier steps happened before its case came into Kaketoe
        RouteNote.objects.create(family=family, step=step, text=DEMO_MARK, written_by=boss)
    for given, days in parents:
        services.add_member(
            None,
            boss,
            family,
            Person(
                relation=Person.Relation.PARENT,
                given_name=given,
                family_name=name,
                date_of_birth=today + D(days=days),
            ),
        )
    for given, days, sex in children:
        services.add_member(
            None,
            boss,
            family,
            Person(
                relation=Person.Relation.CHILD,
                given_name=given,
                family_name=name,
                date_of_birth=today + D(days=days),
                sex=sex,
            ),
        )
    for username in team:
        if username != "regievoerder":
            services.join_team(None, boss, family, user=users[username])
    if name == "Hakobyan":
        services.join_team(
            None,
            boss,
            family,
            name="Siranush Hakobyan",
            description="grootmoeder in Yerevan",
            area=AttentionArea.INFORMAL,
        )


def _sharing(users, orgs) -> None:
    """Beridze is shared with the Yerevan partner; Batbayar's consent to share was withdrawn;
    the other families were never handed over."""
    families = Family.objects.filter(created_by=users["regievoerder"])
    beridze, batbayar = families.get(name="Beridze"), families.get(name="Batbayar")
    counsellor, today = users["counsellor"], timezone.localdate()

    def given(family, parent, purpose, org, days, **fields):
        entry = ConsentEntry(
            family=family,
            purpose=purpose,
            organisation=orgs[org],
            decision=Decision.GIVEN,
            given_by=family.members.get(given_name=parent),
            recorded_on=today + D(days=days),
            **fields,
        )
        return consent.record_consent(None, counsellor, entry)

    if not beridze.consents.exists():
        signed = {
            "how": How.SIGNED_FORM,
            "child_assent": "Luka wil dat zijn nieuwe school het weet.",
        }
        given(beridze, "Giorgi", Purpose.HANDOVER, "partner", -35, scope="Terugkeerplan", **signed)
        given(
            beridze,
            "Nino",
            Purpose.MONITORING,
            "partner",
            -35,
            expires_on=today + D(days=330),
            scope="Monitoring het eerste jaar",
            **signed,
        )
        consent.hand_over(None, counsellor, beridze, orgs["partner"])
    grigoryan = families.get(name="Grigoryan")
    if not grigoryan.consents.exists():
        signed = {"how": How.SIGNED_FORM}
        given(
            grigoryan, "Mariam", Purpose.HANDOVER, "partner", -230, scope="Terugkeerplan", **signed
        )
        consent.hand_over(None, counsellor, grigoryan, orgs["partner"])
    if not batbayar.consents.exists():
        spoken = {"how": How.VERBAL_INTERPRETER, "interpreter_language": "Mongools"}
        handover = given(
            batbayar,
            "Oyuna",
            Purpose.HANDOVER,
            "partner_mn",
            -200,
            scope="Terugkeerplan en schoolrapporten",
            **spoken,
        )
        consent.hand_over(None, counsellor, batbayar, orgs["partner_mn"])
        withdrawal = ConsentEntry(
            given_by=handover.given_by, recorded_on=today - D(days=30), **spoken
        )
        consent.withdraw(None, counsellor, handover, withdrawal)


def _waiting_colleague(users) -> None:
    """`orgadmin` added a colleague who sees every case of DT&V: inactive, no password, until
    `privacy` (or `privacy2`) approves it on "Changes of access" (issue 15, M1)."""
    from kaketoe.accounts import services as account_services

    if get_user_model().objects.filter(username="newlead").exists():
        return
    admin = users["orgadmin"]
    data = {
        "username": "newlead",
        "first_name": "Sanne",
        "last_name": "de Wit",
        "email": "newlead@example.org",
        "role": Role.REGIEVOERDER,
        "sees_all_organisation_cases": True,
    }
    account_services.add_colleague(None, admin.membership.organisation, data, by=admin)


def _erasure(users) -> None:
    """The Al-Sayed family (closed) asked for erasure: `privacy` recorded it, `privacy2` decides."""
    al_sayed = Family.objects.filter(name="Al-Sayed", created_by=users["regievoerder"]).first()
    if al_sayed is None or al_sayed.erased_at or al_sayed.erasure_requests.exists():
        return
    reason = (
        "De vader vroeg per e-mail van vorige week om alle gegevens van het gezin te wissen, nu "
        "de monitoring is afgerond (AVG art. 17 lid 1 sub a)."
    )
    erasure.request_erasure(None, users["privacy"], al_sayed, reason)


def _monitoring(users) -> None:
    """Grigoryan returned to Gyumri about 200 days ago: its schedule, a first contact, the
    6-month visit of both children (one raising an alert) and a progress report."""
    from kaketoe.monitoring import services as monitoring
    from kaketoe.plans import services as plans

    family = Family.objects.get(name="Grigoryan", created_by=users["regievoerder"])
    if family.monitoring_visits.exists():
        return
    counsellor, partner = users["counsellor"], users["partner"]
    tigran, lilit = (family.members.get(given_name=name) for name in ("Tigran", "Lilit"))
    school = plans.add_item(
        None,
        counsellor,
        family,
        child=tigran,
        domain="education",
        what="Inschrijving school 7e klas",
    )
    plans.add_item(None, counsellor, family, domain="housing", what="Huur eerste zes maanden")
    work = monitoring.start_monitoring(None, counsellor, family)
    departed = family.actual_departure
    monitoring.mark_done(None, partner, work[0], departed + D(days=5), "Met the family at home")
    monitoring.record_progress_report(
        None,
        partner,
        family,
        reported_on=departed + D(days=60),
        family_view="We are settling in; Tigran misses his friends in the Netherlands.",
        new_needs="Extra Armenian lessons for Lilit.",
        lines=[{"item": school, "status": "done", "notes": "Tigran goes to school no. 12."}],
    )
    visit_day = departed + D(days=183)
    monitoring.record_visit(
        None,
        partner,
        tigran,
        6,
        visit_day,
        [
            {"domain": "education_work", "indicators": ["education_work.satisfactory.1"]},
            {"domain": "social_integration", "level": "satisfactory"},
            {"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]},
            {"domain": "health", "level": "good"},
            {"domain": "legal", "indicators": ["legal.good.1"]},
            {"domain": "safety", "level": "safe"},
            {"domain": "family_relations", "level": "good"},
            {"domain": "financial_support", "level": "satisfactory"},
        ],
    )
    monitoring.record_visit(
        None,
        partner,
        lilit,
        6,
        visit_day,
        [
            {"domain": "education_work", "indicators": ["education_work.below_average.3"]},
            {"domain": "social_integration", "indicators": ["social_integration.below_average.1"]},
            {
                "domain": "housing",
                "indicators": ["housing.satisfactory.1", "housing.unsatisfactory.8"],
            },
            {"domain": "safety", "level": "safe"},
        ],
    )


def _best_interests(users) -> None:
    """Best-interests assessments (issue 16 §5): Temuulen Batbayar's is final, signed off by the
    return officer (DT&V) and the care worker (GGZ), with the partner's contribution recorded
    (a handover was made); Narek Hakobyan's draft waits for a second sign-off."""
    from kaketoe.assessments import services as assessments
    from kaketoe.catalogues import loader

    version = loader.load("best_interests").version
    families = Family.objects.filter(created_by=users["regievoerder"])
    temuulen = families.get(name="Batbayar").members.get(given_name="Temuulen")
    narek = families.get(name="Hakobyan").members.get(given_name="Narek")
    if temuulen.best_interests.exists() or narek.best_interests.exists():
        return
    texts = {
        "child_view": "Ik wil weer voetballen met mijn neven.",
        "child_heard_how": "Kindgesprek met de kaarten",
        "child_heard_by": "Pieter Smit (GGZ)",
        "recommendations": "",
    }
    final = assessments.save_best_interests(
        None,
        users["careworker"],
        temuulen,
        version,
        0,
        findings={"BIA-1": "Geen directe dreiging in Ulaanbaatar volgens de partner."},
        participants=None,
        conclusion="Terugkeer met schoolplaats en begeleiding is in zijn belang.",
        partner_contribution="Family Support Ulaanbaatar: school en woonwijk beoordeeld.",
        **texts,
    )
    for signer in ("regievoerder", "careworker"):
        assessments.sign_off_best_interests(None, users[signer], final, final.version)
    draft = assessments.save_best_interests(
        None,
        users["casemanager"],
        narek,
        version,
        0,
        findings={"BIA-5": "Narek slaapt slecht sinds de beslissing."},
        participants=None,
        conclusion="",
        partner_contribution="",
        **texts | {"child_view": "", "child_heard_how": "", "child_heard_by": ""},
    )
    assessments.sign_off_best_interests(None, users["regievoerder"], draft, draft.version)


def _toolkit(users) -> None:
    """Hakobyan: Davit (7) did one booklet session with the counsellor (a few answers, one the
    child wants in the return plan and shared with the team, linked as his voice; his words
    about his grandfather kept private), a sticker on part A, a farewell page from his teacher with
    the parents' agreement to contact details), and the family's plan has a couple of items."""
    from django.contrib.auth.hashers import make_password

    from kaketoe.catalogues.loader import load as load_catalogue
    from kaketoe.plans import services as plans
    from kaketoe.toolkit import content
    from kaketoe.toolkit import services as toolkit
    from kaketoe.toolkit.models import ChildSession

    family = Family.objects.get(name="Hakobyan", created_by=users["regievoerder"])
    davit = family.members.get(given_name="Davit")
    if ChildSession.objects.filter(child=davit).exists():
        return
    counsellor, now = users["counsellor"], timezone.now()
    session = ChildSession.objects.create(
        family=family,
        child=davit,
        kit="booklet",
        language="nl",
        catalogue_version=load_catalogue(content.TOOLKIT).version,
        pin_hash=make_password(None),  # unusable: this session never locked a browser
        started_by=counsellor,
        started_at=now - D(days=3, hours=1),
    )
    texts = content.Content("nl")
    toolkit.save_answer(None, session, texts.question("BOOK-A-1"), choices=["BOOK-A-1-PLAY"])
    toolkit.save_answer(
        None, session, texts.question("BOOK-A-2"), words="Mijn opa, want hij vertelt grapjes."
    )
    feeling = toolkit.save_answer(None, session, texts.question("BOOK-A-4"), choices=["FEEL-HAPPY"])
    goodbye = toolkit.save_answer(
        None, session, texts.question("BOOK-C-2"), words="Ik wil mijn voetbalteam gedag zeggen."
    )
    toolkit.mark_for_plan(None, goodbye, True)
    # Davit chose to share his goodbye wish with the team (it becomes his voice in the plan,
    # below) and his happy face with his parents; his grandfather stays between him and the
    # counsellor.
    toolkit.set_sharing(None, goodbye, "team", in_child_mode=True)
    toolkit.set_sharing(None, feeling, "parents", in_child_mode=True)
    toolkit.put_sticker(session, "A")
    session.present = "moeder (Lusine), Yusuf Demir (consulent)"
    session.how_it_went = "Davit koos zelf deel A en C. Rustig, veel gelachen om Tuki."
    toolkit.record_after(None, counsellor, session)
    lusine = family.members.get(given_name="Lusine")
    toolkit.record_farewell_consent(
        None, counsellor, davit, agreed_on=timezone.localdate() - D(days=3), agreed_by=lusine
    )
    toolkit.add_farewell(
        None,
        counsellor,
        davit,
        writer="teacher",
        name="Juf Marieke",
        memory="Jouw mooie tekening van de kaketoe hangt nog in de klas.",
        wish="Ik wens je een fijne nieuwe school met veel vriendjes.",
        contact="Basisschool De Regenboog, groep 4 (demo)",
        session=session,
    )
    if not family.plan_items.exists():
        football = plans.add_item(
            None,
            counsellor,
            family,
            child=davit,
            domain="farewell",
            what="Afscheid van het voetbalteam van Davit",
            source="child_voice",
        )
        plans.add_voice_from_answer(
            None, counsellor, goodbye, answered_by=[football], taken_into_account="yes"
        )
        plans.add_item(
            None,
            counsellor,
            family,
            domain="education",
            what="Schoolrapporten laten vertalen voor de school in Yerevan",
            weeks_needed=3,
        )
