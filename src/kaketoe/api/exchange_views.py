"""File exchange in the browser (docs/export.md, docs/import.md): a family's complete file for
its team, monitoring data as CSV/XLSX, and the family import for an organisation administrator.
Each view: access through cases.access → early return → the same code as the commands → audit."""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kaketoe.accounts.org_views import _organisation
from kaketoe.audit.listing import record_listing
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.monitoring import export as monitoring_export
from kaketoe.monitoring.models import MonitoringVisit
from kaketoe.reports import tables

from . import exports, imports

STASH = "kaketoe_import"  # session key: the checked file, until it is imported


def max_import_bytes() -> int:
    return getattr(settings, "KAKETOE_IMPORT_MAX_BYTES", 1024 * 1024)


# -- a family's complete file ------------------------------------------------------------------


def family_json(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    body = exports.as_json(family, request.user)
    record(request, Action.EXPORT, family, detail="complete file json")
    return _attachment(body, "application/json", f"kaketoe-{family.reference}.json")


def family_pdf(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    language = request.GET.get("lang")
    language = language if language in {"nl", "en"} else get_language()
    body = exports.as_pdf(family, request.user, language)
    record(request, Action.EXPORT, family, detail=f"complete file pdf {language}")
    return _attachment(body, "application/pdf", f"kaketoe-{family.reference}-{language}.pdf")


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- monitoring data ---------------------------------------------------------------------------


def monitoring_csv(request):
    return _monitoring(request, "csv")


def monitoring_xlsx(request):
    return _monitoring(request, "xlsx")


def _monitoring(request, kind: str):
    """The visits of every family the user may see; `?pseudonymise=1` for no names."""
    pseudonymise = request.GET.get("pseudonymise") in {"1", "on", "true"}
    families = access.visible_families(request.user)
    what = "pseudonymised" if pseudonymise else "named"
    name = "kaketoe-monitoring" + ("-pseudonymised" if pseudonymise else "")
    if kind == "csv":  # streamed: every visit of a national caseload in bounded memory
        rows = monitoring_export.count(families)
        _record_export(request, families, f"monitoring data {kind} {what} ({rows} rows)")
        return tables.stream_csv(monitoring_export.rows(families, pseudonymise=pseudonymise), name)
    table = monitoring_export.table(families, pseudonymise=pseudonymise)
    _record_export(request, families, f"monitoring data {kind} {what} ({len(table) - 1} rows)")
    return tables.download(table, kind, name, "monitoring")


def _record_export(request, families, what: str) -> None:
    """One export event, linked to every family whose visits the file holds (M2)."""
    exported = MonitoringVisit.objects.filter(family__in=families).values_list(
        "family_id", flat=True
    )
    record_listing(request, Action.EXPORT, exported.distinct(), what)


# -- the family import for an organisation administrator ----------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy("The columns of docs/import.md; at most %(size)s."),
    )
    opener = forms.ModelChoiceField(
        label=gettext_lazy("Opened by"),
        queryset=get_user_model().objects.none(),
        help_text=gettext_lazy("The colleague who opens the cases and joins every team."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opener"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                membership__organisation=organisation,
                membership__role__in=access.CREATE_ROLES,
            )
            .order_by("last_name", "username")
        )
        self.fields["opener"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        size = f"{max_import_bytes() // 1024} kB"
        self.fields["file"].help_text = self.fields["file"].help_text % {"size": size}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_import_bytes():
            raise forms.ValidationError(
                _("The file is too large (at most %(size)d kB).")
                % {"size": max_import_bytes() // 1024}
            )
        data = upload.read()
        kind = imports.sniff(data)
        if kind is None:
            raise forms.ValidationError(
                _("This is not a CSV (UTF-8) or XLSX file, whatever its name says.")
            )
        self.data_bytes, self.kind = data, kind
        return upload


def import_families(request):
    """Step 1: upload and check (a dry run: every bad row with row, column and reason).
    Step 2: import the checked file, validated once more; one bad row and nothing is saved."""
    organisation = _organisation(request)
    if _too_large(request):
        messages.error(
            request,
            _("The file is too large (at most %(size)d kB).")
            % {"size": max_import_bytes() // 1024},
        )
        return redirect("exchange:import_families")
    if request.method == "POST" and request.POST.get("step") == "import":
        return _import_checked(request, organisation)
    form = ImportForm(request.POST or None, request.FILES or None, organisation=organisation)
    context = {"organisation": organisation, "form": form, "max_kb": max_import_bytes() // 1024}
    if not form.is_valid():
        return render(
            request, "exchange/import.html", context, status=400 if form.is_bound else 200
        )
    request.session.pop(STASH, None)
    plans, problems = _check(form.data_bytes, form.kind)
    opener = form.cleaned_data["opener"]
    record(
        request,
        Action.VIEW,
        detail=f"import check: {len(plans)} families, {len(problems)} problems",
    )
    if not problems:
        request.session[STASH] = {
            "data": base64.b64encode(form.data_bytes).decode(),
            "kind": form.kind,
            "sha256": hashlib.sha256(form.data_bytes).hexdigest(),
            "opener": opener.pk,
            "name": form.cleaned_data["file"].name[:100],
        }
    context.update(
        problems=problems,
        families=len(plans),
        checked=True,
        stash=request.session.get(STASH),
        opener=opener,
    )
    return render(request, "exchange/import.html", context, status=400 if problems else 200)


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return request.method == "POST" and length > max_import_bytes() + 64 * 1024


def _check(data: bytes, kind: str):
    try:
        rows, header = imports.rows_from_bytes(data, kind)
    except imports.Unreadable as error:
        return [], [imports.Problem(1, "-", str(error))]
    return imports.validate(rows, header)


def _import_checked(request, organisation):
    stash = request.session.get(STASH)
    if not stash or request.POST.get("sha256") != stash["sha256"]:
        messages.error(request, _("Check the file first; then import it."))
        return redirect("exchange:import_families")
    opener = (
        ImportForm(organisation=organisation)
        .fields["opener"]
        .queryset.filter(pk=stash["opener"])
        .first()
    )
    data = base64.b64decode(stash["data"])
    plans, problems = _check(data, stash["kind"])
    if opener is None or problems:
        messages.error(request, _("The file no longer passes the check; nothing was imported."))
        request.session.pop(STASH, None)
        return redirect("exchange:import_families")
    count = imports.import_families(opener, plans)
    request.session.pop(STASH, None)
    record(
        request,
        Action.CREATE,
        detail=f"import {stash['name']}: {count} families opened by {opener.username}",
    )
    messages.success(
        request,
        _("%(count)d families imported; %(username)s opened them and is on every team.")
        % {"count": count, "username": opener.username},
    )
    return redirect("accounts:organisation")
