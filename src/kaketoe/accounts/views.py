"""Login with two factors, logout, and the interface language."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import (
    authenticate,
    login,
    logout,
    update_session_auth_hash,
    user_login_failed,
)
from django.contrib.auth.forms import PasswordChangeForm
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login

from kaketoe.accounts import services
from kaketoe.accounts.forms import CodeStepForm, PasswordStepForm
from kaketoe.accounts.middleware import SESSION_VERSION, password_change_allowed, public
from kaketoe.accounts.models import Membership
from kaketoe.audit.services import Action, record
from kaketoe.cases import start


@public
def login_password(request):
    form = PasswordStepForm(request.POST or None)
    if form.is_valid():
        user = authenticate(request, **form.cleaned_data)
        if user is not None:
            request.session.cycle_key()
            request.session[services.PENDING] = user.pk
            request.session["kaketoe_next"] = _safe_next(request)
            return redirect("accounts:login_code")
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        record(request, Action.LOGIN_FAILED, detail=form.cleaned_data["username"][:150])
        form.add_error(None, _("The username or password is not correct."))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}
    )


@public
def login_code(request):
    user = services.pending_user(request)
    if user is None:
        return redirect("accounts:login")
    device = services.totp_device(user, create=_may_enrol(user))
    if device is None:  # reset authenticator: enrol only through the one-use link (M1)
        return render(request, "accounts/login_code.html", {"needs_link": True})
    form = CodeStepForm(request.POST or None)
    if form.is_valid():
        token = form.cleaned_data["token"]
        if token.isdigit() and device.verify_token(token):
            return _complete_login(request, user, device)
        recovery = (
            not token.isdigit() and device.confirmed and services.recovery_device(user, token)
        )
        if recovery:
            record(request, Action.CHANGE, user, user=user, detail="recovery code used")
            return _complete_login(request, user, recovery)
        user_login_failed.send(
            sender=__name__, request=request, credentials={"username": user.get_username()}
        )
        record(request, Action.LOGIN_FAILED, user=user, detail="wrong code")
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        form.add_error(
            "token", _("This code is not correct or has expired. Try the code your app shows now.")
        )
    enrolling = not device.confirmed
    return render(
        request,
        "accounts/login_code.html",
        {
            "form": form,
            "enrolling": enrolling,
            "secret": services.base32_secret(device) if enrolling else "",
            "qr": services.qr_svg(device) if enrolling else "",
        },
    )


def _may_enrol(user) -> bool:
    membership = getattr(user, "membership", None)
    return membership is None or membership.may_enrol_at_login


def _complete_login(request, user, device):
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    next_url = request.session.pop("kaketoe_next", "")
    request.session.pop(services.PENDING, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    record(request, Action.LOGIN)
    response = redirect(next_url or start.start_page_of(user))  # issue 17 §3
    membership = getattr(user, "membership", None)
    if membership:  # "log out everywhere" ends sessions that began under an older number
        request.session[SESSION_VERSION] = membership.session_version
    if membership and membership.language:
        response.set_cookie("django_language", membership.language, samesite="Lax")
    return response


def _safe_next(request) -> str:
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else ""


@password_change_allowed
@require_POST
def logout_view(request):
    record(request, Action.LOGOUT)
    logout(request)
    return redirect("accounts:login")


@public
@require_POST
def set_language(request):
    """Switch the interface language; remember it for the user when logged in."""
    membership = (
        getattr(request.user, "membership", None) if request.user.is_authenticated else None
    )
    language = request.POST.get("language", "")
    if membership and language in dict(settings.LANGUAGES):
        membership.language = language
        membership.save(update_fields=["language"])
    return django_set_language(request)


def locked_out(request, credentials=None, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=403)


@password_change_allowed
def password_change(request):
    """Change one's own password; required first after a one-time password from the admin."""
    membership = getattr(request.user, "membership", None)
    required = bool(membership and membership.must_change_password)
    form = PasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # this session stays; others end (new hash)
        services.revoke_api_tokens(request, user, "password")  # tokens end with the sessions
        if required:
            Membership.objects.filter(pk=membership.pk).update(must_change_password=False)
        record(request, Action.CHANGE, user, detail="password")
        messages.success(request, _("Your password has been changed."))
        return redirect("cases:caseload")
    return render(request, "accounts/password.html", {"form": form, "required": required})


@require_POST
def logout_everywhere(request):
    """End every session of this user, on every device, this one included."""
    membership = getattr(request.user, "membership", None)
    if membership is not None:
        Membership.objects.filter(pk=membership.pk).update(session_version=F("session_version") + 1)
    services.revoke_api_tokens(request, request.user, "everywhere")
    record(request, Action.LOGOUT, detail="everywhere")
    logout(request)
    return redirect("accounts:login")
