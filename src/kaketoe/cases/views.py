"""Case pages. Each view: fetch through cases.access → early return → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.assessments.queries import safety_warning
from kaketoe.audit.listing import record_listing
from kaketoe.audit.services import Action, record
from kaketoe.cases import access, overview, queries, route_map, services, start
from kaketoe.cases.forms import (
    ColleagueForm,
    FamilyForm,
    InformalMemberForm,
    NewFamilyForm,
    PersonForm,
    TeamRemovalForm,
)
from kaketoe.cases.models import Person, Stage, TeamMember
from kaketoe.cases.rules import RESTORE_DAYS


def caseload(request):
    membership = access.membership_of(request.user)
    if membership and start.has_no_caseload(membership.role):
        return redirect(start.start_page_of(request.user))
    page = queries.caseload(
        access.visible_families(request.user), timezone.localdate(), request.GET.get("page")
    )
    shown = [row.family.pk for row in page.object_list]
    record_listing(request, Action.VIEW, shown, f"caseload page {page.number}")
    return render(
        request,
        "cases/caseload.html",
        {"page": page, "can_create": access.can_create_family(request.user)},
    )


def team_overview(request):
    """The team lead's start page: the organisation's cases per colleague and what needs them."""
    if not access.can_see_team_overview(request.user):
        record(request, Action.DENIED, detail="team overview")
        raise Http404
    membership = request.user.membership
    data = overview.overview(
        access.visible_families(request.user), membership.organisation_id, timezone.localdate()
    )
    record_listing(request, Action.VIEW, data.family_ids(), "team overview")
    return render(request, "cases/team_overview.html", {"overview": data})


def family_detail(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family)
    can_edit = access.can_edit_family(request.user, family)
    return render(
        request,
        "cases/family_detail.html",
        {
            "family": family,
            "members": family.members.all(),
            "team": queries.team_by_area(family),
            "removed": services.recently_removed(family),
            "kept": services.kept_places(family) if can_edit else set(),
            "show_monitoring": _shows_monitoring(request.user, family),
            "timeline": _timeline_for(request.user, family)[:50],
            "can_edit": can_edit,
            "today": timezone.localdate(),
            "safety_warning": safety_warning(family),
            "route": route_map.route_map(family),
            **_readiness(family),
        },
    )


def _readiness(family) -> dict:
    """The readiness check once a departure is planned (until it is recorded), and the reason
    given when the departure was recorded despite open points."""
    planned = family.planned_departure and family.actual_departure is None
    return {
        "blockers": route_map.departure_blockers(family) if planned else [],
        "departure_ack": route_map.readiness_acknowledgement(family),
    }


def _shows_monitoring(user, family) -> bool:
    """The way from the case to the family's monitoring (issue 17 §2): for the partner abroad
    always (that is their work), for the team once the family has left."""
    membership = access.membership_of(user)
    abroad = bool(membership and membership.organisation.is_abroad_partner)
    return abroad or family.stage in (Stage.DEPARTED, Stage.MONITORING)


def _timeline_for(user, family):
    events = family.timeline.select_related("actor")
    return events if access.sees_internal_notes(user) else events.filter(internal=False)


def family_create(request):
    if not access.can_create_family(request.user):
        record(request, Action.DENIED, detail="new family")
        raise Http404
    form = NewFamilyForm(request.POST or None)
    duplicates = _duplicates_for(request, form, "parent_")
    if form.is_valid() and not duplicates.get("blocking"):
        family = services.open_case(
            request, request.user, form.save(commit=False), form.first_parent()
        )
        messages.success(request, _("The case has been opened."))
        return redirect("cases:family", pk=family.pk)
    return render(request, "cases/family_form.html", {"form": form, **duplicates})


def family_edit(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    form = FamilyForm(request.POST or None, instance=family)
    if form.is_valid():
        try:
            services.change_case(
                request,
                request.user,
                form.save(commit=False),
                form.expected_version(),
                form.changed_data,
                form.departure_acknowledged,
                closing_reason=form.closing_reason,
            )
        except services.StaleEdit:
            return _stale(request, "cases:family_edit", pk)
        messages.success(request, _("The case has been saved."))
        return redirect("cases:family", pk=pk)
    blockers = route_map.departure_blockers(family) if family.actual_departure is None else []
    return render(
        request,
        "cases/family_form.html",
        {"form": form, "family": family, "blockers": blockers},
        status=400 if form.is_bound else 200,
    )


def person_add(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    form = PersonForm(request.POST or None, initial={"family_name": family.name})
    duplicates = _duplicates_for(request, form, "")
    if form.is_valid() and not duplicates.get("blocking"):
        services.add_member(request, request.user, family, form.save(commit=False))
        messages.success(request, _("The household member has been added."))
        return redirect("cases:family", pk=pk)
    return render(request, "cases/person_form.html", {"form": form, "family": family, **duplicates})


def person_edit(request, pk: int, person_pk: int):
    family = access.get_family(request, pk, edit=True)
    person = get_object_or_404(Person, pk=person_pk, family=family)
    form = PersonForm(request.POST or None, instance=person)
    if form.is_valid():
        try:
            services.change_member(
                request,
                request.user,
                form.save(commit=False),
                form.expected_version(),
                form.changed_data,
            )
        except services.StaleEdit:
            return _stale(request, "cases:person_edit", pk, person_pk)
        messages.success(request, _("The household member has been saved."))
        return redirect("cases:family", pk=pk)
    return render(
        request, "cases/person_form.html", {"form": form, "family": family, "person": person}
    )


def team_add(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    kind = request.POST.get("kind")
    colleague = ColleagueForm(request.POST if kind == "colleague" else None, family=family)
    informal = InformalMemberForm(request.POST if kind == "informal" else None)
    form = colleague if kind == "colleague" else informal
    if request.method == "POST" and form.is_valid():
        services.join_team(request, request.user, family, **form.cleaned_data)
        messages.success(request, _("The team member has been added."))
        return redirect("cases:family", pk=pk)
    return render(
        request,
        "cases/team_form.html",
        {"family": family, "colleague": colleague, "informal": informal},
    )


def team_remove(request, pk: int, member_pk: int):
    """Ask for confirmation and a reason; refuse the case's last regievoerder and the last
    person of the organisation that owns it (services.leave_team)."""
    family = access.get_family(request, pk, edit=True)
    member = get_object_or_404(TeamMember, pk=member_pk, family=family, removed_at__isnull=True)
    refusal = services.removal_refusal(member)
    form = TeamRemovalForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        services.leave_team(request, request.user, member, form.cleaned_data["reason"])
        messages.success(request, _removed_message(member))
        return redirect("cases:family", pk=pk)
    return render(
        request,
        "cases/team_remove.html",
        {
            "family": family,
            "member": member,
            "form": form,
            "refusal": refusal,
            "restore_days": RESTORE_DAYS,
        },
    )


def _removed_message(member: TeamMember) -> str:
    return _(
        "%(name)s is no longer on the team. You can restore the place from the team card "
        "for %(days)s days."
    ) % {"name": member.display_name, "days": RESTORE_DAYS}


@require_POST
def team_restore(request, pk: int, member_pk: int):
    family = access.get_family(request, pk, edit=True)
    member = get_object_or_404(TeamMember, pk=member_pk, family=family, removed_at__isnull=False)
    try:
        services.restore_place(request, request.user, member)
    except services.NotRestorable:
        messages.error(request, _("This place can no longer be restored: add the person again."))
        return redirect("cases:family", pk=pk)
    messages.success(request, _("%(name)s is on the team again.") % {"name": member.display_name})
    return redirect("cases:family", pk=pk)


def _duplicates_for(request, form, prefix: str) -> dict:
    """Possible duplicates of the person on a valid form, unless the user confirmed."""
    if not form.is_bound or not form.is_valid() or form.cleaned_data["save_despite_duplicates"]:
        return {}
    data = form.cleaned_data
    matches = services.possible_duplicates(
        data[f"{prefix}given_name"],
        data[f"{prefix}family_name"],
        data.get(f"{prefix}date_of_birth"),
    )
    visible_ids = set(
        access.visible_families(request.user)
        .filter(pk__in=matches.values("family_id"))
        .values_list("pk", flat=True)
    )
    visible = [p for p in matches if p.family_id in visible_ids]
    hidden = len(matches) - len(visible)
    if not matches:
        return {}
    record(request, Action.SEARCH, detail=f"duplicates: {len(visible)} visible, {hidden} hidden")
    return {
        "blocking": True,
        "duplicates": visible,
        "duplicate_message": services.duplicate_message(visible, hidden),
    }


def _stale(request, url_name: str, *args):
    messages.error(
        request,
        _(
            "Someone else saved this record while you were editing it. "
            "Your changes were not saved: the form now shows the latest "
            "version; please enter them again."
        ),
    )
    return redirect(url_name, *args)
