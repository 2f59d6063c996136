"""H3 (issue 15): on PostgreSQL the application's role may add to the audit log and read it, and
nothing else. A separate owner role runs the migrations (docs/deploy.md, "The audit table's
rights"); here a role with exactly the documented rights is created in the test database, the
connection switches to it with SET ROLE, and the log refuses every change but INSERT."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from kaketoe.audit.models import AuditEvent
from kaketoe.audit.services import Action, record

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL roles"),
    pytest.mark.django_db,
]

# What docs/deploy.md grants the application role on the audit tables (besides USAGE on the
# schema): the audit log itself SELECT and INSERT only, the one-row chain head also UPDATE.
GRANTS = [
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT ON audit_auditevent TO {role}",
    "GRANT SELECT, INSERT, UPDATE ON audit_auditchainhead TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
]
REFUSED = [
    "UPDATE audit_auditevent SET detail = 'rewritten'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only",
    "DROP TRIGGER audit_append_only ON audit_auditevent",
    "DROP TABLE audit_auditevent",
]


@pytest.fixture
def app_role():
    """A role with the application's rights only; the test transaction takes it away again."""
    role = f"kaketoe_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        for grant in GRANTS:
            cursor.execute(grant.format(role=role))
        cursor.execute(f"SET ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize("statement", REFUSED)
def test_the_application_role_cannot_change_or_empty_the_audit_log(app_role, statement):
    record(None, Action.VIEW, detail="before")
    refused = pytest.raises(DatabaseError, match="permission denied|must be owner")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(detail="before").exists()


def test_the_application_role_writes_and_reads_audit_events(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app_role
    for _ in range(3):
        record(None, Action.VIEW, detail="as the application")
    assert AuditEvent.objects.filter(detail="as the application").count() == 3
