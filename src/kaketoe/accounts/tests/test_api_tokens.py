"""API tokens end with the sessions (log out everywhere, a new password), expire, and can be seen
and revoked by their owner on the tokens page (issue 15, L2)."""

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kaketoe.accounts.models import ApiToken, Role
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import login, make_user

pytestmark = pytest.mark.django_db

FAMILIES = "/api/v1/families/"
TOKENS = "/accounts/tokens/"
NEW_PASSWORD = "a-new-long-passphrase-2026"


@pytest.fixture
def casemanager():
    user = make_user("casemanager", Role.CASE_MANAGER)
    user.email = "c.manager@coa.example"
    user.save()
    return user


def api(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_log_out_everywhere_revokes_the_users_api_tokens(client, casemanager):
    _token, raw = ApiToken.issue(casemanager, name="script")
    other, other_raw = ApiToken.issue(make_user("colleague", Role.CASE_MANAGER))
    assert api(raw).get(FAMILIES).status_code == 200
    login(client, casemanager)
    client.post(reverse("accounts:logout_everywhere"))
    assert api(raw).get(FAMILIES).status_code == 401
    assert api(other_raw).get(FAMILIES).status_code == 200  # nobody else's token


def test_a_password_reset_revokes_the_users_api_tokens(client, casemanager, mailoutbox):
    _token, raw = ApiToken.issue(casemanager, name="script")
    client.post(reverse("accounts:password_reset"), {"email": casemanager.email})
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert api(raw).get(FAMILIES).status_code == 401


def test_changing_the_password_revokes_the_users_api_tokens(client, casemanager):
    _token, raw = ApiToken.issue(casemanager, name="script")
    login(client, casemanager)
    from kaketoe.accounts.tests.test_login import PASSWORD

    client.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert api(raw).get(FAMILIES).status_code == 401


@override_settings(KAKETOE_API_TOKEN_DAYS=90)
def test_a_token_expires_after_the_configured_days(casemanager):
    token, raw = ApiToken.issue(casemanager)
    assert token.expires_at - token.created_at == timedelta(days=90)
    assert api(raw).get(FAMILIES).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(raw).get(FAMILIES).status_code == 401


@override_settings(KAKETOE_API_TOKEN_DAYS=7)
def test_the_expiry_follows_the_setting(casemanager):
    token, _raw = ApiToken.issue(casemanager)
    assert token.expires_at - token.created_at == timedelta(days=7)


def test_the_tokens_page_lists_only_ones_own_tokens(client, casemanager):
    ApiToken.issue(casemanager, name="nightly export")
    ApiToken.issue(make_user("colleague", Role.CASE_MANAGER), name="someone else's")
    login(client, casemanager)
    page = client.get(TOKENS).content.decode()
    assert "nightly export" in page
    assert "someone else" not in page


def test_a_user_revokes_their_own_token_and_it_is_audited(client, casemanager):
    token, raw = ApiToken.issue(casemanager, name="nightly export")
    login(client, casemanager)
    response = client.post(TOKENS, {"revoke": token.pk})
    assert response.status_code == 302
    assert api(raw).get(FAMILIES).status_code == 401
    assert AuditEvent.objects.filter(
        action="change", actor_id=casemanager.pk, object_type="apitoken", object_id=str(token.pk)
    ).exists()


def test_nobody_revokes_someone_elses_token(casemanager):
    token, raw = ApiToken.issue(make_user("colleague", Role.CASE_MANAGER))
    client = Client()
    login(client, casemanager)
    assert client.post(TOKENS, {"revoke": token.pk}).status_code == 404
    assert api(raw).get(FAMILIES).status_code == 200
