"""A backup of a seeded database restores into an empty one with every record identical."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.ops import services


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_identical_records(tmp_path):
    call_command("seed_demo", verbosity=0)
    before = services.fingerprint()
    families = Family.objects.count()
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    assert Family.objects.count() == 0
    call_command("restore", str(path), "--yes", verbosity=0)
    assert Family.objects.count() == families > 0
    assert AuditEvent.objects.exists()
    assert services.fingerprint() == before


@pytest.mark.django_db
def test_restore_refuses_without_yes_and_a_dry_run_changes_nothing(tmp_path):
    call_command("seed_demo", verbosity=0)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path))
    call_command("restore", str(path), "--dry-run", verbosity=0)
    assert Family.objects.exists()


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="No such backup"):
        call_command("restore", str(tmp_path / "nope.json.gz"), "--yes")


@pytest.mark.django_db(transaction=True)
def test_the_audit_chain_still_verifies_after_a_restore(tmp_path):
    call_command("seed_demo", verbosity=0)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    call_command("restore", str(path), "--yes", verbosity=0)
    call_command("verify_audit", verbosity=0)  # raises CommandError on any break


@pytest.mark.django_db(transaction=True)
def test_a_restore_starts_a_new_checkpoint_segment_so_the_chain_verifies(tmp_path, settings):
    """Checkpoints written after the backup vouch for events the backup lacks: the restore says
    so in a signed reset line, and the restored chain verifies (issue 15, H3)."""
    from kaketoe.audit.services import Action, record

    call_command("seed_demo", verbosity=0)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    for _ in range(3):
        record(None, Action.VIEW, detail="after the backup")
    call_command("verify_audit", verbosity=0)  # a checkpoint with three events more
    call_command("restore", str(path), "--yes", verbosity=0)
    call_command("verify_audit", verbosity=0)
    kinds = [
        line.split('"kind": "')[1].split('"')[0]
        for line in settings.KAKETOE_AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    ]
    assert kinds == ["checkpoint", "reset", "checkpoint"]


@pytest.mark.django_db(transaction=True)  # restore flushes: not inside a test transaction
def test_a_backup_file_is_encrypted_and_restores_after_a_key_rotation(tmp_path, settings):
    from kaketoe import crypto

    old, new = crypto.new_key(), crypto.new_key()
    settings.ENCRYPTION_KEYS = [old]
    call_command("seed_demo", verbosity=0)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    data = path.read_bytes()
    assert not data.startswith(b"\x1f\x8b")  # not a readable gzip file
    family = Family.objects.first()
    assert family.name.encode() not in data
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    settings.ENCRYPTION_KEYS = [new, old]
    before = services.fingerprint()
    call_command("restore", str(path), "--yes", verbosity=0)
    assert services.fingerprint() == before

    settings.ENCRYPTION_KEYS = [new]
    with pytest.raises(CommandError, match="KAKETOE_ENCRYPTION_KEYS"):
        call_command("restore", str(path), "--yes", verbosity=0)
    assert services.fingerprint() == before  # nothing changed
