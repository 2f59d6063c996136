"""Return-plan pages. Each view: fetch through cases.access → early return → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.catalogues import loader
from kaketoe.plans import family_version, queries, rules, services
from kaketoe.plans.forms import (
    ITEM_FIELDS,
    AttentionForm,
    ChildVoiceForm,
    DecisionForm,
    FromPreconditionForm,
    MeetingForm,
    PlanItemForm,
)
from kaketoe.plans.models import ChildVoice, Meeting, PlanItem
from kaketoe.reports import pdf as reports
from kaketoe.toolkit import queries as toolkit_queries
from kaketoe.toolkit.models import Answer
from kaketoe.toolkit.rules import SHARE_TEAM


def _context(request, family, **extra) -> dict:
    return {"family": family, "can_edit": access.can_edit_family(request.user, family), **extra}


def plan(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="return plan")
    the_plan = services.plan_of(family)
    page = queries.plan_page(family, the_plan, timezone.localdate(), get_language())
    return render(request, "plans/plan.html", _context(request, family, plan=the_plan, page=page))


def item_add(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    item = PlanItem(family=family, text_language=rules.text_language(get_language()))
    form = PlanItemForm(request.POST or None, instance=item, family=family)
    if form.is_valid():
        services.add_item(request, request.user, family, **_fields(form, ITEM_FIELDS))
        messages.success(request, _("The plan item has been added."))
        return redirect("plans:plan", pk=pk)
    return _item_page(request, family, form)


def item_edit(request, pk: int, item_pk: int):
    family = access.get_family(request, pk, edit=True)
    item = get_object_or_404(PlanItem, pk=item_pk, family=family)
    form = PlanItemForm(request.POST or None, instance=item, family=family)
    if form.is_valid():
        try:
            services.change_item(
                request, request.user, item, form.expected_version(), **_fields(form, ITEM_FIELDS)
            )
        except services.StaleEdit as stale:
            return _item_page(request, family, form, item=item, stale=stale)
        messages.success(request, _("The plan item has been saved."))
        return redirect("plans:plan", pk=pk)
    return _item_page(request, family, form, item=item)


def _item_page(request, family, form, *, item=None, stale=None):
    return render(
        request,
        "plans/item_form.html",
        _context(request, family, form=form, item=item, stale=_stale_text(stale)),
        status=400 if form.is_bound else 200,
    )


@require_POST
def item_from_precondition(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    form = FromPreconditionForm(request.POST, family=family)
    if not form.is_valid():
        messages.error(request, _("This open point could not be added to the plan."))
        return redirect("assessments:preconditions", pk=pk)
    code, child = form.cleaned_data["code"], form.cleaned_data["child"]
    item, created = services.item_from_precondition(
        request,
        request.user,
        family,
        code=code,
        child=child,
        label=loader.load("preconditions").item(code).label(get_language()),
        domain=rules.domain_for_precondition(code),
    )
    if created:
        messages.success(request, _("Added to the return plan. Say who arranges it and when."))
    else:
        messages.info(request, _("This open point is already in the return plan."))
    return redirect("plans:item_edit", pk=pk, item_pk=item.pk)


def attention(request, pk: int):
    family = access.get_family(request, pk, edit=request.method == "POST")
    the_plan = services.plan_of(family)
    version = loader.load(queries.ATTENTION_POINTS).version
    points = queries.attention_points(version, get_language())
    form = AttentionForm(
        request.POST or None,
        points=points,
        answers=the_plan.attention,
        initial={"version": the_plan.attention_version},
    )
    stale = None
    if form.is_valid():
        try:
            services.save_attention(
                request, request.user, family, version, form.cleaned_data["version"], form.answers()
            )
        except services.StaleEdit as conflict:
            stale = conflict
        else:
            messages.success(request, _("The attention points have been saved."))
            return redirect("plans:plan", pk=pk)
    elif request.method == "GET":
        record(request, Action.VIEW, family, detail="plan attention points")
    return render(
        request,
        "plans/attention.html",
        _context(request, family, form=form, plan=the_plan, stale=_stale_text(stale)),
        status=400 if form.is_bound and stale is None else 200,
    )


def history(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="plan history")
    rows = queries.history(services.plan_of(family))
    return render(request, "plans/history.html", _context(request, family, rows=rows))


def plan_pdf(request, pk: int):
    family = access.get_family(request, pk)
    language = request.GET.get("lang")
    language = language if language in {"nl", "en"} else get_language()
    with translation.override(language):
        the_plan = services.plan_of(family)
        today = timezone.localdate()
        html = render_to_string(
            "plans/plan_pdf.html",
            {
                "family": family,
                "today": today,
                "plan": the_plan,
                "page": queries.plan_page(family, the_plan, today, language),
                "points": queries.attention_rows(the_plan, language),
            },
        )
    record(request, Action.EXPORT, family, detail=f"return plan pdf {language}")
    response = HttpResponse(reports.pdf_from_html(html), content_type="application/pdf")
    disposition = f'attachment; filename="return-plan-{family.reference}-{language}.pdf"'
    response["Content-Disposition"] = disposition
    return response


def family_plan(request, pk: int):
    """The family version for the professional to show or print: only the shared items."""
    family = access.get_family(request, pk)
    language = family_version.language_for(family, request.GET.get("lang"))
    record(request, Action.VIEW, family, detail=f"family plan {language}")
    document = family_version.document(
        family, services.plan_of(family), language, timezone.localdate()
    )
    return render(
        request,
        "plans/family_plan.html",
        _context(
            request,
            family,
            document=document,
            languages=family_version.languages(),
            unchecked=family_version.unchecked_note(language, get_language()),
        ),
    )


def family_plan_pdf(request, pk: int):
    family = access.get_family(request, pk)
    language = family_version.language_for(family, request.GET.get("lang"))
    document = family_version.document(
        family, services.plan_of(family), language, timezone.localdate()
    )
    html = render_to_string("plans/family_plan_pdf.html", {"document": document, "family": family})
    record(request, Action.EXPORT, family, detail=f"family plan pdf {language}")
    response = HttpResponse(reports.pdf_from_html(html), content_type="application/pdf")
    disposition = f'attachment; filename="family-plan-{family.reference}-{language}.pdf"'
    response["Content-Disposition"] = disposition
    return response


def voices(request, pk: int, child_pk: int):
    child = access.get_child(request, pk, child_pk, edit=request.method == "POST")
    form = ChildVoiceForm(request.POST or None, instance=ChildVoice(child=child), child=child)
    if form.is_valid():
        services.add_voice(request, request.user, child, **form.voice_fields())
        messages.success(request, _("What the child said has been recorded."))
        return redirect("plans:voices", pk=pk, child_pk=child_pk)
    if request.method == "GET":
        record(request, Action.VIEW, child, detail="child's voice")
    entries = (
        queries.entered_voices(child).prefetch_related("answered_by").select_related("recorded_by")
    )
    wishes = queries.wishes_of(child, get_language(), request.user)
    return render(
        request,
        "plans/voices.html",
        _context(request, child.family, child=child, form=form, entries=entries, wishes=wishes),
        status=400 if form.is_bound else 200,
    )


def voice_from_answer(request, pk: int, child_pk: int, answer_pk: int):
    """Link an answer the child flagged in a toolkit session to the plan items that answer it.
    The child's voice in the plan is read by the whole team: an answer the child has not shared
    with the team is linked only when the person the child talked with confirms that the child
    agreed to share it (recorded as the child's choice)."""
    child = access.get_child(request, pk, child_pk, edit=True)
    answer = _flagged_answer(request, child, answer_pk)
    linked = ChildVoice.objects.filter(toolkit_answer=answer).first()
    if linked is not None:
        return redirect("plans:voice_edit", pk=pk, child_pk=child_pk, voice_pk=linked.pk)
    voice = ChildVoice(child=child, toolkit_answer=answer)
    ask = answer.shared_with != SHARE_TEAM
    form = ChildVoiceForm(request.POST or None, instance=voice, child=child, ask_sharing=ask)
    if form.is_valid():
        try:
            services.add_voice_from_answer(request, request.user, answer, **form.voice_fields())
        except ValidationError:  # linked by someone else meanwhile: show theirs
            messages.info(request, _("Someone else has just linked this answer to the plan."))
            return redirect("plans:voices", pk=pk, child_pk=child_pk)
        messages.success(request, _("The child's answer has been linked to the return plan."))
        return redirect("plans:voices", pk=pk, child_pk=child_pk)
    return _voice_page(request, child, voice, form)


def _flagged_answer(request, child, answer_pk: int) -> Answer:
    """An answer of the child for the return plan that this user may read; else 404 (audited)."""
    flagged = Answer.objects.filter(pk=answer_pk, child=child, for_return_plan=True)
    answer = access.visible_answers(request.user, flagged).select_related("session").first()
    if answer is None:
        record(request, Action.DENIED, child, detail=f"toolkit answer {answer_pk}")
        raise Http404
    return answer


def voice_edit(request, pk: int, child_pk: int, voice_pk: int):
    child = access.get_child(request, pk, child_pk, edit=True)
    voice = get_object_or_404(ChildVoice, pk=voice_pk, child=child)
    form = ChildVoiceForm(request.POST or None, instance=voice, child=child)
    stale = None
    if form.is_valid():
        try:
            services.change_voice(
                request, request.user, voice, form.expected_version(), **form.voice_fields()
            )
        except services.StaleEdit as conflict:
            stale = conflict
        else:
            messages.success(request, _("What the child said has been saved."))
            return redirect("plans:voices", pk=pk, child_pk=child_pk)
    return _voice_page(request, child, voice, form, stale)


def _voice_page(request, child, voice, form, stale=None):
    wish = None
    if voice.toolkit_answer_id and access.may_see_answer(request.user, voice.toolkit_answer):
        row = toolkit_queries.answers_in_words([voice.toolkit_answer], get_language())[0]
        wish = queries.Wish(row["answer"], row["question"], row["text"], None)
    return render(
        request,
        "plans/voice_form.html",
        _context(
            request,
            child.family,
            child=child,
            voice=voice,
            wish=wish,
            form=form,
            stale=_stale_text(stale),
        ),
        status=400 if form.is_bound else 200,
    )


def meetings(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="meetings")
    rows = family.meetings.prefetch_related("participants__user", "decisions")
    return render(
        request,
        "plans/meetings.html",
        _context(request, family, meetings=rows, templates=queries.meeting_template_kinds()),
    )


def meeting_add(request, pk: int):
    family = access.get_family(request, pk, edit=True)
    # ?kind=joint_1 (or joint_2) starts from that conversation's agenda template.
    kind = request.GET.get("kind", "")
    template = queries.meeting_template(kind, get_language())
    form = MeetingForm(
        request.POST or None,
        instance=Meeting(family=family),
        family=family,
        initial={"held_on": timezone.localdate()}
        | ({"kind": kind, "minutes": template} if template else {}),
    )
    if form.is_valid():
        fields = _meeting_fields(form)
        # A joint conversation recorded with empty minutes still gets its agenda.
        fields["minutes"] = fields["minutes"] or queries.meeting_template(
            fields["kind"], get_language()
        )
        meeting = services.add_meeting(request, request.user, family, **fields)
        messages.success(request, _("The meeting has been recorded."))
        return redirect("plans:meeting", pk=pk, meeting_pk=meeting.pk)
    return render(
        request,
        "plans/meeting_form.html",
        _context(request, family, form=form, templates=queries.meeting_template_kinds()),
        status=400 if form.is_bound else 200,
    )


def meeting(request, pk: int, meeting_pk: int):
    family = access.get_family(request, pk, edit=request.method == "POST")
    the_meeting = get_object_or_404(Meeting, pk=meeting_pk, family=family)
    form = MeetingForm(request.POST or None, instance=the_meeting, family=family)
    stale = None
    if form.is_valid():
        try:
            services.change_meeting(
                request, request.user, the_meeting, form.expected_version(), **_meeting_fields(form)
            )
        except services.StaleEdit as conflict:
            stale = conflict
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("plans:meeting", pk=pk, meeting_pk=meeting_pk)
    elif request.method == "GET":
        record(request, Action.VIEW, the_meeting, detail="meeting")
    return _meeting_page(request, family, the_meeting, form=form, stale=stale)


def _meeting_page(request, family, the_meeting, *, form=None, decision=None, stale=None):
    form = form or MeetingForm(instance=the_meeting, family=family)
    return render(
        request,
        "plans/meeting.html",
        _context(
            request,
            family,
            meeting=the_meeting,
            form=form,
            decision=decision or DecisionForm(family=family),
            decisions=the_meeting.decisions.select_related("owner_member__user", "child"),
            stale=_stale_text(stale),
        ),
        status=400 if form.is_bound or (decision and decision.is_bound) else 200,
    )


@require_POST
def decision_add(request, pk: int, meeting_pk: int):
    family = access.get_family(request, pk, edit=True)
    the_meeting = get_object_or_404(Meeting, pk=meeting_pk, family=family)
    form = DecisionForm(request.POST, family=family)
    if not form.is_valid():
        return _meeting_page(request, family, the_meeting, decision=form)
    services.add_decision(request, request.user, the_meeting, **form.cleaned_data)
    messages.success(request, _("The decision has been added to the return plan."))
    return redirect("plans:meeting", pk=pk, meeting_pk=meeting_pk)


def _meeting_fields(form) -> dict:
    return _fields(form, ["kind", "held_on", "participants", "agenda", "minutes"])


def who_does_what(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="who does what")
    members, organisations, nobody = queries.who_does_what(family)
    return render(
        request,
        "plans/who_does_what.html",
        _context(request, family, members=members, organisations=organisations, nobody=nobody),
    )


def network(request, pk: int):
    family = access.get_family(request, pk)
    record(request, Action.VIEW, family, detail="network map")
    return render(
        request, "plans/network.html", _context(request, family, areas=queries.network_map(family))
    )


@require_POST
def network_trust(request, pk: int, member_pk: int):
    family = access.get_family(request, pk, edit=True)
    member = get_object_or_404(family.team, pk=member_pk, removed_at__isnull=True)
    trusted = request.POST.get("trusted") == "1"
    services.set_trust(request, request.user, member, trusted)
    messages.success(request, _("Saved for %(name)s.") % {"name": member.display_name})
    return redirect("plans:network", pk=pk)


def _fields(form, names: list[str]) -> dict:
    return {name: form.cleaned_data[name] for name in names}


def _stale_text(stale) -> dict | None:
    if stale is None:
        return None
    return {"by": stale.by, "fields": [queries.field_label(name) for name in stale.changed]}
