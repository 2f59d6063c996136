"""A scan of the signed consent form in a real browser: refused when it is not a scan, attached
when it is, listed in the ledger and downloaded as a file. The consent section is checked by
axe-core; the screenshot lands in test-artifacts/screenshots/consent-scan-*.png.
"""

from __future__ import annotations

import pytest

from kaketoe.accounts.models import Organisation, Role
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person
from kaketoe.consent import services
from kaketoe.consent.models import ConsentEntry, ConsentScan
from kaketoe.consent.tests.files import pdf
from kaketoe.testing import OrganisationFactory, make_family, make_user, today

from .conftest import describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED = pdf().replace(b"%%EOF", b"% signed by Lusine Hakobyan\n%%EOF")


@pytest.fixture
def counsellor(db):
    return make_user("counsellor", Role.COUNSELLOR)


@pytest.fixture
def entry(counsellor):
    family = make_family(counsellor, "Hakobyan")
    mother = case_services.add_member(
        None,
        counsellor,
        family,
        Person(relation=Person.Relation.PARENT, given_name="Lusine", family_name="Hakobyan"),
    )
    partner = OrganisationFactory(
        name="Family Support Yerevan", kind=Organisation.Kind.PARTNER_ABROAD
    )
    consent = ConsentEntry(
        family=family,
        purpose="handover",
        organisation=partner,
        decision="given",
        given_by=mother,
        how="signed_form",
        recorded_on=today(),
        scope="Return plan and school reports",
    )
    return services.record_consent(None, counsellor, consent)


def test_attach_a_scan_of_the_signed_form_and_download_it(tab, counsellor, entry, tmp_path):
    page = tab.page
    tab.log_in(counsellor)
    tab.goto(f"/families/{entry.family_id}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Attach scan").click()

    # A web page renamed to .pdf is refused with the reason; nothing is kept.
    page.set_input_files(
        "#id_scan",
        files=[
            {"name": "consent.pdf", "mimeType": "application/pdf", "buffer": b"<html>hi</html>"}
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Attach scan").click()
    assert (
        "Only PDF, JPEG or PNG scans can be attached."
        in page.locator(".error-summary").inner_text()
    )
    assert not ConsentScan.objects.exists()
    tab.screenshot("consent-scan-refused")

    page.set_input_files(
        "#id_scan",
        files=[
            {"name": "toestemming Hakobyan.pdf", "mimeType": "application/pdf", "buffer": SIGNED}
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Attach scan").click()
    assert "The scan has been attached" in page.locator(".messages").inner_text()
    section = page.locator("section[aria-labelledby=consent-heading]")
    assert "Scan: toestemming Hakobyan.pdf" in section.inner_text()
    section.scroll_into_view_if_needed()
    violations = tab.axe("consent-scan-ledger")
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == [], describe(serious)
    section.screenshot(
        path=str(tab.screenshot("consent-scan-page").with_name("consent-scan-ledger.png"))
    )

    with page.expect_download() as download_info:
        section.get_by_role("link", name="Scan: toestemming Hakobyan.pdf").click()
    download = download_info.value
    scan = ConsentScan.objects.get()
    assert download.suggested_filename == f"consent-{entry.pk}-scan-{scan.pk}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes() == SIGNED
    # The refusal above is a 400 on purpose; nothing else may have gone wrong.
    errors = [e for e in tab.console_errors if not ("status of 400" in e and "/scan/" in e)]
    assert errors == [], errors
