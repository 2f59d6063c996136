"""A backup of a seeded database restores into an empty one with every record identical, and
the scans of signed consent forms with it, byte for byte."""

import shutil
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kaketoe import uploads
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry, ConsentScan
from kaketoe.consent.tests.files import jpeg, pdf, png
from kaketoe.ops import services
from kaketoe.testing import login


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


# -- scans of signed consent forms (issue 15, L4) -----------------------------------------------


def regievoerder():
    return get_user_model().objects.get(username="regievoerder")


def _scans_of_the_demo(settings, tmp_path):
    """Two scans on a demo ledger entry, stored in a fresh upload folder: {scan pk: plain bytes}."""
    settings.KAKETOE_UPLOAD_DIR = tmp_path / "uploads"
    call_command("seed_demo", verbosity=0)
    entry = ConsentEntry.objects.filter(family__name="Beridze").first()
    files = [pdf().replace(b"%%EOF", b"% signed by Nino Beridze\n%%EOF"), png()]
    scans = [consent.attach_scan(None, regievoerder(), entry, uploads.check(f)) for f in files]
    return {scan.pk: data for scan, data in zip(scans, files, strict=True)}


@pytest.mark.django_db(transaction=True)
def test_scans_are_backed_up_and_restored_byte_for_byte(tmp_path, settings, client):
    originals = _scans_of_the_demo(settings, tmp_path)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    assert b"signed by Nino" not in path.read_bytes()  # encrypted like the rest
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(settings.KAKETOE_UPLOAD_DIR)  # a new server: the upload folder is gone too

    call_command("restore", str(path), "--yes", verbosity=0)

    login(client, regievoerder())
    for pk, data in originals.items():
        scan = ConsentScan.objects.get(pk=pk)
        response = client.get(reverse("consent:scan_download", args=[scan.entry.family_id, pk]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body == data


@pytest.mark.django_db(transaction=True)
def test_a_restore_removes_the_files_of_scans_attached_after_the_backup(tmp_path, settings):
    originals = _scans_of_the_demo(settings, tmp_path)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    entry = ConsentEntry.objects.first()
    later = consent.attach_scan(None, regievoerder(), entry, uploads.check(jpeg()))
    call_command("restore", str(path), "--yes", verbosity=0)
    left = sorted(p.name for p in settings.KAKETOE_UPLOAD_DIR.iterdir())
    assert later.stored_name not in left
    assert len(left) == len(originals)


@pytest.mark.django_db(transaction=True)
def test_a_dry_run_counts_the_scans_in_the_backup(tmp_path, settings):
    _scans_of_the_demo(settings, tmp_path)
    path = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(path), verbosity=0)
    out = StringIO()
    call_command("restore", str(path), "--dry-run", stdout=out)
    assert "2 scans" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_the_scans_still_restores(tmp_path):
    import gzip

    from kaketoe import crypto

    call_command("seed_demo", verbosity=0)
    before = services.fingerprint()
    new = tmp_path / "backup.json.gz"
    call_command("backup", "--output", str(new), verbosity=0)
    old = tmp_path / "old.json.gz"  # the earlier format: the records' JSON, gzipped, encrypted
    old.write_bytes(crypto.encrypt_bytes(gzip.compress(services.plain_json(new).encode())))
    call_command("restore", str(old), "--yes", verbosity=0)
    assert services.fingerprint() == before
