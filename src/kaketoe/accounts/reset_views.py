"""Forgotten password: a link by e-mail, then a new password. The second factor stays required.

Django's own views do the work (signed one-time tokens that expire, PASSWORD_RESET_TIMEOUT);
these lines only choose our templates and form and mark the pages public. The request page
answers the same whether an account has the address or not.
"""

from django.contrib.auth import views as auth
from django.urls import reverse_lazy

from kaketoe.accounts.forms import ResetRequestForm
from kaketoe.accounts.middleware import public
from kaketoe.accounts.services import revoke_api_tokens
from kaketoe.audit.services import Action, record


class ChoosePassword(auth.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record(self.request, Action.CHANGE, user=form.user, detail="password reset")
        revoke_api_tokens(self.request, form.user, "password reset")
        return response


request_reset = public(
    auth.PasswordResetView.as_view(
        form_class=ResetRequestForm,
        template_name="accounts/reset_request.html",
        email_template_name="accounts/reset_email.txt",
        subject_template_name="accounts/reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )
)
reset_sent = public(auth.PasswordResetDoneView.as_view(template_name="accounts/reset_sent.html"))
choose_password = public(
    ChoosePassword.as_view(
        template_name="accounts/reset_choose.html",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
reset_done = public(
    auth.PasswordResetCompleteView.as_view(template_name="accounts/reset_done.html")
)
