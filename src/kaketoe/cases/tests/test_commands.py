from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kaketoe.accounts.models import ApiToken, Organisation, Role, hash_token
from kaketoe.cases.models import Family, Person, Stage, TeamMember

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_seed_demo_twice_creates_everything_once_and_prints_every_login():
    first = run("seed_demo")
    counts = (
        Family.objects.count(),
        Person.objects.count(),
        TeamMember.objects.count(),
        get_user_model().objects.count(),
    )
    second = run("seed_demo")
    assert counts == (
        Family.objects.count(),
        Person.objects.count(),
        TeamMember.objects.count(),
        get_user_model().objects.count(),
    )
    for username in [
        "regievoerder",
        "casemanager",
        "counsellor",
        "lawyer",
        "teacher",
        "careworker",
        "partner",
        "privacy",
        "orgadmin",
    ]:
        assert username in first and username in second
        user = get_user_model().objects.get(username=username)
        assert user.totpdevice_set.filter(confirmed=True).exists()


def test_demo_has_families_in_every_stage_with_children_of_all_toolkit_ages():
    run("seed_demo")
    assert {f.stage for f in Family.objects.all()} == set(Stage.values)
    bands = {p.age_band() for p in Person.objects.filter(relation=Person.Relation.CHILD)}
    assert {"0-5", "6-9", "10-12", "13-17"} <= bands
    assert Organisation.objects.filter(kind=Organisation.Kind.PARTNER_ABROAD).exists()
    assert get_user_model().objects.get(username="privacy").membership.role == Role.PRIVACY_OFFICER


def wipe_families():
    """Remove the families; the append-only consent ledger is cleared underneath (tests only)."""
    from kaketoe.consent.models import ConsentEntry, Handover

    Handover.objects.all().delete()
    ConsentEntry.objects.all()._raw_delete(ConsentEntry.objects.db)
    Family.objects.all().delete()


def test_seed_synthetic_is_reproducible_from_its_seed():
    run("seed_synthetic", "--families", "40", "--seed", "7")
    first = list(Family.objects.order_by("pk").values_list("name", "country_of_return", "stage"))
    wipe_families()
    run("seed_synthetic", "--families", "40", "--seed", "7")
    again = list(Family.objects.order_by("pk").values_list("name", "country_of_return", "stage"))
    assert first == again and len(first) == 40
    assert Person.objects.filter(relation=Person.Relation.CHILD).count() >= 40
    assert all(p.name_key for p in Person.objects.all())
    every_family_has_a_team = not Family.objects.filter(team__isnull=True).exists()
    assert every_family_has_a_team


def test_issued_api_token_is_shown_once_and_stored_only_as_a_hash():
    run("seed_demo")
    raw = run("issue_api_token", "casemanager").strip()
    token = ApiToken.objects.get()
    assert raw.startswith("kkt_") and len(raw) > 30
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert ApiToken.find_active(raw) == token
    assert ApiToken.find_active(raw + "x") is None


def test_issue_api_token_refuses_an_unknown_user():
    with pytest.raises(Exception, match="No active user"):
        run("issue_api_token", "nobody")


def test_demo_has_a_handed_over_family_in_monitoring_with_a_visit_and_a_report():
    from kaketoe.cases import access
    from kaketoe.monitoring.models import MonitoringVisit, ProgressReport

    run("seed_demo")
    partner = get_user_model().objects.get(username="partner")
    family = access.visible_families(partner).get(stage=Stage.MONITORING)
    assert family.monitoring_visits.filter(month=6).exists()
    assert family.progress_reports.exists() and family.monitoring_alerts.exists()
    assert partner.membership.language == "en"
    counts = (MonitoringVisit.objects.count(), ProgressReport.objects.count())
    run("seed_demo")
    assert counts == (MonitoringVisit.objects.count(), ProgressReport.objects.count())


def test_seed_synthetic_plans_monitoring_and_handovers_are_reproducible_from_the_seed():
    from kaketoe.cases import access, synthetic
    from kaketoe.consent.models import Handover
    from kaketoe.monitoring.models import MonitoringVisit, ScheduledWork
    from kaketoe.plans.models import PlanItem

    def snapshot():
        return (
            list(
                PlanItem.objects.order_by("pk").values_list("domain", "status", "child__given_name")
            ),
            list(
                MonitoringVisit.objects.order_by("pk").values_list(
                    "month", "visit_date", "total_points", "domains"
                )
            ),
            list(ScheduledWork.objects.order_by("pk").values_list("kind", "number", "done_on")),
            list(Handover.objects.order_by("pk").values_list("family__name", "consent__decision")),
        )

    run("seed_synthetic", "--families", "120", "--seed", "7")
    first = snapshot()
    wipe_families()
    run("seed_synthetic", "--families", "120", "--seed", "7")
    assert snapshot() == first
    items, visits, work, handovers = first
    assert len(items) >= 120 * 2 and visits and work and handovers
    departed = Family.objects.filter(actual_departure__isnull=False)
    assert not ScheduledWork.objects.exclude(family__in=departed).exists()
    partner = get_user_model().objects.get(username=synthetic.PARTNER)
    abroad = access.visible_families(partner)
    assert abroad.count() == len(handovers)
    assert set(abroad.values_list("country_of_return", flat=True)) == {synthetic.PARTNER_COUNTRY}
