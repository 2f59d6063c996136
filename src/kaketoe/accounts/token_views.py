"""The user's own API tokens: name, dates, and a button that revokes one (audited)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.accounts.models import ApiToken
from kaketoe.audit.services import Action, record


def api_tokens(request):
    if request.method == "POST":
        return _revoke(request)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "now": timezone.now()})


def _revoke(request):
    pk = request.POST.get("revoke", "")
    if not pk.isdigit():
        return redirect("accounts:api_tokens")
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # only one's own
    if ApiToken.objects.filter(pk=token.pk).revoke():
        record(request, Action.CHANGE, token, detail="api token revoked")
        messages.success(
            request,
            _("The token %(name)s no longer works.") % {"name": token.name or f"{token.prefix}…"},
        )
    return redirect("accounts:api_tokens")
