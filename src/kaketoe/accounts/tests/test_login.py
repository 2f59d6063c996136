"""Two-step login: password, then a code from the authenticator app; lockout; sessions."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts import services
from kaketoe.accounts.models import Role
from kaketoe.audit.models import AuditEvent
from kaketoe.testing import UserFactory, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"
LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
CASELOAD = reverse("cases:caseload")


@pytest.fixture
def casemanager():
    return make_user("casemanager", Role.CASE_MANAGER)


def code_for(device):
    """The code the user's authenticator app shows right now."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code(device):
    return "000000" if code_for(device) != "000000" else "111111"


def password_step(client, username="casemanager", password=PASSWORD, next_url=""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, {"username": username, "password": password})


def is_verified(client):
    return client.get(CASELOAD).status_code == 200


def test_password_then_code_logs_in(client, casemanager):
    response = password_step(client)
    assert response.status_code == 302 and response.url == CODE
    assert not is_verified(client)  # the password alone opens nothing
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.status_code == 302 and response.url == CASELOAD
    assert is_verified(client)
    assert AuditEvent.objects.filter(action="login", actor_id=casemanager.pk).exists()


def test_wrong_code_is_refused_and_the_user_stays_logged_out(client, casemanager):
    password_step(client)
    device = casemanager.totpdevice_set.get()
    response = client.post(CODE, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "This code is not correct or has expired." in response.content.decode()
    assert not is_verified(client)
    assert AuditEvent.objects.filter(action="login_failed", actor_id=casemanager.pk).exists()


def test_a_code_that_is_not_six_digits_is_refused(client, casemanager):
    password_step(client)
    response = client.post(CODE, {"token": "12ab"})
    assert "Enter the six digits your authenticator app shows." in response.content.decode()
    assert not is_verified(client)


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, casemanager):
    response = password_step(client, password="not-the-password")
    assert response.status_code == 200
    assert "The username or password is not correct." in response.content.decode()
    assert services.PENDING not in client.session
    response = password_step(client, username="nobody")
    assert "The username or password is not correct." in response.content.decode()


def test_the_code_step_without_the_password_step_goes_back_to_login(client, casemanager):
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.status_code == 302 and response.url == LOGIN
    assert not is_verified(client)


def test_a_user_without_a_device_is_shown_enrolment_and_is_confirmed_by_a_right_code(client):
    newcomer = UserFactory(username="newcomer")
    password_step(client, "newcomer")
    response = client.get(CODE)
    device = TOTPDevice.objects.get(user=newcomer)
    assert not device.confirmed
    assert response.context["enrolling"] is True
    assert services.base32_secret(device) in response.content.decode()
    assert "<svg" in response.context["qr"]
    response = client.post(CODE, {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(client)


def test_enrolment_is_not_confirmed_by_a_wrong_code(client):
    newcomer = UserFactory(username="newcomer")
    password_step(client, "newcomer")
    client.get(CODE)
    device = TOTPDevice.objects.get(user=newcomer)
    client.post(CODE, {"token": wrong_code(device)})
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_verified(client)


def test_a_confirmed_user_is_not_shown_the_secret_again(client, casemanager):
    password_step(client)
    response = client.get(CODE)
    device = casemanager.totpdevice_set.get()
    assert response.context["enrolling"] is False
    assert services.base32_secret(device) not in response.content.decode()


def test_a_password_only_session_is_sent_back_to_login(client, casemanager):
    client.force_login(casemanager, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={CASELOAD}"


def test_anonymous_visitors_are_sent_to_login_with_the_page_to_return_to(client):
    response = client.get("/families/1/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/families/1/"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, casemanager):
    for _ in range(5):
        password_step(client, password="guess")
    response = password_step(client)
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert services.PENDING not in client.session
    assert not is_verified(client)


def test_four_wrong_passwords_do_not_lock_the_account(client, casemanager):
    for _ in range(4):
        password_step(client, password="guess")
    response = password_step(client)
    assert response.status_code == 302 and response.url == CODE


def test_the_lock_is_per_account_not_for_everyone(client, casemanager):
    make_user("colleague", Role.CASE_MANAGER)
    for _ in range(5):
        password_step(client, password="guess")
    assert password_step(client, "colleague").status_code == 302


def test_five_wrong_codes_lock_the_account_too(client, casemanager):
    password_step(client)
    device = casemanager.totpdevice_set.get()
    responses = [client.post(CODE, {"token": wrong_code(device)}) for _ in range(5)]
    assert responses[-1].status_code == 403
    assert password_step(client).status_code == 403


def test_sessions_end_after_at_most_thirty_minutes_of_inactivity(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_login_does_not_follow_a_next_to_another_site(client, casemanager):
    password_step(client, next_url="https://evil.example/phish")
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.status_code == 302
    assert response.url == CASELOAD
    assert "evil.example" not in response.url


def test_login_does_not_follow_a_scheme_relative_next(client, casemanager):
    password_step(client, next_url="//evil.example/")
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.url == CASELOAD


def test_login_returns_to_the_page_asked_for_on_this_site(client, casemanager):
    password_step(client, next_url="/audit/")
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.url == "/audit/"


def test_login_applies_the_language_remembered_for_the_user(client, casemanager):
    casemanager.membership.language = "nl"
    casemanager.membership.save()
    password_step(client)
    response = client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    assert response.cookies["django_language"].value == "nl"


def test_logout_ends_the_session(client, casemanager):
    password_step(client)
    client.post(CODE, {"token": code_for(casemanager.totpdevice_set.get())})
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    assert not is_verified(client)
    assert AuditEvent.objects.filter(action="logout", actor_id=casemanager.pk).exists()
