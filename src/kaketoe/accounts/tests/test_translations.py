"""The Dutch catalogue is complete, compiled, and what a Dutch-speaking user actually sees.

The .po file is read with a small parser of our own (no polib), the compiled .mo with the
standard library's gettext module, so these tests need neither gettext tools nor extra packages.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# Python-format placeholders such as %(name)s, and a literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifr%]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    # A .po string is a C-style quoted string; Python's literal syntax reads it the same way.
    return ast.literal_eval(text.strip())


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file into entries: enough of the format for Django's makemessages output."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int] | None = None

    def flush():
        nonlocal entry, current
        if current is not None:
            entries.append(entry)
        entry, current = Entry(), None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            if current is not None:
                flush()
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            if current is not None:
                flush()
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgid", "msgctxt") and current is not None and current[0] == "msgstr":
                flush()
            if not entry.line:
                entry.line = number
            text = _unquote(value)
            if keyword.startswith("msgstr"):
                current = ("msgstr", int(index) if index is not None else 0)
                entry.msgstr[current[1]] = text
            else:
                current = (keyword, 0)
                setattr(entry, keyword, text)
        elif line.startswith('"') and current is not None:
            text = _unquote(line)
            if current[0] == "msgstr":
                entry.msgstr[current[1]] += text
            else:
                setattr(entry, current[0], getattr(entry, current[0]) + text)
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    flush()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return parse_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    """Every live message, without the header and without obsolete (#~) entries."""
    return [e for e in po_entries if e.msgid and not e.obsolete]


def _where(entry: Entry) -> str:
    return f"django.po:{entry.line} {entry.msgid!r}"


def test_the_catalogue_has_messages_and_a_dutch_header(po_entries, messages):
    header = next(e for e in po_entries if e.msgid == "" and e.msgctxt is None)
    assert "fuzzy" not in header.flags
    assert "Language: nl\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert len(messages) > 100


def test_every_message_is_translated_and_none_is_fuzzy(messages):
    untranslated = [
        _where(e)
        for e in messages
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    fuzzy = [_where(e) for e in messages if "fuzzy" in e.flags]
    assert not untranslated, "Untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_plural_messages_have_both_dutch_forms(messages):
    for entry in messages:
        if entry.msgid_plural is not None:
            assert sorted(entry.msgstr) == [0, 1], _where(entry)
        else:
            assert sorted(entry.msgstr) == [0], _where(entry)


def test_translations_keep_every_placeholder(messages):
    """%(name)s and friends must survive translation, or rendering breaks or loses data."""
    for entry in messages:
        if entry.msgid_plural is None:
            expected = {0: entry.msgid}
        else:
            expected = {0: entry.msgid, 1: entry.msgid_plural}
        for index, text in entry.msgstr.items():
            source = expected.get(index, entry.msgid_plural or entry.msgid)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                f"{_where(entry)} msgstr[{index}] = {text!r}"
            )


def test_the_committed_mo_holds_every_translation_of_the_po(messages):
    """The .mo is what Django reads: it must be compiled from the current .po."""
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            if catalog.get(entry.key) != entry.msgstr[0]:
                stale.append(_where(entry))
        else:
            for index, text in entry.msgstr.items():
                if catalog.get((entry.key, index)) != text:
                    stale.append(f"{_where(entry)} [{index}]")
    assert not stale, (
        "django.mo is older than django.po; run `manage.py compilemessages -l nl` from "
        "src/kaketoe. Missing or different:\n" + "\n".join(stale)
    )


@pytest.mark.django_db
def test_the_login_page_speaks_dutch_when_the_user_chose_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="nl"' in html
    assert "Inloggen bij Kaketoe" in html
    assert "Gebruikersnaam" in html
    assert "Wachtwoord" in html
    assert "Log in to Kaketoe" not in html


@pytest.mark.django_db
def test_dutch_is_the_default_language(client, settings):
    settings.LANGUAGE_CODE = "nl"
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen bij Kaketoe" in html


@pytest.mark.django_db
def test_english_is_still_there_for_who_chose_it(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en"' in html
    assert "Log in to Kaketoe" in html
