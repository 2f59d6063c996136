"""Load versioned instrument catalogues from YAML.

A catalogue lives at ``data/<name>/<version>.yaml``. Every entry in it that has a ``code`` and a
bilingual ``text`` is an *item*; entries with a ``code`` and a ``title`` (areas, levels, phases,
age groups...) are *groupings*. Items nest through an ``items:`` list. Everything else on an
entry (scope, level, phase, kind, hint, confidence...) is kept in ``Item.attrs``.

This module is pure Python (no Django), so it can be used and tested without the app installed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
FALLBACK_LANGUAGE = "en"

# Keys that describe the entry itself and are therefore not copied into Item.attrs.
_STRUCTURAL_KEYS = frozenset({"code", "text", "title", "items"})
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class CatalogueNotFound(LookupError):
    """No catalogue file exists for the requested name (and version)."""


def _pick(text: dict[str, str], language: str) -> str:
    """Text in ``language`` (``nl-nl`` falls back to ``nl``), then English, then anything."""
    if not text:
        return ""
    language = (language or "").lower()
    for key in (language, language.split("-")[0], FALLBACK_LANGUAGE):
        value = text.get(key)
        if value:
            return value
    return next((value for value in text.values() if value), "")


@dataclass(frozen=True)
class Item:
    code: str
    text: dict[str, str]
    children: tuple[Item, ...] = ()
    attrs: dict = field(default_factory=dict)

    def label(self, language: str) -> str:
        """The text in ``language``, falling back to English."""
        return _pick(self.text, language)

    def walk(self) -> Iterator[Item]:
        """This item and all its descendants, depth first, in file order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _build(entry: dict, text_key: str = "text") -> Item:
    children = tuple(_build(child) for child in entry.get("items") or ())
    attrs = {key: value for key, value in entry.items() if key not in _STRUCTURAL_KEYS}
    return Item(
        code=str(entry["code"]),
        text=dict(entry.get(text_key) or {}),
        children=children,
        attrs=attrs,
    )


def _entries(node: Any) -> Iterator[dict]:
    """Every mapping with a ``code`` anywhere in the parsed YAML, in file order."""
    if isinstance(node, dict):
        if "code" in node:
            yield node
        for value in node.values():
            yield from _entries(value)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value)


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str
    title: dict[str, str]
    source: str
    data: dict

    # -- indexes, built once per (cached) catalogue ------------------------------------------
    @functools.cached_property
    def _index(self) -> tuple[dict[str, Item], dict[str, Item]]:
        items: dict[str, Item] = {}
        groups: dict[str, Item] = {}
        for entry in _entries(self.data):
            code = str(entry["code"])
            if "text" in entry:
                if code not in items:  # keep the outermost Item (its children are built)
                    item = _build(entry)
                    for node in item.walk():
                        items.setdefault(node.code, node)
            elif "title" in entry:
                groups.setdefault(code, _build(entry, text_key="title"))
        return items, groups

    # -- public API ----------------------------------------------------------------------------
    def item(self, code: str) -> Item:
        """The item with this code, wherever it is nested. KeyError if unknown."""
        try:
            return self._index[0][code]
        except KeyError:
            raise KeyError(f"{self.name} {self.version} has no item {code!r}") from None

    def codes(self) -> set[str]:
        """All item codes, nested ones included (groupings such as areas are not items)."""
        return set(self._index[0])

    def label(self, language: str) -> str:
        """The catalogue title in ``language``, falling back to English."""
        return _pick(self.title, language)

    # -- conveniences --------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """All items (nested included) in file order."""
        return list(self._index[0].values())

    def group(self, code: str) -> Item:
        """A grouping (area, level, phase, age group...) as an Item whose text is its title."""
        try:
            return self._index[1][code]
        except KeyError:
            raise KeyError(f"{self.name} {self.version} has no grouping {code!r}") from None

    def groups(self, section: str) -> list[Item]:
        """The groupings listed under a top-level section, e.g. ``groups("levels")``."""
        return [_build(entry, text_key="title") for entry in self.data.get(section) or ()]

    def section(self, section: str) -> list[Item]:
        """The top-level items listed under a section, e.g. ``section("aspects")``."""
        return [self.item(str(entry["code"])) for entry in self.data.get(section) or ()]


def _version_key(version: str) -> tuple:
    """Sort "2026.10" after "2026.9": numeric parts numerically, others as text."""
    parts = re.split(r"[.\-]", version)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def names() -> list[str]:
    """The names of all catalogues that have at least one version."""
    if not DATA_DIR.is_dir():
        return []
    return sorted(
        path.name
        for path in DATA_DIR.iterdir()
        if path.is_dir() and _NAME_RE.match(path.name) and any(path.glob("*.yaml"))
    )


def versions(name: str) -> list[str]:
    """The versions of a catalogue, oldest first. Empty if the catalogue does not exist."""
    if not _NAME_RE.match(name or ""):
        return []
    folder = DATA_DIR / name
    if not folder.is_dir():
        return []
    found = [path.stem for path in folder.glob("*.yaml") if _VERSION_RE.match(path.stem)]
    return sorted(found, key=_version_key)


def path_of(name: str, version: str) -> Path:
    return DATA_DIR / name / f"{version}.yaml"


def read(name: str, version: str) -> dict:
    """The raw parsed YAML of one catalogue file (not cached, not checked)."""
    if version not in versions(name):
        raise CatalogueNotFound(f"no catalogue {name!r} version {version!r}")
    with path_of(name, version).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.lru_cache(maxsize=128)
def load(name: str, version: str | None = None) -> Catalogue:
    """Load a catalogue; ``version=None`` means the latest version.

    Raises CatalogueNotFound for an unknown name or version, and ValueError when the file's own
    ``catalogue``/``version`` keys do not match its location.
    """
    known = versions(name)
    if not known:
        raise CatalogueNotFound(f"no catalogue named {name!r}")
    if version is None:
        version = known[-1]
    data = read(name, str(version))
    if not isinstance(data, dict):
        raise ValueError(f"{path_of(name, version)}: not a mapping")
    if data.get("catalogue") != name or str(data.get("version")) != str(version):
        raise ValueError(
            f"{path_of(name, version)}: says catalogue={data.get('catalogue')!r} "
            f"version={data.get('version')!r}"
        )
    return Catalogue(
        name=name,
        version=str(version),
        title=dict(data.get("title") or {}),
        source=str(data.get("source") or ""),
        data=data,
    )


# -- factor matrix (appendix 4) ----------------------------------------------------------------


def effective_factors(catalogue: Catalogue, level: str, phase: str, kind: str) -> list[Item]:
    """The factors that apply at ``level`` in ``phase`` of ``kind`` (risk/protective).

    The handbook's "see previous phase, supplemented with" cells are resolved in the data file
    itself (inherited factors appear again with a derived code and ``inherited_from``), so this is
    a filter in file order: first the factors inherited from earlier phases, then the phase's own.
    """
    found = [
        catalogue.item(str(entry["code"]))
        for entry in catalogue.data.get("factors") or ()
        if entry.get("level") == level and entry.get("phase") == phase and entry.get("kind") == kind
    ]
    inherited = [item for item in found if item.attrs.get("inherited_from")]
    own = [item for item in found if not item.attrs.get("inherited_from")]
    return inherited + own


def original_code(item: Item) -> str:
    """The code of the factor as the handbook places it (``inherited_from`` or its own code)."""
    return str(item.attrs.get("inherited_from") or item.code)
