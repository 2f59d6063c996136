"""Free-text notes about health and trauma are encrypted at rest; keys can be rotated (issue 8)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from kaketoe import crypto
from kaketoe.accounts.models import Role
from kaketoe.plans import services as plan_services
from kaketoe.plans.models import PlanItem, PlanVersion
from kaketoe.testing import make_family, make_user

pytestmark = pytest.mark.django_db

KEY_A, KEY_B = crypto.new_key(), crypto.new_key()
SECRET = "Ani sleeps badly since the raid; referred to GGZ for trauma therapy"


def raw(model, pk, column):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608  # nosec B608
        return cursor.fetchone()[0]


@pytest.fixture
def item(settings):
    settings.ENCRYPTION_KEYS = [KEY_A]
    owner = make_user("casemanager", Role.CASE_MANAGER)
    family = make_family(owner, children=[("Ani", date(2016, 3, 1))])
    return plan_services.add_item(None, owner, family, domain="health", what=SECRET)


def test_a_note_is_stored_as_a_token_and_read_back_as_text(item):
    stored = raw(PlanItem, item.pk, "what")
    assert SECRET not in stored and "trauma" not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token
    assert PlanItem.objects.get(pk=item.pk).what == SECRET


def test_the_version_snapshot_that_copies_the_note_is_encrypted_too(item):
    version = PlanVersion.objects.filter(plan__family=item.family).latest("number")
    assert "trauma" not in raw(PlanVersion, version.pk, "snapshot")
    assert SECRET in str(PlanVersion.objects.get(pk=version.pk).snapshot)


def test_empty_text_stays_empty_so_blank_filters_keep_working(item):
    item.what = ""
    item.save(update_fields=["what"])
    assert raw(PlanItem, item.pk, "what") == ""
    assert PlanItem.objects.filter(what="").count() == 1


def test_the_notes_that_can_hold_health_or_trauma_details_are_all_encrypted():
    encrypted = {
        f"{model._meta.label}.{field.name}"
        for model, fields in crypto.all_encrypted_fields()
        for field in fields
    }
    for name in [
        "assessments.PreconditionAnswer.note",
        "assessments.ChildFactor.note",
        "assessments.BestInterestsAssessment.child_view",
        "assessments.SafetyAssessment.child_risks",
        "assessments.AssessmentVersion.snapshot",
        "guidance.SignalObservation.context",
        "guidance.ParentConversation.notes",
        "guidance.SchoolHandover.support_needs",
        "monitoring.Alert.follow_up",
        "monitoring.ProgressReport.family_view",
        "plans.Meeting.minutes",
        "plans.ChildVoice.said",
        "toolkit.Answer.words",
        "toolkit.ChildSession.how_it_went",
        # issue 15, H1: copies of free text, and free text that was never encrypted
        "plans.PlanVersion.subject",
        "plans.PlanVersion.changes",
        "plans.ReturnPlan.attention",
        "cases.TimelineEvent.subject",
        "cases.TimelineEvent.params",
        "cases.BreakGlass.reason",
        "assessments.ChildFactor.free_text",
        "assessments.BestInterestsAssessment.findings",
        "guidance.SignalObservation.free_text",
        "consent.ConsentEntry.child_assent",
    ]:
        assert name in encrypted


def test_rotation_moves_every_value_to_the_new_key_and_the_old_key_can_then_go(item, settings):
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert PlanItem.objects.get(pk=item.pk).what == SECRET  # old values still readable
    before = raw(PlanItem, item.pk, "what")

    call_command("rotate_encryption_key", "--dry-run", verbosity=0)
    assert raw(PlanItem, item.pk, "what") == before  # a dry run changes nothing
    counts = crypto.rotate(dry_run=True)
    read, waiting = counts["plans.PlanItem"]
    assert read >= 1 and waiting >= 1

    crypto.rotate()
    assert all(changed == 0 for _, changed in crypto.rotate(dry_run=True).values())
    settings.ENCRYPTION_KEYS = [KEY_B]
    assert PlanItem.objects.get(pk=item.pk).what == SECRET
    assert PlanVersion.objects.filter(plan__family=item.family).exists()
    assert SECRET in str(PlanVersion.objects.filter(plan__family=item.family)[0].snapshot)


def test_without_the_key_that_encrypted_a_note_reading_fails_loudly(item, settings):
    settings.ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(crypto.UndecryptableError, match="KAKETOE_ENCRYPTION_KEYS"):
        PlanItem.objects.get(pk=item.pk)


def test_a_malformed_key_is_a_configuration_error(settings):
    settings.ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(crypto.ImproperlyConfigured, match="Fernet"):
        crypto.encrypt_text("x")


def test_the_migration_encrypts_plain_rows_once_and_can_be_reversed(item):
    table = connection.ops.quote_name(PlanItem._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET what = %s WHERE id = %s", ["plain words", item.pk])  # noqa: S608  # nosec B608
    operation = crypto.encrypt_columns("plans", "planitem", ["what"])
    editor = SimpleNamespace(connection=connection)  # all the operation uses of a schema editor
    operation.code(apps, editor)
    first = raw(PlanItem, item.pk, "what")
    operation.code(apps, editor)  # running again leaves tokens alone
    assert raw(PlanItem, item.pk, "what") == first != "plain words"
    assert PlanItem.objects.get(pk=item.pk).what == "plain words"
    operation.reverse_code(apps, editor)
    assert raw(PlanItem, item.pk, "what") == "plain words"
