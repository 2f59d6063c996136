import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from kaketoe.accounts.models import Role
from kaketoe.accounts.tests.test_login import password_step
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import OrganisationFactory, login, make_user

pytestmark = pytest.mark.django_db
URL = reverse("accounts:organisation")


@pytest.fixture
def dtv():
    return OrganisationFactory(name="DT&V")


@pytest.fixture
def orgadmin(dtv):
    return make_user("orgadmin", Role.ORG_ADMIN, dtv)


def new_colleague(**overrides):
    data = {
        "username": "newofficer",
        "first_name": "Nora",
        "last_name": "Smit",
        "email": "nora@example.org",
        "role": Role.REGIEVOERDER,
    }
    return {**data, **overrides}


def test_a_new_team_lead_gets_no_password_and_stays_inactive_until_approved(client, orgadmin, dtv):
    """Issue 15, M1: the administrator never sees a password, and the account can do nothing
    until a second person approves it."""
    make_user("colleague", Role.CASE_MANAGER, dtv)  # any colleague on any case
    login(client, orgadmin)
    response = client.post(URL, new_colleague(sees_all_organisation_cases="on"), follow=True)
    user = get_user_model().objects.get(username="newofficer")
    assert user.membership.organisation == dtv and user.membership.role == Role.REGIEVOERDER
    assert not user.has_usable_password()
    assert not user.is_active
    assert "password" not in " ".join(str(m) for m in response.context["messages"])
    assert not user.totpdevice_set.exists()
    assert not mail.outbox  # the link goes out only once a second person approved
    user.set_password("a-password-the-admin-set-himself")  # even then: no login
    user.save()
    attempt = password_step(Client(), "newofficer", "a-password-the-admin-set-himself")
    assert attempt.status_code == 200 and "not correct" in attempt.content.decode()
    assert AuditEvent.objects.filter(
        action="create", object_type="user", object_id=str(user.pk)
    ).exists()


def test_a_taken_username_is_refused_and_nothing_is_created(client, orgadmin):
    login(client, orgadmin)
    before = get_user_model().objects.count()
    response = client.post(URL, new_colleague(username="ORGADMIN"))
    assert response.status_code == 200
    assert "already taken" in response.content.decode()
    assert get_user_model().objects.count() == before


def test_org_admin_sees_only_their_own_organisation(client, orgadmin, dtv):
    make_user("colleague", Role.CASE_MANAGER, dtv)
    make_user("stranger", Role.CASE_MANAGER)
    login(client, orgadmin)
    page = client.get(URL).content.decode()
    assert "colleague" in page and "stranger" not in page


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PRIVACY_OFFICER, Role.REGIEVOERDER])
def test_other_roles_cannot_manage_the_organisation(client, dtv, role):
    login(client, make_user("someone", role, dtv))
    assert client.get(URL).status_code == 404
    assert client.post(URL, new_colleague()).status_code == 404
    assert not get_user_model().objects.filter(username="newofficer").exists()


def test_org_admin_unlocks_a_locked_colleague_but_not_someone_elsewhere(client, orgadmin, dtv):
    colleague = make_user("colleague", Role.CASE_MANAGER, dtv)
    stranger = make_user("stranger", Role.CASE_MANAGER)
    for name in ["colleague", "stranger"]:
        AccessAttempt.objects.create(
            username=name,
            failures_since_start=5,
            ip_address="1.2.3.4",
            user_agent="t",
            get_data="",
            post_data="",
            http_accept="",
            path_info="/",
        )
    login(client, orgadmin)
    client.post(reverse("accounts:unlock", args=[colleague.membership.pk]))
    assert client.post(reverse("accounts:unlock", args=[stranger.membership.pk])).status_code == 404
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["stranger"]


def test_no_secret_of_the_new_colleague_reaches_the_administrator(client, orgadmin, dtv):
    """No password and no activation link in the admin's pages, messages or cookies (L6, M1)."""
    login(client, orgadmin)
    added = client.post(URL, new_colleague())
    shown = client.get(URL)
    user = get_user_model().objects.get(username="newofficer")
    assert not user.has_usable_password()
    for response in (added, shown):
        assert "messages" not in response.cookies
        assert "activate/" not in response.content.decode()
