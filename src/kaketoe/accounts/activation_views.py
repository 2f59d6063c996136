"""The page behind the one-use link: choose a password, then enrol the authenticator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from kaketoe.accounts import services
from kaketoe.accounts.activation import tokens
from kaketoe.accounts.middleware import public
from kaketoe.accounts.models import Membership
from kaketoe.audit.services import Action, record


def _user(uidb64: str, token: str):
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    return user if user is not None and tokens.check_token(user, token) else None


@public
def activate(request, uidb64: str, token: str):
    user = _user(uidb64, token)
    if user is None:
        return render(request, "accounts/activate.html", {"validlink": False})
    form = SetPasswordForm(user, request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            form.save()  # the link stops working: the password is part of its signature
            Membership.objects.filter(user=user).update(
                may_enrol_at_login=True, must_change_password=False
            )
            record(request, Action.CHANGE, user, user=user, detail="activated: password chosen")
        request.session.cycle_key()
        request.session[services.PENDING] = user.pk  # next: enrol the authenticator
        return redirect("accounts:login_code")
    return render(request, "accounts/activate.html", {"validlink": True, "form": form})
