"""The organisation administrator adds a team lead; a privacy officer approves it on "Changes of
access"; the new colleague activates the account through the link from the e-mail and enrols
their own authenticator (issue 15, M1). axe-core at 1366 and 768 px on the organisation page, a
colleague's page and the approval list; screenshots in docs/user-guide/img/.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts import services
from kaketoe.testing import make_cast

from .test_start_pages import check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_team_lead_is_added_approved_and_activates_through_the_link(tab):
    cast = make_cast()
    page = tab.page
    tab.log_in(cast.orgadmin)
    page.get_by_label("Username").fill("lead")
    page.get_by_label("First name").fill("Lea")
    page.get_by_label("Last name").fill("Dekker")
    page.get_by_label("Email address").fill("lea@example.org")
    page.get_by_label("Role", exact=True).select_option("casemanager")
    page.get_by_label("Team lead").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Add colleague").click()
    assert "waits for a privacy officer" in page.content()
    assert "waiting for approval" in page.locator("table").inner_text()
    check(tab, "org-admin")
    with page.expect_navigation():
        page.get_by_role("link", name="Dekker").first.click()
    check(tab, "org-admin-member")

    page.context.clear_cookies()  # the privacy officer approves, on the same machine
    tab.log_in(cast.privacy)
    assert "waits for your approval" in page.content()
    tab.goto(reverse("accounts:grants"))
    assert "lea@example.org" in page.content()
    check(tab, "org-admin-grants")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve lead").click()
    assert "Approved" in page.content()

    page.context.clear_cookies()  # the new colleague opens the link from the e-mail
    link = re.search(r"https?://\S+(/accounts/activate/\S+/)", mail.outbox[-1].body).group(1)
    tab.goto(link)
    page.get_by_label("New password", exact=True).fill("a-long-new-password-2026")
    page.get_by_label("New password confirmation").fill("a-long-new-password-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    assert page.url.endswith(reverse("accounts:login_code"))
    device = TOTPDevice.objects.get(user__username="lead")
    page.fill("#id_token", services.current_code(device))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.endswith(reverse("cases:team_overview"))
