"""Issue 16 §3 in a real browser: a child with 23 risk factors over all 12 cells and no
protective factor is flagged (no balance), at 1024 px wide. The screenshot goes to
docs/screenshots/factors-accumulation-1024.png for the docs and a human to look at."""

from __future__ import annotations

import shutil

import pytest

from kaketoe.assessments.models import ChildFactor
from kaketoe.catalogues import loader
from kaketoe.testing import make_family, make_user

from .conftest import ROOT, describe, impact_counts
from .test_journeys import assert_htmx_and_quiet, years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def twenty_three_risks(child) -> None:
    """Two catalogue risks in each of eleven cells and one in the last (23), all 2026.2."""
    catalogue = loader.load("factors")
    by_cell: dict[tuple[str, str], list[dict]] = {}
    for entry in catalogue.data["factors"]:
        if entry["kind"] == "risk":
            by_cell.setdefault((entry["level"], entry["phase"]), []).append(entry)
    chosen = [e for cell in by_cell.values() for e in cell[:2]][:23]
    assert len(by_cell) == 12 and len(chosen) == 23
    ChildFactor.objects.bulk_create(
        ChildFactor(
            child=child,
            catalogue_version=catalogue.version,
            code=e["code"],
            level=e["level"],
            phase=e["phase"],
            kind="risk",
        )
        for e in chosen
    )


def test_twenty_three_risks_without_protection_are_flagged_at_1024(tab):
    casemanager = make_user("casemanager")
    family = make_family(casemanager, "Hakobyan", children=[("Ani", years_ago(11, 40))])
    ani = family.members.get(given_name="Ani")
    twenty_three_risks(ani)
    page = tab.page
    page.set_viewport_size({"width": 1024, "height": 900})
    tab.log_in(casemanager)
    tab.goto(f"/families/{family.pk}/children/{ani.pk}/factors/")
    attention = page.locator("section[aria-labelledby=attention]")
    text = attention.inner_text()
    assert "No accumulation of risks recorded." not in text
    assert "Risk factors at 4 of the 4 levels" in text
    assert "Kaketoe's operationalisation" in text
    assert page.locator(".factor-grid td.cell--piled").count() == 12
    assert page.locator(".factor-grid li.factor--risk").count() == 23
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024  # no sideways scroll
    violations = tab.axe("factors-accumulation-1024")
    assert impact_counts(violations).get("critical", 0) == 0, describe(violations)
    assert impact_counts(violations).get("serious", 0) == 0, describe(violations)
    assert_htmx_and_quiet(tab)
    shot = tab.screenshot("factors-accumulation-1024")
    shutil.copy(shot, ROOT / "docs" / "screenshots" / "factors-accumulation-1024.png")
