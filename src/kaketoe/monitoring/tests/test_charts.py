"""The monitoring charts are SVG built by pure functions (issue 17 §4): tested without HTTP."""

from kaketoe.monitoring import charts

MONTHS = ["6 months", "12 months", "18 months"]


def cell(title, rank, levels, lowest=False, falling=False):
    return {"title": title, "rank": rank, "levels": levels, "lowest": lowest, "falling": falling}


ROWS = [
    {"title": "Safety", "cells": [cell("Unsafe", 1, 3, lowest=True), None, None]},
    {
        "title": "Housing",
        "cells": [cell("Good", 4, 4), cell("Satisfactory", 3, 4, falling=True), None],
    },
]


def test_the_trend_chart_names_each_domain_and_level_and_marks_the_lowest():
    svg = charts.trend_svg(ROWS, MONTHS, "Trend", "summary")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert ">Safety</text>" in svg and ">Housing</text>" in svg
    assert ">Unsafe</text>" in svg and ">lowest level</text>" in svg
    assert svg.count(f'fill="{charts.LOWEST}"') >= 2  # the red block and the ! marker
    assert ">!</text>" in svg
    assert "↓ Satisfactory" in svg
    long = [{"title": "Legal", "cells": [cell("Administrative invisibility", 1, 3, lowest=True)]}]
    wrapped = charts.trend_svg(long, ["6 months"], "T", "S")
    assert ">Administrative</text>" in wrapped and ">invisibility</text>" in wrapped
    assert "not rated" in svg
    assert "style=" not in svg and "<script" not in svg  # the strict CSP


def test_the_trend_summary_says_in_words_what_the_chart_shows():
    summary = charts.trend_summary(ROWS, MONTHS)
    assert "6 months: 2 of 2 domains rated; at the lowest level: Safety (Unsafe)." in summary
    assert "12 months: 1 of 2 domains rated" in summary
    assert "lower than the visit before: Housing" in summary


def test_text_in_a_chart_is_escaped():
    rows = [{"title": "<b>x</b>", "cells": [cell("Good & fine", 2, 2)]}]
    svg = charts.trend_svg(rows, ["6 months"], "T", "S")
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "Good &amp; fine" in svg


def test_the_cohort_chart_draws_counts_hides_small_groups_and_marks_the_lowest_level():
    table = {
        "code": "safety",
        "title": "Safety",
        "levels": ["Safe", "Safe with some concerns", "Unsafe"],
        "rows": [{"country": "AM", "period": 2026, "month": 6, "children": [12, None, 6]}],
    }
    svg = charts.cohort_svg(table, 5)
    assert "AM, returned in 2026, at 6 months" in svg
    assert ">12</text>" in svg and ">&lt;5</text>" in svg
    assert ">! Unsafe</text>" in svg
    assert 'id="cohort-safety-t"' in svg
    assert "Safe with some concerns <5" in charts.cohort_summary(table, 5)
