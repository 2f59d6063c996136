"""Consent pages. Each view: fetch through cases.access → early return → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from kaketoe.cases import access
from kaketoe.consent import services
from kaketoe.consent.forms import ConsentForm, HandoverForm, ScanForm, WithdrawalForm
from kaketoe.consent.models import ConsentScan, Decision


def consent_new(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    form = ConsentForm(request.POST or None, family=family)
    if form.is_valid():
        services.record_consent(request, request.user, form.save(commit=False))
        messages.success(request, _("The decision has been added to the consent ledger."))
        return redirect("cases:family", pk=pk)
    return _page(request, "consent/consent_form.html", family, form)


def consent_withdraw(request, pk: int, entry_pk: int):
    family = access.get_family(request, pk, edit=True)
    consent = get_object_or_404(family.consents, pk=entry_pk, decision=Decision.GIVEN)
    form = WithdrawalForm(request.POST or None, consent=consent)
    if form.is_valid():
        try:
            services.withdraw(request, request.user, consent, form.save(commit=False))
        except services.ConsentError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The withdrawal has been recorded."))
            return redirect("cases:family", pk=pk)
    return _page(request, "consent/withdraw_form.html", family, form, consent=consent)


def handover(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    form = HandoverForm(request.POST or None)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            services.hand_over(request, request.user, family, organisation)
        except services.ConsentError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The case has been handed over to %s.") % organisation)
            return redirect("cases:family", pk=pk)
    return _page(request, "consent/handover_form.html", family, form)


def scan_new(request, pk: int, entry_pk: int):
    family = access.get_family(request, pk, edit=True)
    entry = get_object_or_404(family.consents, pk=entry_pk)
    posted = request.method == "POST"
    form = ScanForm(request.POST if posted else None, request.FILES if posted else None)
    if form.is_valid():
        services.attach_scan(request, request.user, entry, form.cleaned_data["scan"])
        messages.success(request, _("The scan has been attached to the consent entry."))
        return redirect("cases:family", pk=pk)
    return _page(request, "consent/scan_form.html", family, form, entry=entry)


def scan_download(request, pk: int, scan_pk: int):
    family = access.get_family(request, pk)
    scan = get_object_or_404(ConsentScan.objects.filter(entry__family=family), pk=scan_pk)
    return _attachment(scan, services.open_scan(request, request.user, scan))


def _attachment(scan: ConsentScan, data: bytes) -> HttpResponse:
    """Always a download with the sniffed type: the browser neither guesses a type nor shows
    the file in Kaketoe's origin, and keeps no copy in its cache."""
    response = HttpResponse(data, content_type=scan.content_type)
    response["Content-Disposition"] = content_disposition_header(True, scan.download_name())
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _page(request, template: str, family, form, **context):
    return render(
        request,
        template,
        {"family": family, "form": form, **context},
        status=400 if form.is_bound else 200,
    )
