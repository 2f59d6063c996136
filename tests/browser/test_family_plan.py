"""The family version of the return plan in a real browser (issue 14 §4).

A counsellor marks a plan item "share with the family" on the item form; the family version then
shows it, with the fixed texts in the family's language: Dutch, and Arabic right to left. Each
is checked by axe-core at 768 and 1366 px wide; the screenshots go to
docs/screenshots/family-plan-<lang>-<width>.png.
"""

from __future__ import annotations

import shutil

import pytest

from kaketoe.accounts.models import Role
from kaketoe.plans import services
from kaketoe.testing import make_family, make_user

from .conftest import ROOT, describe, impact_counts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (768, 1366)
DUTCH_TEXT = "Schoolrapporten laten vertalen naar het Arabisch"
ENGLISH_TEXT = "Housing for the first six months, paid from the reintegration budget"


@pytest.fixture
def counsellor(db):
    return make_user("counsellor", Role.COUNSELLOR)


@pytest.fixture
def family(counsellor):
    from datetime import date

    family = make_family(
        counsellor, "Karimi", children=[("Sara", date(2017, 4, 2))], country_of_return="IQ"
    )
    family.planned_departure = date(2027, 3, 1)
    family.save()
    sara = family.members.get(given_name="Sara")
    services.add_item(None, counsellor, family, child=sara, domain="education", what=DUTCH_TEXT)
    services.add_item(
        None,
        counsellor,
        family,
        domain="housing",
        what=ENGLISH_TEXT,
        text_language="en",
        timing="after_arrival",
        months=6,
        share_with_family=True,
    )
    services.add_item(None, counsellor, family, domain="safety", what="Intern: niet delen")
    return family


def test_a_shared_item_appears_in_the_family_version_in_dutch_and_arabic(tab, counsellor, family):
    tab.log_in(counsellor)
    item = family.plan_items.get(domain="education")  # the text is encrypted at rest
    tab.goto(f"/families/{family.pk}/plan/items/{item.pk}/")
    tab.page.check("#id_share_with_family")
    with tab.page.expect_navigation():
        tab.page.click("main form button[type=submit]")
    serious = []
    for language in ("nl", "ar"):
        tab.goto(f"/families/{family.pk}/plan/family-version/?lang={language}")
        article = tab.page.locator("article.family-plan")
        assert article.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        body = article.inner_text()
        assert DUTCH_TEXT in body and ENGLISH_TEXT in body
        assert "Intern: niet delen" not in body
        for width in WIDTHS:
            tab.page.set_viewport_size({"width": width, "height": 1024 if width < 1000 else 768})
            name = f"family-plan-{language}-{width}"
            violations = tab.axe(name)
            print(f"axe {name}: {impact_counts(violations) or 'no violations'}")
            serious += [v for v in violations if v["impact"] in {"serious", "critical"}]
            width_overflow = tab.page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            assert not width_overflow, f"{name} scrolls sideways"
            shutil.copy(tab.screenshot(name), ROOT / "docs" / "screenshots" / f"{name}.png")
    assert not serious, "axe found serious or critical violations:\n" + "\n".join(
        describe(v) for v in serious
    )
    assert not tab.console_errors
