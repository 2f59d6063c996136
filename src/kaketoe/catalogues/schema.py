"""Validate the parsed YAML of a catalogue file.

``validate(data)`` returns a list of human-readable problems; an empty list means the file is
sound. The checks are structural and catalogue-independent where possible, plus the rules of the
sections that have special meaning (``factors``, ``levels``, ``phases``, ``areas``).
"""

from __future__ import annotations

from typing import Any

REQUIRED_LANGUAGES = ("en", "nl")
REQUIRED_TOP_KEYS = ("catalogue", "version", "title", "source")

# Keys whose value must be a bilingual text mapping wherever they occur (plus any key ending in
# "_title" or "_note", e.g. form_title, weighs_most_note).
TEXT_KEYS = frozenset({"text", "title", "hint", "guidance", "note"})
TEXT_KEY_SUFFIXES = ("_title", "_note")

FACTOR_KINDS = frozenset({"risk", "protective"})
CONFIDENCE = frozenset({"C", "P", "A"})
SCOPES = frozenset({"family", "child"})


def _check_text(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: must be a mapping of language to text")
        return
    for language in REQUIRED_LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: missing or empty {language!r} text")
    for language, text in value.items():
        if not isinstance(language, str) or not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: {language!r} text must be a non-empty string")


def _walk(node: Any, path: str, problems: list[str], codes: dict[str, str]) -> None:
    """Check every mapping: codes unique, text keys bilingual, entries have text or title."""
    if isinstance(node, dict):
        if "code" in node:
            code = node["code"]
            if not isinstance(code, str) or not code.strip():
                problems.append(f"{path}: code must be a non-empty string")
            elif code in codes:
                problems.append(f"{path}: duplicate code {code!r} (first at {codes[code]})")
            else:
                codes[code] = path
            if "text" not in node and "title" not in node:
                problems.append(f"{path}: entry {code!r} has neither text nor title")
        for key, value in node.items():
            where = f"{path}.{key}"
            if key in TEXT_KEYS or (isinstance(key, str) and key.endswith(TEXT_KEY_SUFFIXES)):
                _check_text(value, where, problems)
            elif key == "age_texts":
                if not isinstance(value, dict) or not value:
                    problems.append(f"{where}: must be a non-empty mapping")
                else:
                    for group, text in value.items():
                        _check_text(text, f"{where}.{group}", problems)
            else:
                _walk(value, where, problems, codes)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = value.get("code", index) if isinstance(value, dict) else index
            _walk(value, f"{path}[{label}]", problems, codes)


def _codes_of(data: dict, section: str) -> set[str]:
    return {
        entry["code"]
        for entry in data.get(section) or ()
        if isinstance(entry, dict) and "code" in entry
    }


def _check_factors(data: dict, problems: list[str], all_codes: dict[str, str]) -> None:
    factors = data.get("factors")
    if factors is None:
        return
    levels = _codes_of(data, "levels")
    phases = [entry.get("code") for entry in data.get("phases") or () if isinstance(entry, dict)]
    if not levels:
        problems.append("factors: needs a non-empty 'levels' section")
    if not phases:
        problems.append("factors: needs a non-empty 'phases' section")
    rule = data.get("combination_rule") or {}
    tags = set(rule.get("tags") or ())
    by_code = {entry.get("code"): entry for entry in factors if isinstance(entry, dict)}
    if not isinstance(factors, list) or not factors:
        problems.append("factors: must be a non-empty list")
        return
    for entry in factors:
        if not isinstance(entry, dict):
            problems.append("factors: every factor must be a mapping")
            continue
        code = entry.get("code")
        where = f"factors[{code}]"
        if "text" not in entry:
            problems.append(f"{where}: missing text")
        if entry.get("level") not in levels:
            problems.append(f"{where}: unknown level {entry.get('level')!r}")
        if entry.get("phase") not in phases:
            problems.append(f"{where}: unknown phase {entry.get('phase')!r}")
        if entry.get("kind") not in FACTOR_KINDS:
            problems.append(f"{where}: kind must be risk or protective, not {entry.get('kind')!r}")
        if "confidence" in entry and entry["confidence"] not in CONFIDENCE:
            problems.append(f"{where}: confidence must be one of C, P, A")
        for alternative in entry.get("alternative_phases") or ():
            if alternative not in phases:
                problems.append(f"{where}: unknown alternative phase {alternative!r}")
        unknown_tags = set(entry.get("combination") or ()) - tags
        if unknown_tags:
            problems.append(f"{where}: combination tags not in combination_rule: {unknown_tags}")
        for repeated in entry.get("repeats") or ():
            if repeated not in by_code or by_code[repeated].get("text") != entry.get("text"):
                problems.append(f"{where}: repeats {repeated!r}, not a factor with this text")
        origin_code = entry.get("inherited_from")
        if origin_code is None:
            continue
        origin = by_code.get(origin_code)
        if origin_code not in all_codes or origin is None:
            problems.append(f"{where}: inherited_from {origin_code!r} is not a known factor")
            continue
        if origin.get("inherited_from"):
            problems.append(f"{where}: inherited_from must point to an original factor")
        for key in ("level", "kind"):
            if origin.get(key) != entry.get(key):
                problems.append(f"{where}: {key} differs from the factor it inherits")
        if origin.get("text") != entry.get("text"):
            problems.append(f"{where}: text differs from the factor it inherits")
        if (
            origin.get("phase") in phases
            and entry.get("phase") in phases
            and phases.index(origin["phase"]) >= phases.index(entry["phase"])
        ):
            problems.append(f"{where}: can only inherit from an earlier phase")
        if code != f"{origin_code}@{entry.get('phase')}":
            problems.append(f"{where}: inherited code must be {origin_code}@{entry.get('phase')}")


def _check_inheritance(data: dict, problems: list[str]) -> None:
    """Every factor a rule says a phase inherits is present there (copied or repeated), and
    nothing is inherited without a rule."""
    factors = [entry for entry in data.get("factors") or () if isinstance(entry, dict)]
    rules = data.get("inheritance")
    if not factors or rules is None:
        return
    phases = [entry.get("code") for entry in data.get("phases") or () if isinstance(entry, dict)]
    wanted: dict[tuple, list[str]] = {}
    for rule in rules:
        key = (rule.get("level"), rule.get("kind"), rule.get("phase"))
        sources = list(rule.get("inherits") or ())
        if rule.get("phase") not in phases or any(
            source not in phases or phases.index(source) >= phases.index(rule["phase"])
            for source in sources
        ):
            problems.append(f"inheritance {key}: phases unknown or not earlier")
            continue
        wanted[key] = sources

    def effective(level: str, kind: str, phase: str) -> set[str]:
        """Original codes of the factors present at (level, kind, phase)."""
        present = set()
        for entry in factors:
            if (entry.get("level"), entry.get("kind"), entry.get("phase")) == (level, kind, phase):
                present.add(entry.get("inherited_from") or entry.get("code"))
                present.update(entry.get("repeats") or ())
        return present

    for entry in factors:
        if entry.get("inherited_from"):
            key = (entry.get("level"), entry.get("kind"), entry.get("phase"))
            if key not in wanted:
                problems.append(f"factors[{entry.get('code')}]: inherited without a rule")
    for (level, kind, phase), sources in wanted.items():
        missing = set()
        for source in sources:
            missing |= effective(level, kind, source) - effective(level, kind, phase)
        if missing:
            problems.append(f"inheritance ({level}, {kind}, {phase}): missing {sorted(missing)}")


def _check_scopes(data: dict, problems: list[str]) -> None:
    """Precondition items carry scope: family|child."""

    def visit(items: Any, path: str) -> None:
        for entry in items or ():
            if not isinstance(entry, dict):
                continue
            where = f"{path}[{entry.get('code')}]"
            if entry.get("scope") not in SCOPES:
                problems.append(f"{where}: scope must be family or child")
            visit(entry.get("items"), where)

    for area in data.get("areas") or ():
        if isinstance(area, dict):
            if not area.get("items"):
                problems.append(f"areas[{area.get('code')}]: has no items")
            visit(area.get("items"), f"areas[{area.get('code')}]")


def validate(catalogue_data: Any) -> list[str]:
    """All problems found in a parsed catalogue file; [] when it is valid."""
    problems: list[str] = []
    if not isinstance(catalogue_data, dict):
        return ["catalogue file must be a mapping"]
    data = catalogue_data
    for key in REQUIRED_TOP_KEYS:
        if key not in data:
            problems.append(f"missing top-level key {key!r}")
    if "catalogue" in data and (not isinstance(data["catalogue"], str) or not data["catalogue"]):
        problems.append("catalogue must be a non-empty string")
    if "version" in data and not isinstance(data["version"], str):
        problems.append("version must be a string (quote it in YAML: version: '2026.1')")
    if "source" in data and (not isinstance(data["source"], str) or not data["source"].strip()):
        problems.append("source must be a non-empty citation")

    codes: dict[str, str] = {}
    _walk(data, "", problems, codes)
    if not any(key for key in data if key not in REQUIRED_TOP_KEYS and data[key]):
        problems.append("catalogue has no sections")
    _check_factors(data, problems, codes)
    _check_inheritance(data, problems)
    _check_scopes(data, problems)
    return problems
