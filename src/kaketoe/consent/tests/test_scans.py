"""Scans of signed consent forms: stored encrypted outside the web root, attached by those who
may change the case, downloaded by those who may see it, every step audited."""

import os
import stat
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from kaketoe import uploads
from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import TimelineEvent
from kaketoe.consent import services
from kaketoe.consent.models import AppendOnlyError, ConsentEntry, ConsentScan, How
from kaketoe.consent.tests.files import jpeg, pdf, png
from kaketoe.testing import login

pytestmark = pytest.mark.django_db

SIGNED = pdf().replace(b"%%EOF", b"% Handtekening Armen Hakobyan\n%%EOF")


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.KAKETOE_UPLOAD_DIR = tmp_path / "uploads"
    return settings.KAKETOE_UPLOAD_DIR


@pytest.fixture
def entry(cast, give):
    return give()


@pytest.fixture
def scan(cast, entry, upload_dir):
    checked = uploads.check(SIGNED, "toestemming Hakobyan.pdf")
    return services.attach_scan(None, cast.counsellor, entry, checked)


def stored_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def attach(
    client, cast, entry, data: bytes, name: str = "scan.pdf", content_type="application/pdf"
):
    url = reverse("consent:scan_new", args=[cast.hakobyan.pk, entry.pk])
    return client.post(url, {"scan": SimpleUploadedFile(name, data, content_type)})


def download(client, cast, scan):
    return client.get(reverse("consent:scan_download", args=[cast.hakobyan.pk, scan.pk]))


def as_user(client, user):
    login(client, user)
    return client


# -- storage -------------------------------------------------------------------------------------


def test_the_file_on_disk_is_encrypted_and_named_at_random(scan, upload_dir):
    (path,) = stored_files(upload_dir)
    on_disk = path.read_bytes()
    assert b"Handtekening Armen Hakobyan" not in on_disk and b"%PDF" not in on_disk
    assert path.name == scan.stored_name and "Hakobyan" not in path.name
    assert path.suffix == ".pdf" and len(path.stem) == 32 and int(path.stem, 16) >= 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert uploads.read(scan.stored_name) == SIGNED


def test_the_record_keeps_the_label_type_size_and_hash_of_the_plain_scan(scan, cast):
    import hashlib

    assert (scan.label, scan.content_type, scan.size) == (
        "toestemming Hakobyan.pdf",
        "application/pdf",
        len(SIGNED),
    )
    assert scan.sha256 == hashlib.sha256(SIGNED).hexdigest()
    assert scan.uploaded_by == cast.counsellor and scan.download_name().endswith(".pdf")


def test_the_upload_folder_is_outside_the_web_root_and_no_url_leads_to_it(client, cast, scan):
    default = Path(django_settings.VAR_DIR) / "uploads"
    served = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert not any(default.resolve().is_relative_to(folder.resolve()) for folder in served)
    with pytest.raises(NotImplementedError):
        uploads.storage().url(scan.stored_name)
    login(client, cast.counsellor)
    for path in [
        f"/{scan.stored_name}",
        f"/uploads/{scan.stored_name}",
        f"/var/uploads/{scan.stored_name}",
        f"/media/{scan.stored_name}",
        f"/static/../uploads/{scan.stored_name}",
    ]:
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404


def test_the_system_check_refuses_an_upload_folder_inside_the_static_files(settings):
    assert uploads.check_settings() == []
    settings.KAKETOE_UPLOAD_DIR = Path(settings.STATIC_ROOT) / "uploads"
    assert [error.id for error in uploads.check_settings()] == ["kaketoe.E102"]
    settings.KAKETOE_UPLOAD_MAX_MB = 0
    assert "kaketoe.E101" in [error.id for error in uploads.check_settings()]


def test_a_scan_is_append_only_and_leaves_its_ledger_entry_as_it_was(scan, entry):
    before = ConsentEntry.objects.values().get(pk=entry.pk)
    with pytest.raises(AppendOnlyError):
        scan.save()
    with pytest.raises(AppendOnlyError):
        scan.delete()
    with pytest.raises(AppendOnlyError):
        ConsentScan.objects.update(label="x")
    with pytest.raises(AppendOnlyError):
        ConsentScan.objects.all().delete()
    assert ConsentEntry.objects.values().get(pk=entry.pk) == before


def test_when_the_record_cannot_be_saved_the_file_is_removed_again(
    cast, entry, upload_dir, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        services.attach_scan(None, cast.counsellor, entry, uploads.check(png()))
    assert stored_files(upload_dir) == [] and not ConsentScan.objects.exists()


def test_erasing_the_case_removes_the_scans_and_their_files(
    cast, scan, upload_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.erase_scans(cast.hakobyan) == 1
    assert stored_files(upload_dir) == [] and not ConsentScan.objects.exists()


def test_key_rotation_re_encrypts_the_scan_files(
    settings, cast, entry, upload_dir, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from kaketoe.crypto import new_key

    old_key, new = new_key(), new_key()
    earlier = list(settings.ENCRYPTION_KEYS)  # the fixtures' timeline events are encrypted
    settings.ENCRYPTION_KEYS = [old_key, *earlier]
    scan = services.attach_scan(None, cast.counsellor, entry, uploads.check(SIGNED))
    settings.ENCRYPTION_KEYS = [new, old_key, *earlier]
    out = StringIO()
    call_command("rotate_encryption_key", "--dry-run", stdout=out)
    assert "consent.ConsentScan files: 1 encrypted values, would re-encrypt 1" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_encryption_key", stdout=StringIO())
    settings.ENCRYPTION_KEYS = [new]
    scan = ConsentScan.objects.get(pk=scan.pk)
    assert uploads.read(scan.stored_name) == SIGNED
    assert [path.name for path in stored_files(upload_dir)] == [scan.stored_name]


# -- attaching, through the page -----------------------------------------------------------------


def test_a_team_editor_attaches_a_scan_with_timeline_and_audit(client, cast, entry, upload_dir):
    response = attach(as_user(client, cast.counsellor), cast, entry, SIGNED, "form.pdf")
    assert response.status_code == 302
    scan = ConsentScan.objects.get()
    assert (scan.entry, scan.uploaded_by, scan.label) == (entry, cast.counsellor, "form.pdf")
    assert len(stored_files(upload_dir)) == 1
    event = cast.hakobyan.timeline.filter(kind=TimelineEvent.Kind.CONSENT).first()
    assert event.subject.startswith("scan of the signed form attached")
    assert AuditEvent.objects.filter(
        action="create",
        object_type="consentscan",
        object_id=str(scan.pk),
        family_id=cast.hakobyan.pk,
        actor_id=cast.counsellor.pk,
    ).exists()


@pytest.mark.parametrize(
    ("data", "name", "content_type", "says"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "form.pdf", "application/pdf", "Only PDF, JPEG or PNG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "form.png", "image/png", "Only PDF"),
        (uploads.MAGIC[uploads.PNG] + b"garbage" * 50, "form.png", "image/png", "damaged"),
        (b"", "form.pdf", "application/pdf", "The file is empty."),
    ],
    ids=["exe", "svg", "broken-png", "empty"],
)
def test_a_refused_file_shows_why_and_nothing_is_kept(
    client, cast, entry, upload_dir, data, name, content_type, says
):
    response = attach(as_user(client, cast.counsellor), cast, entry, data, name, content_type)
    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ConsentScan.objects.exists() and stored_files(upload_dir) == []
    assert not AuditEvent.objects.filter(action="create", object_type="consentscan").exists()


def test_a_file_over_the_limit_is_refused_with_the_limit(client, cast, entry, settings):
    settings.KAKETOE_UPLOAD_MAX_MB = 1
    big = png() + b"\x00" * (1024 * 1024)
    response = attach(as_user(client, cast.counsellor), cast, entry, big, "form.png", "image/png")
    assert response.status_code == 400
    assert "larger than 1.0\xa0MB" in response.content.decode()
    assert not ConsentScan.objects.exists()


def test_without_a_file_the_form_asks_for_one(client, cast, entry):
    url = reverse("consent:scan_new", args=[cast.hakobyan.pk, entry.pk])
    response = as_user(client, cast.counsellor).post(url, {})
    assert response.status_code == 400 and "This field is required" in response.content.decode()


def test_the_upload_page_names_the_entry_and_the_limit(client, cast, entry):
    url = reverse("consent:scan_new", args=[cast.hakobyan.pk, entry.pk])
    page = as_user(client, cast.counsellor).get(url).content.decode()
    assert "Family Support Yerevan" in page and "at most 10.0\xa0MB" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept="application/pdf,image/jpeg,image/png"' in page


@pytest.mark.parametrize("who", ["teacher", "partner", "outsider", "other_org", "privacy"])
def test_who_may_not_change_the_case_cannot_attach(client, cast, entry, upload_dir, who):
    response = attach(as_user(client, cast.users[who]), cast, entry, SIGNED)
    assert response.status_code == 404
    assert not ConsentScan.objects.exists() and stored_files(upload_dir) == []
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.users[who].pk).exists()


def test_an_entry_of_another_family_cannot_get_a_scan_through_this_family(client, cast, give):
    other = give()
    url = reverse("consent:scan_new", args=[cast.petrosyan.pk, other.pk])
    assert as_user(client, cast.other_org).get(url).status_code == 404


# -- downloading ---------------------------------------------------------------------------------


def test_a_read_only_team_member_downloads_the_scan_as_an_attachment(client, cast, scan):
    response = download(as_user(client, cast.teacher), cast, scan)
    assert response.status_code == 200
    assert response.content == SIGNED
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="consent-{scan.entry_id}-scan-{scan.pk}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("data", "content_type"), [(jpeg(), "image/jpeg"), (png(), "image/png")])
def test_an_image_is_downloaded_with_its_sniffed_type(client, cast, entry, data, content_type):
    # The browser claimed text/html: the sniffed type is what is stored and sent.
    attach(as_user(client, cast.counsellor), cast, entry, data, "scan.html", "text/html")
    scan = ConsentScan.objects.get()
    assert scan.label == "scan.html" and scan.content_type == content_type
    response = download(client, cast, scan)
    assert response["Content-Type"] == content_type and response.content == data
    assert response["Content-Disposition"].startswith("attachment;")


def test_every_download_is_audited_as_an_export_of_the_case(client, cast, scan):
    download(as_user(client, cast.teacher), cast, scan)
    assert AuditEvent.objects.filter(
        action="export",
        object_type="consentscan",
        object_id=str(scan.pk),
        family_id=cast.hakobyan.pk,
        actor_id=cast.teacher.pk,
    ).exists()


@pytest.mark.parametrize("who", ["outsider", "other_org", "privacy", "orgadmin", "partner"])
def test_who_may_not_see_the_case_gets_404_and_it_is_audited(client, cast, scan, who):
    response = download(as_user(client, cast.users[who]), cast, scan)
    assert response.status_code == 404 and SIGNED not in response.content
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.users[who].pk).exists()
    assert not AuditEvent.objects.filter(action="export", actor_id=cast.users[who].pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, cast, scan):
    response = download(client, cast, scan)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_scan_is_only_found_under_its_own_family(client, cast, scan):
    url = reverse("consent:scan_download", args=[cast.petrosyan.pk, scan.pk])
    assert as_user(client, cast.other_org).get(url).status_code == 404


def test_the_partner_abroad_downloads_while_the_case_is_handed_over_under_consent(
    client, cast, scan, entry
):
    services.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)
    login(client, cast.partner)
    assert download(client, cast, scan).status_code == 200
    assert attach(client, cast, entry, SIGNED).status_code == 404  # reads, never changes
    withdrawal = ConsentEntry(given_by=cast.armen, how=How.VERBAL, recorded_on=timezone.localdate())
    services.withdraw(None, cast.counsellor, entry, withdrawal)
    assert download(client, cast, scan).status_code == 404


def test_the_family_page_lists_the_scan_and_offers_attaching_only_to_editors(client, cast, scan):
    download_url = reverse("consent:scan_download", args=[cast.hakobyan.pk, scan.pk])
    attach_url = reverse("consent:scan_new", args=[cast.hakobyan.pk, scan.entry_id])
    family_url = reverse("cases:family", args=[cast.hakobyan.pk])
    for user, may_attach in [(cast.counsellor, True), (cast.teacher, False)]:
        page = as_user(client, user).get(family_url).content.decode()
        assert download_url in page and "toestemming Hakobyan.pdf" in page
        assert (attach_url in page) is may_attach
