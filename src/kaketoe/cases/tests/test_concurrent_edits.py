"""Two people save the same record at the same moment: one wins, the other is told (issue 8).

Two threads, each with its own database connection, open the record at the same version, wait
for each other, and save at once, with real transactions (not the test case's one rolled-back
transaction). Runs in CI's PostgreSQL pass. SQLite's in-memory test database shares one cache
between connections and answers "table is locked" instead of waiting, unlike the deployed file
database (IMMEDIATE transactions, 20 s busy timeout), so there these tests are skipped. Each run
is counted (KAKETOE_CONCURRENT_COUNT_FILE) for `./kaketoe manage security_report`.
"""

from __future__ import annotations

import os
import threading
from datetime import date

import pytest
from django.db import connection

from kaketoe.accounts.models import Role
from kaketoe.cases import services
from kaketoe.cases.models import Family
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanItem
from kaketoe.testing import OrganisationFactory, make_family, make_user

ROUNDS = int(os.environ.get("KAKETOE_CONCURRENT_ROUNDS", "5"))
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database (see the docstring)"
)


def race(save_as: dict) -> dict:
    """Run save_as[name]() in one thread per name, released together; returns outcomes."""
    barrier = threading.Barrier(len(save_as))
    outcomes = {}

    def editor(name, save):
        try:
            prepared = save()  # reads the record at its current version
            barrier.wait(timeout=10)
            prepared()
            outcomes[name] = "saved"
        except Exception as error:  # the outcome is what we check
            outcomes[name] = type(error).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=item) for item in save_as.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    count = os.environ.get("KAKETOE_CONCURRENT_COUNT_FILE")
    if count:
        with open(count, "a") as out:
            out.write("1\n")
    return outcomes


@pytest.fixture
def people():
    organisation = OrganisationFactory(name="COA")
    casemanager = make_user("casemanager", Role.CASE_MANAGER, organisation)
    counsellor = make_user("counsellor", Role.COUNSELLOR, organisation)
    family = make_family(casemanager, children=[("Ani", date(2016, 3, 1))])
    services.join_team(None, casemanager, family, user=counsellor)
    return casemanager, counsellor, family


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_people_change_the_case_at_once_one_is_refused(people, round_):
    casemanager, counsellor, family = people

    def edit(actor, name):
        def prepare():
            mine = Family.objects.get(pk=family.pk)
            seen = mine.version

            def save():
                mine.name = name
                services.change_case(None, actor, mine, seen, ["name"])

            return save

        return prepare

    outcomes = race(
        {"Avetisyan": edit(casemanager, "Avetisyan"), "Sargsyan": edit(counsellor, "Sargsyan")}
    )
    assert sorted(outcomes.values()) == ["StaleEdit", "saved"], outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    family.refresh_from_db()
    assert family.name == winner and family.version == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_people_change_a_plan_item_at_once_one_is_refused(people, round_):
    casemanager, counsellor, family = people
    item = plans.add_item(None, casemanager, family, domain="health", what="See the GP")

    def edit(actor, what):
        def prepare():
            mine = PlanItem.objects.get(pk=item.pk)
            seen = mine.version
            return lambda: plans.change_item(None, actor, mine, seen, what=what)

        return prepare

    outcomes = race(
        {
            "dentist": edit(casemanager, "See the dentist"),
            "school": edit(counsellor, "Visit the new school"),
        }
    )
    assert sorted(outcomes.values()) == ["StaleEdit", "saved"], outcomes
    item.refresh_from_db()
    assert item.version == 2
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert winner in item.what.lower()
