"""Scoring one monitoring visit (appendix 9): one pure function, no database.

The rater ticks the indicators that apply in each domain and may choose a level directly. The
domain's level is the lowest-scoring level among the ticked indicators and the chosen level
("as several issues are covered for each domain, take the lowest score achieved"). The visit
totals the points of the rated domains against the maximum of those domains; a visit with an
unrated domain is incomplete. Critical levels and critical indicators raise alerts.

The result is the per-domain profile (issue 16 §4), not the total: a total over domains on
different scales hides a critical domain (an armed-conflict child scores 23 of 25). `profile()`
lists the domains at their lowest level first; the total is kept only as a secondary figure that
is not a handbook measure. A critical level of a domain whose catalogue entry has
`watch_at_months` (education/work and social integration at 6 months, the handbook's own notes
on those domains) is a watch there, not a critical alert (Kaketoe's operationalisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kaketoe.monitoring.checklist import Checklist


class RatingError(ValueError):
    """The ratings cannot be scored; the message says why, in the user's language."""


@dataclass(frozen=True)
class DomainScore:
    domain: str
    level: str
    points: int
    max_points: int
    indicators: tuple[str, ...] = ()
    chosen_level: str = ""


@dataclass(frozen=True)
class Alarm:
    """Why a visit raises an alert: a critical level of a domain, or a critical indicator."""

    domain: str
    level: str = ""
    indicator: str = ""
    watch: bool = False  # a watch (give it time), not a critical alert

    @property
    def key(self) -> str:
        return self.indicator or f"{self.domain}.{self.level}"


@dataclass(frozen=True)
class VisitScore:
    domains: dict[str, DomainScore]
    unrated: tuple[str, ...]
    total_points: int
    max_points: int
    alarms: tuple[Alarm, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.unrated

    @property
    def domains_rated(self) -> int:
        return len(self.domains)


@dataclass(frozen=True)
class ProfileRow:
    """One domain in the result: its level, and whether that is the domain's lowest level."""

    domain: str
    level: str | None  # None: not rated
    points: int | None
    max_points: int
    lowest: bool
    rank: int  # 1 = the domain's lowest level, counting up; 0 when not rated
    levels: int  # how many levels the domain has


def lowest_level_domains(checklist: Checklist, domains: dict) -> list[str]:
    """The rated domains whose level is the domain's lowest (in checklist order).
    `domains`: {code: {"level": ...}} as stored on a visit."""
    return [
        domain.code
        for domain in checklist.domains
        if (domains.get(domain.code) or {}).get("level") == domain.lowest_level.code
    ]


def profile(checklist: Checklist, domains: dict) -> list[ProfileRow]:
    """The visit's result per domain: domains at their lowest level first, then the other rated
    domains, then the unrated ones, each group in checklist order, whatever the total."""
    rows = []
    for domain in checklist.domains:
        scored = domains.get(domain.code) or {}
        level = domain.level(scored.get("level") or "")
        ordered = sorted(domain.levels, key=lambda lv: lv.points)
        rows.append(
            ProfileRow(
                domain.code,
                level.code if level else None,
                level.points if level else None,
                domain.max_points,
                level is not None and level.code == domain.lowest_level.code,
                ordered.index(level) + 1 if level else 0,
                len(domain.levels),
            )
        )
    return sorted(rows, key=lambda row: 0 if row.lowest else 1 if row.level else 2)


def score_visit(checklist: Checklist, ratings: list[dict], month: int | None = None) -> VisitScore:
    """Score `ratings` ([{"domain", "indicators": [...], "level"}]) against the checklist.

    Raises RatingError for an unknown domain, level or indicator code, an indicator of another
    domain, a domain rated twice, or a domain with neither indicators nor a level.
    """
    if not isinstance(ratings, list):
        raise RatingError(_("Ratings must be a list of domains."))
    scores: dict[str, DomainScore] = {}
    alarms: list[Alarm] = []
    for rating in ratings:
        score, found = _score_domain(checklist, rating, seen=scores, month=month)
        scores[score.domain] = score
        alarms += found
    ordered = {code: scores[code] for code in checklist.domain_codes() if code in scores}
    unrated = tuple(code for code in checklist.domain_codes() if code not in scores)
    return VisitScore(
        domains=ordered,
        unrated=unrated,
        total_points=sum(score.points for score in ordered.values()),
        max_points=sum(score.max_points for score in ordered.values()),
        alarms=tuple(alarms),
    )


def _score_domain(
    checklist: Checklist, rating, seen, month=None
) -> tuple[DomainScore, list[Alarm]]:
    if not isinstance(rating, dict):
        raise RatingError(_("Each rating must be an object with a domain."))
    code = rating.get("domain")
    domain = checklist.domain(code) if isinstance(code, str) else None
    if domain is None:
        raise RatingError(_("Unknown domain: %(domain)s.") % {"domain": code})
    if code in seen:
        raise RatingError(_("The domain %(domain)s is rated twice.") % {"domain": code})
    ticked = rating.get("indicators") or []
    if not isinstance(ticked, list):
        raise RatingError(_("Indicators must be a list of codes."))
    levels = [_level_of_indicator(checklist, code, indicator) for indicator in ticked]
    chosen = rating.get("level") or ""
    if chosen:
        if not isinstance(chosen, str) or domain.level(chosen) is None:
            raise RatingError(
                _("Unknown level %(level)s for the domain %(domain)s.")
                % {"level": chosen, "domain": code}
            )
        levels.append(domain.level(chosen))
    if not levels:
        raise RatingError(
            _("Tick at least one indicator or choose a level for %(domain)s.") % {"domain": code}
        )
    lowest = min(levels, key=lambda level: level.points)
    watch = domain.is_watch(month)
    alarms = [Alarm(code, level=lowest.code, watch=watch)] if lowest.critical else []
    alarms += [
        Alarm(code, indicator=indicator)
        for indicator in ticked
        if checklist.indicators[indicator].critical
    ]
    score = DomainScore(code, lowest.code, lowest.points, domain.max_points, tuple(ticked), chosen)
    return score, alarms


def _level_of_indicator(checklist: Checklist, domain: str, code):
    indicator = checklist.indicators.get(code) if isinstance(code, str) else None
    if indicator is None:
        raise RatingError(_("Unknown indicator: %(code)s.") % {"code": code})
    if indicator.domain != domain:
        raise RatingError(
            _("The indicator %(code)s belongs to %(other)s, not to %(domain)s.")
            % {"code": code, "other": indicator.domain, "domain": domain}
        )
    return checklist.domain(domain).level(indicator.level)
