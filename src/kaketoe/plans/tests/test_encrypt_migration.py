"""Migration plans.0005 encrypts the plan versions and attention points already stored (H1)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kaketoe.accounts.models import Role
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanVersion
from kaketoe.testing import make_family, make_user

SECRET = "Ani sleeps badly since the raid"


def raw_versions() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, changes FROM plans_planversion")
        return [(str(subject), str(changes)) for subject, changes in cursor.fetchall()]


def migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("plans", target)])


@pytest.mark.django_db(transaction=True)
def test_stored_plan_versions_are_encrypted_by_the_migration_and_decrypted_going_back():
    owner = make_user("casemanager", Role.CASE_MANAGER)
    family = make_family(owner, children=[("Ani", date(2016, 3, 1))])
    plans.add_item(None, owner, family, domain="health", what=SECRET)
    assert not any(SECRET in subject + changes for subject, changes in raw_versions())

    migrate("0004_family_version")  # back: the versions as an older Kaketoe stored them
    assert any(SECRET in subject for subject, _changes in raw_versions())

    migrate("0005_encrypt_version_copies")
    assert not any(SECRET in subject + changes for subject, changes in raw_versions())
    assert SECRET in PlanVersion.objects.get().subject
    executor = MigrationExecutor(connection)  # every migration again, for the tests after this
    executor.migrate(executor.loader.graph.leaf_nodes())
