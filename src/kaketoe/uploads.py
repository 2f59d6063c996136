"""Uploaded files (scans of signed consent forms): checked, encrypted, kept outside the web root.

The type is sniffed from the first bytes, never taken from the browser or the file name: a PDF,
a JPEG or a PNG, nothing else. An image must decode completely (Pillow) and have at most
MAX_PIXELS, which is checked before any pixel is decoded, so a decompression bomb is refused
cheaply. A PDF must end with %%EOF and name no JavaScript or launch action; that is a byte check
of the file as it is, so a name hidden in a compressed object stream is not seen (the download is
always an attachment with `nosniff`, never shown inside Kaketoe).

A file that passes is encrypted with the project's keys (kaketoe/crypto.py) and written under a
random name to KAKETOE_UPLOAD_DIR. No URL serves that folder: a file leaves it only through a view
that checks access to the case (consent/views.py). Several app servers share one object store
instead: configure it as STORAGES["uploads"] (docs/scaling.md).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from kaketoe import crypto
from kaketoe.crypto import decrypt_bytes, encrypt_bytes, fernet

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
CONTENT_TYPES = (PDF, JPEG, PNG)
MAGIC = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
MAX_PIXELS = 40_000_000  # an A4 page scanned at 600 dpi has 35 million
EOF_WINDOW = 1024  # PDF readers look for %%EOF in the last kilobyte; a JPEG's end marker too
JPEG_END = b"\xff\xd9"  # cannot occur inside the compressed data, which stuffs every 0xFF
ACTIVE_PDF_NAMES = {b"JavaScript", b"JS", b"Launch"}
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")  # /J#61vaScript is /JavaScript
LABEL_LENGTH = 100

DAMAGED = _("The file is damaged or incomplete and cannot be read. Scan the form again.")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed `check`: its bytes, the sniffed type and a name to show."""

    data: bytes
    content_type: str
    label: str

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def max_bytes() -> int:
    megabytes = settings.KAKETOE_UPLOAD_MAX_MB
    if megabytes < 1:
        raise ImproperlyConfigured(f"KAKETOE_UPLOAD_MAX_MB must be at least 1, not {megabytes}")
    return megabytes * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """The content type that the first bytes prove, or None."""
    return next((kind for kind, magic in MAGIC.items() if data.startswith(magic)), None)


def check(data: bytes, name: str = "", *, limit: int | None = None) -> CheckedFile:
    """The upload as a CheckedFile; else a ValidationError that tells the uploader what to do."""
    limit = max_bytes() if limit is None else limit
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s, the most that can be attached."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError(_("Only PDF, JPEG or PNG scans can be attached."), code="type")
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, PILLOW_FORMATS[content_type])
    return CheckedFile(data, content_type, clean_label(name, content_type))


def check_upload(upload) -> CheckedFile:
    """`check` for a Django UploadedFile; reads at most one byte more than the limit."""
    limit = max_bytes()
    return check(upload.read(limit + 1), upload.name or "", limit=limit)


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise ValidationError(DAMAGED, code="damaged")
    if has_active_content(data):
        raise ValidationError(
            _(
                "This PDF contains a script or an action that starts a program, so it cannot be "
                "attached. Attach a plain scan of the paper form."
            ),
            code="active_content",
        )


def has_active_content(pdf: bytes) -> bool:
    """Whether the PDF names JavaScript or a launch action anywhere outside compressed streams."""
    for match in PDF_NAME.finditer(pdf):
        name = match[1]
        if b"#" in name:
            name = PDF_HEX_ESCAPE.sub(lambda hex_: bytes([int(hex_[1], 16)]), name)
        if name in ACTIVE_PDF_NAMES:
            return True
    return False


def _check_image(data: bytes, pillow_format: str) -> None:
    # Decoding alone does not prove a JPEG complete: WeasyPrint sets Pillow's process-wide
    # LOAD_TRUNCATED_IMAGES when it is imported, and then a cut-off JPEG loads without an error.
    # (A PNG's verify() checks every chunk, whatever that flag says.)
    if pillow_format == "JPEG" and JPEG_END not in data[-EOF_WINDOW:]:
        raise ValidationError(DAMAGED, code="damaged")
    try:
        pixels = _pixels_after_decoding(data, pillow_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        pixels = MAX_PIXELS + 1
    except Exception as error:  # Pillow reports a broken file in many ways
        raise ValidationError(DAMAGED, code="damaged") from error
    if pixels > MAX_PIXELS:
        raise ValidationError(
            _("The image has more than %(limit)s million pixels. Scan the form again at 300 dpi."),
            code="too_many_pixels",
            params={"limit": MAX_PIXELS // 1_000_000},
        )


def _pixels_after_decoding(data: bytes, pillow_format: str) -> int:
    """The image's pixel count; the pixels are decoded only when there are not too many."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            pixels = image.width * image.height
            if pixels > MAX_PIXELS:
                return pixels
            image.verify()
        with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
            if pillow_format == "JPEG":  # decode every block, at 1/8 scale to spare memory
                image.draft(image.mode, (image.width // 8, image.height // 8))
            image.load()
    return pixels


def clean_label(name: str, content_type: str) -> str:
    """The uploader's file name, only to show: no folders, no control or direction characters."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:LABEL_LENGTH] or f"scan.{EXTENSIONS[content_type]}"


# -- storage outside the web root ------------------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """A folder that no URL serves; asking for a file's URL is a programming error."""

    def url(self, name):
        raise NotImplementedError("uploads are served only through a view that checks access")


def storage() -> Storage:
    if "uploads" in settings.STORAGES:
        return storages["uploads"]
    return PrivateStorage(
        location=settings.KAKETOE_UPLOAD_DIR,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def save(checked: CheckedFile) -> str:
    """Encrypt and store the file under a new random name; returns that name."""
    name = f"{uuid.uuid4().hex}.{checked.extension}"
    return storage().save(name, ContentFile(encrypt_bytes(checked.data)))


def read(name: str) -> bytes:
    """The decrypted content of a stored file."""
    with storage().open(name, "rb") as handle:
        return decrypt_bytes(handle.read())


def delete(name: str) -> None:
    storage().delete(name)


def put(name: str, data: bytes) -> None:
    """Store `data` encrypted under exactly `name`, replacing a file of that name (a restore)."""
    store = storage()
    if store.exists(name):
        store.delete(name)
    saved = store.save(name, ContentFile(encrypt_bytes(data)))
    if saved != name:
        raise RuntimeError(f"stored {name} as {saved}")


def uses_primary_key(name: str) -> bool:
    """Whether the first key of KAKETOE_ENCRYPTION_KEYS encrypted this file (key rotation)."""
    with storage().open(name, "rb") as handle:
        return crypto.uses_primary_key(handle.read())


def reencrypt(name: str) -> str:
    """Store the file once more, encrypted with the first key, under a new random name; returns
    that name. The old file stays until the caller has pointed its record at the new one."""
    with storage().open(name, "rb") as handle:
        token = fernet().rotate(handle.read())
    new_name = f"{uuid.uuid4().hex}{Path(name).suffix}"
    return storage().save(new_name, ContentFile(token))


def check_settings(**kwargs) -> list[checks.CheckMessage]:
    """System check (registered by the consent app): a usable limit, and an upload folder that
    lies outside every folder whose files are served as they are."""
    errors = []
    if settings.KAKETOE_UPLOAD_MAX_MB < 1:
        errors.append(checks.Error("KAKETOE_UPLOAD_MAX_MB must be at least 1", id="kaketoe.E101"))
    upload_dir = Path(settings.KAKETOE_UPLOAD_DIR).resolve()
    for served in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        served = served[1] if isinstance(served, tuple | list) else served  # (prefix, folder)
        if served and upload_dir.is_relative_to(Path(served).resolve()):
            errors.append(
                checks.Error(
                    f"KAKETOE_UPLOAD_DIR ({upload_dir}) lies inside {served}, which is served "
                    "to anyone: choose a folder outside it",
                    id="kaketoe.E102",
                )
            )
    return errors
