"""Recovery codes for the second factor: one's own, made on one's own page, shown once."""

from django.shortcuts import render
from django_otp.plugins.otp_static.models import StaticToken

from kaketoe.accounts import services


def recovery_codes(request):
    codes = []
    if request.method == "POST":
        codes = services.make_recovery_codes(request, request.user)
    left = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "left": left})
