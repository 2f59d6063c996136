import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from kaketoe.accounts.models import Role
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


def test_org_admin_adds_a_colleague_who_gets_a_one_time_password_shown_once(client, orgadmin, dtv):
    login(client, orgadmin)
    response = client.post(URL, new_colleague(), follow=True)
    user = get_user_model().objects.get(username="newofficer")
    assert user.membership.organisation == dtv and user.membership.role == Role.REGIEVOERDER
    message = str(list(response.context["messages"])[0])
    password = message.split("password ")[1].split(" ")[0]
    assert user.check_password(password)
    assert not user.totpdevice_set.exists()  # two factors are set up at first login
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


def test_the_one_time_password_never_goes_into_a_cookie(client, orgadmin):
    """Messages live in the session, not in a `messages` cookie anyone can read (issue 15, L6)."""
    login(client, orgadmin)
    added = client.post(URL, new_colleague())
    shown = client.get(URL)
    message = str(list(shown.context["messages"])[0])
    password = message.split("password ")[1].split(" ")[0]
    assert get_user_model().objects.get(username="newofficer").check_password(password)
    for response in (added, shown):
        assert "messages" not in response.cookies
        assert not any(password in morsel.value for morsel in response.cookies.values())
