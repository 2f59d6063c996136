"""The monitoring checklist of appendix 9 as plain data, read from the versioned catalogue.

`Checklist` knows the domains in order, each domain's levels with their points, and which
domain and level every indicator belongs to. Pure Python: the scoring works on it without Django.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaketoe.catalogues import loader

CATALOGUE = "monitoring"
MONTHS = (6, 12, 18)


@dataclass(frozen=True)
class Level:
    code: str
    points: int
    critical: bool
    title: dict


@dataclass(frozen=True)
class Domain:
    code: str
    title: dict
    levels: tuple[Level, ...]
    note: dict | None = None  # the handbook's own note on the domain (education, social)
    watch_at_months: tuple[int, ...] = ()  # Kaketoe: a critical level is a watch at these visits
    watch_note: dict | None = None

    def level(self, code: str) -> Level | None:
        return next((level for level in self.levels if level.code == code), None)

    @property
    def max_points(self) -> int:
        return max(level.points for level in self.levels)

    @property
    def lowest_level(self) -> Level:
        """The domain's bottom level (unsatisfactory, invisibility, unsafe, at risk)."""
        return min(self.levels, key=lambda level: level.points)

    def is_watch(self, month: int | None) -> bool:
        """At this visit a critical level of the domain is a watch, not a critical alert."""
        return month is not None and month in self.watch_at_months


@dataclass(frozen=True)
class Indicator:
    code: str
    domain: str
    level: str
    critical: bool
    text: dict


@dataclass(frozen=True)
class Checklist:
    version: str
    domains: tuple[Domain, ...]
    indicators: dict[str, Indicator]

    def domain(self, code: str) -> Domain | None:
        return next((domain for domain in self.domains if domain.code == code), None)

    def domain_codes(self) -> list[str]:
        return [domain.code for domain in self.domains]


def from_catalogue_data(data: dict, version: str = "") -> Checklist:
    domains, indicators = [], {}
    for domain in data["domains"]:
        levels = []
        for level in domain["levels"]:
            levels.append(
                Level(
                    level["level"],
                    int(level["points"]),
                    bool(level.get("critical")),
                    level["title"],
                )
            )
            for item in level.get("items") or ():
                indicators[item["code"]] = Indicator(
                    item["code"],
                    domain["code"],
                    level["level"],
                    bool(item.get("critical")),
                    item["text"],
                )
        domains.append(
            Domain(
                domain["code"],
                domain["title"],
                tuple(levels),
                note=domain.get("note"),
                watch_at_months=tuple(int(m) for m in domain.get("watch_at_months") or ()),
                watch_note=domain.get("watch_note"),
            )
        )
    return Checklist(version, tuple(domains), indicators)


def load(version: str | None = None) -> Checklist:
    catalogue = loader.load(CATALOGUE, version)
    return from_catalogue_data(catalogue.data, catalogue.version)


def label(text: dict, language: str) -> str:
    return loader._pick(text, language)
