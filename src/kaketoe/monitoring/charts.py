"""Charts of monitoring results as server-rendered SVG (issue 17 §4): small pure functions from
plain data to markup, no script and no style attribute (the strict CSP stays intact; SVG
presentation attributes such as fill and font-size are allowed). Every text is escaped.

- `trend_svg`: each domain by name across the 6/12/18-month visits: the level written out, a
  ladder of the domain's levels filled up to it, the lowest level marked (red, "!", the words).
- `cohort_svg`: per domain, for each country/year/month group a bar per level with its number of
  children; a suppressed group (fewer than five) shows "<5" and no bar.

Pages put the data table beside each chart and a text summary for screen readers.
"""

from __future__ import annotations

import textwrap

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

INK, MUTED, LOWEST, FILLED, EMPTY, RULE = (
    "#1b1b1b",
    "#4a5363",
    "#b3261e",
    "#2f6fb2",
    "#e4e8ee",
    "#8a94a6",
)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Trend geometry: a name column and one column per visit month, one row per domain.
NAME_W, CELL_W, ROW_H, HEAD_H, SEG_W, SEG_H, SEG_GAP = 200, 190, 96, 36, 30, 18, 4
LINE_H, WRAP = 19, 20  # the level's name wraps at about 20 characters (16 px text)


def _text(x, y, content, size=15, weight="normal", fill=INK, anchor="start") -> str:
    return format_html(
        '<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{}" text-anchor="{}">{}</text>',
        x,
        y,
        size,
        weight,
        fill,
        anchor,
        content,
    )


def _svg(width, height, title: str, desc: str, body: list[str], css: str, ident: str):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" role="img" viewBox="0 0 {} {}" '
        'font-family="{}" aria-labelledby="{}-t {}-d"><title id="{}-t">{}</title>'
        '<desc id="{}-d">{}</desc>{}</svg>',
        css,
        width,
        height,
        FONT,
        ident,
        ident,
        ident,
        title,
        ident,
        desc,
        format_html_join("", "{}", ((part,) for part in body)),  # parts already escaped
    )


def trend_svg(rows: list[dict], months: list[str], title: str, summary: str) -> SafeString:
    """rows: [{"title", "cells": [None | {"title", "rank", "levels", "lowest", "falling"}]}],
    one cell per entry of `months` (the column headings, e.g. "6 months")."""
    width = NAME_W + CELL_W * len(months)
    height = HEAD_H + ROW_H * len(rows) + 8
    body = [_text(0, 24, _("Domain"), 17, "bold", MUTED)]
    for column, month in enumerate(months):
        body.append(_text(NAME_W + column * CELL_W, 24, month, 17, "bold", MUTED))
    for index, row in enumerate(rows):
        top = HEAD_H + index * ROW_H
        body.append(
            format_html(
                '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
                top,
                width,
                top,
                RULE,
            )
        )
        for line, words in enumerate(textwrap.wrap(row["title"], 18)[:3]):
            body.append(_text(0, top + 30 + line * LINE_H, words, 17, "bold"))
        for column, cell in enumerate(row["cells"]):
            body += _trend_cell(NAME_W + column * CELL_W, top, cell)
    return _svg(width, height, title, summary, body, "chart chart--trend", "trend-chart")


def _trend_cell(x: int, top: int, cell: dict | None) -> list[str]:
    if not cell:
        return [_text(x, top + 30, _("not rated"), 16, "normal", MUTED)]
    parts = []
    colour = LOWEST if cell["lowest"] else FILLED
    for step in range(cell["levels"]):
        filled = step < cell["rank"]
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}" stroke="{}"/>',
                x + step * (SEG_W + SEG_GAP),
                top + 9,
                SEG_W,
                SEG_H,
                colour if filled else EMPTY,
                colour if filled else RULE,
            )
        )
    lines = textwrap.wrap(("↓ " if cell.get("falling") else "") + cell["title"], WRAP)[:2]
    if cell["lowest"]:
        marker_x = x + cell["levels"] * (SEG_W + SEG_GAP) + 10
        parts.append(
            format_html('<circle cx="{}" cy="{}" r="10" fill="{}"/>', marker_x, top + 18, LOWEST)
        )
        parts.append(_text(marker_x, top + 24, "!", 16, "bold", "#ffffff", "middle"))
        lines.append(_("lowest level"))
    weight = "bold" if cell["lowest"] or cell.get("falling") else "normal"
    colour = LOWEST if cell["lowest"] else INK
    for line, words in enumerate(lines):
        parts.append(_text(x, top + 50 + line * LINE_H, words, 16, weight, colour))
    return parts


def trend_summary(rows: list[dict], months: list[str]) -> str:
    """The chart in words: per visit, the domains at their lowest level and those that fell."""
    sentences = []
    for column, month in enumerate(months):
        cells = [(row["title"], row["cells"][column]) for row in rows]
        rated = [(name, cell) for name, cell in cells if cell]
        if not rated:
            continue
        lowest = [f"{name} ({cell['title']})" for name, cell in rated if cell["lowest"]]
        falling = [name for name, cell in rated if cell.get("falling")]
        sentence = _("%(month)s: %(rated)s of %(all)s domains rated") % {
            "month": month,
            "rated": len(rated),
            "all": len(rows),
        }
        if lowest:
            sentence += "; " + _("at the lowest level: %(list)s") % {"list": ", ".join(lowest)}
        else:
            sentence += "; " + _("no domain at its lowest level")
        if falling:
            sentence += "; " + _("lower than the visit before: %(list)s") % {
                "list": ", ".join(falling)
            }
        sentences.append(sentence + ".")
    return " ".join(sentences) or _("No visits yet.")


# Cohort geometry: a block per group, a bar per level.
LABEL_W, BAR_MAX, BAR_H, BAR_GAP, GROUP_HEAD = 190, 330, 20, 6, 30


def cohort_svg(table: dict, smallest: int) -> SafeString:
    """table: {"code", "title", "levels": [level titles, best first, the lowest last],
    "rows": [{"country", "period", "month", "children": [count | None per level]}]}."""
    counts = [n for row in table["rows"] for n in row["children"] if n]
    most = max(counts, default=1)
    per_group = GROUP_HEAD + len(table["levels"]) * (BAR_H + BAR_GAP) + 10
    width, height = LABEL_W + BAR_MAX + 70, per_group * len(table["rows"]) + 4
    body = []
    lowest = len(table["levels"]) - 1
    for index, row in enumerate(table["rows"]):
        top = index * per_group
        heading = _("%(country)s, returned in %(year)s, at %(month)s months") % {
            "country": row["country"],
            "year": row["period"],
            "month": row["month"],
        }
        body.append(_text(0, top + 20, heading, 15, "bold"))
        for step, (level, count) in enumerate(zip(table["levels"], row["children"], strict=True)):
            y = top + GROUP_HEAD + step * (BAR_H + BAR_GAP)
            is_lowest = step == lowest
            name = f"! {level}" if is_lowest else level
            weight, colour = ("bold", LOWEST) if is_lowest else ("normal", INK)
            body.append(_text(0, y + 15, name, 14, weight, colour))
            if count is None:
                body.append(_text(LABEL_W, y + 15, f"<{smallest}", 14, "normal", MUTED))
                continue
            length = round(BAR_MAX * count / most) if count else 0
            if length:
                body.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        LABEL_W,
                        y,
                        length,
                        BAR_H,
                        LOWEST if is_lowest else FILLED,
                    )
                )
            body.append(_text(LABEL_W + length + 6, y + 15, str(count), 14))
    title = _("Children per level: %(domain)s") % {"domain": table["title"]}
    desc = cohort_summary(table, smallest)
    return _svg(width, height, title, desc, body, "chart chart--cohort", f"cohort-{table['code']}")


def cohort_summary(table: dict, smallest: int) -> str:
    sentences = []
    for row in table["rows"]:
        parts = [
            f"{level} {count if count is not None else '<' + str(smallest)}"
            for level, count in zip(table["levels"], row["children"], strict=True)
        ]
        sentences.append(
            _("%(country)s, %(year)s, %(month)s months: %(parts)s.")
            % {
                "country": row["country"],
                "year": row["period"],
                "month": row["month"],
                "parts": ", ".join(parts),
            }
        )
    return " ".join(sentences)
