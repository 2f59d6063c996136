"""Route-map step 1B in a real browser: the return plan, the consent ledger and the handover.

A counsellor turns two open preconditions into plan items ("Add to return plan"), gives each an
owner, links a wish the child flagged in a toolkit session to the plan item that answers it,
records the parents' consent to hand the case over to the partner organisation abroad, and
hands it over. The partner organisation's user (in a browser of their own) then sees exactly
that case and nothing else; after the counsellor records a withdrawal, the partner gets a 404
at once. The plan page, the consent page and the partner's view are checked by axe-core at
desktop and tablet size; screenshots land in test-artifacts/screenshots/plan-*.png.
"""

from __future__ import annotations

import re

import pytest

from kaketoe.accounts.models import Organisation, Role
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person
from kaketoe.consent.models import ConsentEntry, Handover
from kaketoe.plans.models import ChildVoice, PlanItem
from kaketoe.testing import OrganisationFactory, make_family, make_user, today
from kaketoe.toolkit.models import Answer, ChildSession

from .conftest import AXE, AXE_PATH, DESKTOP, TABLET, Tab, describe, impact_counts
from .test_journeys import assert_htmx_and_quiet, years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREA = "PHY"
FAMILY_POINT = "B1-PHY-01"  # a family-level item of the physical-safety area
CHILD_POINT = "B1-PHY-03"  # a per-child item of the same area
WISH = "I want to take my football boots and find a club in Gyumri"


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Family Support Yerevan", kind=Organisation.Kind.PARTNER_ABROAD)


@pytest.fixture
def counsellor(db):
    return make_user("counsellor", Role.COUNSELLOR)


@pytest.fixture
def partner(partner_org):
    return make_user("partner", Role.PARTNER, partner_org)


@pytest.fixture
def family(counsellor):
    family = make_family(counsellor, "Hakobyan", children=[("Anahit", years_ago(11, 30))])
    case_services.add_member(
        None,
        counsellor,
        family,
        Person(relation=Person.Relation.PARENT, given_name="Lusine", family_name="Hakobyan"),
    )
    return family


@pytest.fixture
def other_family(counsellor):
    return make_family(counsellor, "Petrosyan", country_of_return="GE")


@pytest.fixture
def anahit(family):
    return family.members.get(given_name="Anahit")


@pytest.fixture
def wish(anahit, counsellor):
    """What Anahit wrote on her own "my return plan" page in a toolkit session."""
    session = ChildSession.objects.create(
        family=anahit.family,
        child=anahit,
        kit="cards",
        catalogue_version="2026.1",
        started_by=counsellor,
    )
    return Answer.objects.create(
        session=session,
        family=anahit.family,
        child=anahit,
        question_code="PLAN",
        kind=Answer.Kind.WISH,
        words=WISH,
        helper="my uncle Aram",
        language="en",
        for_return_plan=True,
    )


@pytest.fixture
def partner_tab(browser, live_server):
    """A second browser of its own (cookies apart) for the partner organisation's user."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    context.route(
        re.compile(re.escape(AXE_PATH) + "$"),
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )
    page = context.new_page()
    tab = Tab(page=page, base_url=live_server.url)
    page.on("pageerror", lambda error: tab.console_errors.append(f"uncaught: {error}"))
    try:
        yield tab
    finally:
        context.close()


def check_a11y(tab, name: str) -> list[dict]:
    """axe at desktop and tablet size, a screenshot of each; the serious/critical violations."""
    serious = []
    for viewport, size in ((DESKTOP, "desktop"), (TABLET, "tablet")):
        tab.page.set_viewport_size(viewport)
        tag = f"plan-{name}-{size}"
        violations = tab.axe(tag)
        tab.screenshot(tag)
        print(f"axe {tag}: {impact_counts(violations) or 'no violations'}")
        serious += [v for v in violations if v["impact"] in {"serious", "critical"}]
    tab.page.set_viewport_size(DESKTOP)
    return serious


def add_open_point(page, family, code: str, child=None) -> None:
    """Press "Add to return plan" next to an open point of the preconditions overview."""
    hidden = f"input[name=code][value='{code}']"
    form = page.locator(f"form:has({hidden})")
    if child is not None:
        form = page.locator(f"form:has({hidden}):has(input[name=child][value='{child.pk}'])")
    with page.expect_navigation():
        form.get_by_role("button", name=re.compile("Add to return plan")).click()
    assert re.search(rf"/families/{family.pk}/plan/items/\d+/$", page.url), page.url
    assert "Added to the return plan." in page.locator(".messages").inner_text()


def test_plan_consent_handover_and_withdrawal(
    tab, partner_tab, counsellor, partner, partner_org, family, other_family, anahit, wish
):
    page = tab.page
    serious = {}
    tab.log_in(counsellor)

    # Two preconditions "Not met": one for the family, one for Anahit.
    tab.goto(f"/families/{family.pk}/preconditions/{AREA}/")
    page.check(f"input[name='status__f__{FAMILY_POINT}'][value=not_met]")
    page.check(f"input[name='status__{anahit.pk}__{CHILD_POINT}'][value=not_met]")
    with page.expect_navigation():
        page.get_by_role("button", name="Save answers").click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/preconditions/"
    assert page.locator(f"section[aria-labelledby=area-{AREA}] .open-points li").count() == 2

    # "Add to return plan" on the first open point; the item opens: the counsellor owns it.
    add_open_point(page, family, FAMILY_POINT)
    place = family.team.get(user=counsellor, removed_at__isnull=True)
    page.select_option("#id_owner_member", str(place.pk))
    page.fill("#id_weeks_needed", "3")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/plan/"
    assert "The plan item has been saved." in page.locator(".messages").inner_text()

    # The second, for Anahit: the partner organisation will arrange it after arrival.
    tab.goto(f"/families/{family.pk}/preconditions/")
    add_open_point(page, family, CHILD_POINT, child=anahit)
    page.fill("#id_owner_organisation", "Family Support Yerevan")
    page.select_option("#id_timing", "after_arrival")
    page.fill("#id_months", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/plan/"
    items = {item.source_ref: item for item in PlanItem.objects.filter(family=family)}
    assert set(items) == {FAMILY_POINT, CHILD_POINT}
    assert items[FAMILY_POINT].owner_member.user == counsellor
    assert items[FAMILY_POINT].child is None
    assert items[CHILD_POINT].owner_organisation == "Family Support Yerevan"
    assert items[CHILD_POINT].child == anahit
    assert all(item.source == "precondition" for item in items.values())

    # Anahit's wish from her toolkit session: linked to the item that answers it.
    child_part = page.locator("section.card", has=page.locator("h2", has_text="Anahit"))
    with page.expect_navigation():
        child_part.get_by_role("link", name=re.compile("The child's voice")).click()
    assert page.url.endswith(f"/families/{family.pk}/children/{anahit.pk}/voice/")
    card = page.locator(f"#wish-{wish.pk}")
    assert WISH in card.inner_text()
    assert "Toolkit session of" in card.inner_text()
    assert "not linked to the plan yet" in card.inner_text()
    with page.expect_navigation():
        card.get_by_role("link", name=re.compile("Link to plan items")).click()
    page.get_by_label(items[CHILD_POINT].what).check()
    page.select_option("#id_taken_into_account", "partly")
    page.fill("#id_because", "A club is looked for on arrival; the boots go in the luggage.")
    # The plan is the team's: the counsellor confirms Anahit agreed to share her wish.
    page.get_by_label("The child agreed that the team may see this answer").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert "linked to the return plan" in page.locator(".messages").inner_text()
    wish.refresh_from_db()
    assert wish.shared_with == "team"
    card = page.locator(f"#wish-{wish.pk}")
    assert "Partly" in card.inner_text() and items[CHILD_POINT].what in card.inner_text()
    voice = ChildVoice.objects.get()
    assert voice.toolkit_answer == wish and voice.said == ""
    tab.screenshot("plan-voice")

    # The plan page: both items with their owners and the child's wish.
    tab.goto(f"/families/{family.pk}/plan/")
    main = page.locator("main").inner_text()
    assert "Family Support Yerevan" in main and WISH in main
    assert_htmx_and_quiet(tab)
    serious["plan"] = check_a11y(tab, "plan")

    # Consent of the mother to hand the case over to the partner organisation.
    tab.goto(f"/families/{family.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record consent").click()
    serious["consent"] = check_a11y(tab, "consent-form")
    page.select_option("#id_purpose", "handover")
    page.select_option("#id_organisation", label="Family Support Yerevan")
    page.select_option("#id_decision", "given")
    page.fill("#id_recorded_on", today().isoformat())
    page.select_option("#id_how", "verbal_interpreter")
    page.fill("#id_interpreter_language", "Armenian")
    page.fill("#id_child_assent", "Anahit agrees; she wants the club in Gyumri to know her.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url == f"{tab.base_url}/families/{family.pk}/"
    assert "consent ledger" in page.locator(".messages").inner_text()

    # The handover: an explicit action.
    with page.expect_navigation():
        page.get_by_role("link", name="Hand over to partner organisation").click()
    page.select_option("#id_organisation", label="Family Support Yerevan")
    with page.expect_navigation():
        page.get_by_role("button", name="Hand over").click()
    assert "handed over to Family Support Yerevan" in page.locator(".messages").inner_text()
    assert Handover.objects.filter(family=family, organisation=partner_org).exists()
    section = page.locator("section[aria-labelledby=consent-heading]")
    assert "shared" in section.inner_text()
    page.set_viewport_size(DESKTOP)
    section.scroll_into_view_if_needed()
    serious["consent-ledger"] = check_a11y(tab, "consent-ledger")
    assert_htmx_and_quiet(tab)

    # The partner organisation: exactly this case and nothing else.
    ppage = partner_tab.page
    partner_tab.log_in(partner)
    partner_tab.goto("/")
    caseload = ppage.locator("main table tbody")
    assert caseload.get_by_role("link").all_inner_texts() == ["Hakobyan"]
    assert "Petrosyan" not in ppage.locator("main").inner_text()
    assert partner_tab.goto(f"/families/{family.pk}/").status == 200
    assert partner_tab.goto(f"/families/{other_family.pk}/").status == 404
    assert partner_tab.goto(f"/families/{other_family.pk}/plan/").status == 404
    response = partner_tab.goto(f"/families/{family.pk}/plan/")
    assert response.status == 200
    assert WISH in ppage.locator("main").inner_text()
    # Read only: no button to change the plan.
    assert ppage.get_by_role("link", name="Add plan item").count() == 0
    serious["partner-plan"] = check_a11y(partner_tab, "partner-plan")
    partner_tab.goto(f"/families/{family.pk}/")
    serious["partner-case"] = check_a11y(partner_tab, "partner-case")
    assert partner_tab.console_errors == [], partner_tab.console_errors

    # The mother withdraws her consent: the counsellor records it...
    consent = ConsentEntry.objects.get(family=family, decision="given")
    tab.goto(f"/families/{family.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/families/{family.pk}/consent/{consent.pk}/withdraw/']").click()
    page.fill("#id_recorded_on", today().isoformat())
    page.select_option("#id_how", "signed_form")
    with page.expect_navigation():
        page.get_by_role("button", name="Record withdrawal").click()
    assert "The withdrawal has been recorded." in page.locator(".messages").inner_text()
    tab.screenshot("plan-consent-withdrawn")

    # ...and the partner's access ends at once: same session, no new login.
    assert partner_tab.goto(f"/families/{family.pk}/").status == 404
    assert partner_tab.goto(f"/families/{family.pk}/plan/").status == 404
    partner_tab.goto("/")
    assert "Hakobyan" not in ppage.locator("main").inner_text()
    partner_tab.screenshot("plan-partner-after-withdrawal")

    found = {name: found for name, found in serious.items() if found}
    assert not found, "axe found serious or critical violations:\n" + "\n".join(
        f"{name}:\n{describe(violations)}" for name, violations in found.items()
    )
