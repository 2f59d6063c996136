"""What a scan must be before it is kept (kaketoe/uploads.py): plain functions, no HTTP."""

import pytest
from django.core.exceptions import ValidationError

from kaketoe import uploads
from kaketoe.consent.tests.files import jpeg, pdf, png

MB = 1024 * 1024


def refusal(data: bytes, name: str = "form.pdf", **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.check(data, name, **kwargs)
    return caught.value


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [(pdf(), uploads.PDF, "pdf"), (jpeg(), uploads.JPEG, "jpg"), (png(), uploads.PNG, "png")],
)
def test_a_pdf_jpeg_or_png_scan_is_accepted_with_its_sniffed_type(data, content_type, extension):
    checked = uploads.check(data, "anything.txt")
    assert (checked.content_type, checked.extension, checked.size) == (
        content_type,
        extension,
        len(data),
    )
    assert len(checked.sha256) == 64


def test_the_type_comes_from_the_bytes_not_from_the_name():
    assert uploads.check(png(), "handtekening.pdf").content_type == uploads.PNG
    assert uploads.sniff(pdf()) == uploads.PDF and uploads.sniff(b"GIF89a") is None


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,  # Windows program
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40,  # zip (and docx, xlsx)
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b" %PDF-1.7 with a space in front",
    ],
    ids=["exe", "html", "svg", "zip", "gif", "not-at-start"],
)
def test_anything_else_is_refused_even_when_named_pdf(data):
    error = refusal(data, "toestemming.pdf")
    assert error.code == "type"
    assert message(error) == "Only PDF, JPEG or PNG scans can be attached."


def test_a_png_header_with_a_garbage_body_is_refused_as_damaged():
    error = refusal(uploads.MAGIC[uploads.PNG] + b"this is not an image at all" * 20)
    assert error.code == "damaged" and "damaged" in message(error)


@pytest.mark.parametrize("load_truncated", [False, True], ids=["pillow-default", "weasyprint"])
def test_a_truncated_png_or_jpeg_is_refused_as_damaged(monkeypatch, load_truncated):
    from PIL import ImageFile

    # WeasyPrint turns this on for the whole process when it is imported.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated)
    big_png, big_jpeg = png((400, 400), "L"), jpeg((800, 800))
    assert refusal(big_png[: len(big_png) - 30]).code == "damaged"
    assert refusal(big_jpeg[: len(big_jpeg) // 2]).code == "damaged"


def test_a_pdf_without_its_end_of_file_marker_is_refused_as_damaged():
    data = pdf()
    assert refusal(data[: data.rindex(b"%%EOF")]).code == "damaged"


@pytest.mark.parametrize(
    "extra",
    [b"/JavaScript", b"/JS (app.alert(1))", b"/Launch", b"/J#61vaScript", b"/L#61unch"],
)
def test_a_pdf_with_a_script_or_a_launch_action_is_refused(extra):
    data = pdf().replace(b"%%EOF", b"1 0 obj << /S " + extra + b" >> endobj\n%%EOF")
    error = refusal(data)
    assert error.code == "active_content" and "script" in message(error)


def test_a_pdf_with_document_javascript_made_by_a_pdf_library_is_refused():
    assert refusal(pdf(javascript="app.alert('hi')")).code == "active_content"


def test_a_name_that_only_starts_like_javascript_is_harmless():
    data = pdf().replace(b"%%EOF", b"<< /JavaScriptish 1 /JSON 2 >>\n%%EOF")
    assert uploads.check(data).content_type == uploads.PDF


def test_an_empty_file_is_refused():
    error = refusal(b"")
    assert error.code == "empty" and message(error) == "The file is empty."


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(settings):
    settings.KAKETOE_UPLOAD_MAX_MB = 1
    error = refusal(pdf() + b"\n%" + b"x" * MB + b"\n%%EOF")
    assert error.code == "too_large"
    assert message(error) == "The file is larger than 1.0\xa0MB, the most that can be attached."


def test_the_limit_is_read_from_the_settings(settings):
    settings.KAKETOE_UPLOAD_MAX_MB = 3
    assert uploads.max_bytes() == 3 * MB
    settings.KAKETOE_UPLOAD_MAX_MB = 0
    with pytest.raises(Exception, match="at least 1"):
        uploads.max_bytes()


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded():
    bomb = png((8000, 6000), "1")  # 48 million pixels in a few kilobytes
    assert len(bomb) < 100_000
    error = refusal(bomb)
    assert error.code == "too_many_pixels" and "40 million pixels" in message(error)


def test_pillows_own_decompression_bomb_error_is_a_refusal_too(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 60×40 is then "a bomb" to Pillow
    assert refusal(png()).code == "too_many_pixels"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("toestemming Hakobyan.pdf", "toestemming Hakobyan.pdf"),
        ("C:\\Users\\coa\\Scans\\form.pdf", "form.pdf"),
        ("../../etc/passwd", "passwd"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # right-to-left override removed
        ("tab\tand\nnewline.png", "tabandnewline.png"),
        ("", "scan.pdf"),
        ("...", "scan.pdf"),
        ("a" * 300 + ".pdf", "a" * 100),
    ],
)
def test_the_label_is_the_cleaned_file_name_and_only_a_label(name, label):
    assert uploads.clean_label(name, uploads.PDF) == label


def test_the_refusals_speak_dutch_to_a_dutch_user(settings):
    from django.utils import translation

    settings.KAKETOE_UPLOAD_MAX_MB = 1
    with translation.override("nl"):
        assert message(refusal(b"")) == "Het bestand is leeg."
        assert (
            message(refusal(b"MZ")) == "Alleen scans in pdf, jpeg of png kunnen worden toegevoegd."
        )
        too_large = message(refusal(b"%PDF-" + b"x" * MB))
        assert too_large.startswith("Het bestand is groter dan 1,0\xa0MB")
