"""Monitoring after return: every operation that touches several objects, called the same way
from the pages, the API (kaketoe.api) and the management commands. Each writes the timeline and
the audit log; bad input raises MonitoringError with a clear message and saves nothing."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Family, Person, Stage, TimelineEvent
from kaketoe.consent.models import Handover
from kaketoe.monitoring import checklist as checklists
from kaketoe.monitoring import rules, scoring
from kaketoe.monitoring.models import (
    Alert,
    EarlyClosing,
    MonitoringVisit,
    ProgressLine,
    ProgressReport,
    ScheduledWork,
    SentReminder,
)
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanItem, Timing


class MonitoringError(ValueError):
    """The input cannot be saved; the message says why, in the user's language."""


def _event(family: Family, kind: str, actor, subject: str = "", params=None) -> None:
    """`params` let the timeline render the subject in the reader's language (cases/timeline.py)."""
    TimelineEvent.objects.create(
        family=family, kind=kind, actor=actor, subject=str(subject)[:200], params=params or {}
    )


# -- the schedule --------------------------------------------------------------------------------


@transaction.atomic
def start_monitoring(request, actor, family: Family) -> list[ScheduledWork]:
    """The actual departure is recorded: the family moves to monitoring and its schedule is
    planned from that date (again, for work not done yet, when the date is corrected)."""
    if family.actual_departure is None:
        raise MonitoringError(_("Record the actual departure date first."))
    planned = []
    for item in rules.schedule(family.actual_departure):
        work, _created = ScheduledWork.objects.get_or_create(
            family=family,
            kind=item.kind,
            number=item.number,
            defaults={"opens_on": item.opens_on, "due_on": item.due_on},
        )
        if work.done_on is None and (work.opens_on, work.due_on) != (item.opens_on, item.due_on):
            work.opens_on, work.due_on = item.opens_on, item.due_on
            work.save(update_fields=["opens_on", "due_on"])
        planned.append(work)
    if family.stage in {Stage.PREPARING, Stage.GUIDING, Stage.DEPARTED}:
        family.stage = Stage.MONITORING
        stage = {"stage": family.stage}
        _event(family, TimelineEvent.Kind.STAGE, actor, str(family.get_stage_display()), stage)
    _set_next_monitoring(family)
    left = {"day": family.actual_departure.isoformat()}
    _event(family, TimelineEvent.Kind.MONITORING_STARTED, actor, f"{family.actual_departure}", left)
    record(request, Action.CREATE, family, user=actor, detail="monitoring schedule")
    return planned


def _set_next_monitoring(family: Family) -> None:
    next_work = family.scheduled_work.filter(done_on__isnull=True).order_by("due_on").first()
    family.next_monitoring = next_work.due_on if next_work else None
    Family.objects.filter(pk=family.pk).update(
        stage=family.stage, next_monitoring=family.next_monitoring
    )


@transaction.atomic
def mark_done(request, actor, work: ScheduledWork, done_on: date, note: str = "") -> ScheduledWork:
    """Record that planned work (e.g. the first contact) took place."""
    if done_on > timezone.localdate():
        raise MonitoringError(_("The date cannot be in the future."))
    work.done_on, work.note = done_on, note[:500]
    work.save(update_fields=["done_on", "note"])
    _set_next_monitoring(work.family)
    _event(work.family, TimelineEvent.Kind.MONITORING_CONTACT, actor, work.title)
    record(request, Action.CHANGE, work, user=actor, family_id=work.family_id, detail="done")
    return work


def _complete_work(family: Family, kind: str, number: int, done_on: date) -> None:
    ScheduledWork.objects.filter(
        family=family, kind=kind, number=number, done_on__isnull=True
    ).update(done_on=done_on)
    _set_next_monitoring(family)


# -- visits --------------------------------------------------------------------------------------


def record_visit(
    request,
    actor,
    child: Person,
    month: int,
    visit_date: date,
    ratings: list[dict],
    window_reason: str = "",
) -> MonitoringVisit:
    """Score the checklist for a child at 6, 12 or 18 months, save it, and raise an alert at
    once for every critical level or indicator (a watch for a level the handbook says needs
    time). Refused with a MonitoringError (nothing saved) for a month other than 6/12/18, a date
    in the future, a second visit for the same month, a visit more than 30 days before its
    target date without `window_reason`, or ratings that cannot be scored."""
    with transaction.atomic():
        visit = _save_visit(request, actor, child, month, visit_date, ratings, window_reason)
    transaction.on_commit(lambda: notify_alerts(list(visit.alerts.all())))
    return visit


def window_problem(family: Family, month: int, visit_date: date) -> str:
    """Why a month-M visit on this date needs a reason ("" when it does not)."""
    departure = family.actual_departure
    if departure is None or not rules.visit_is_early(departure, month, visit_date):
        return ""
    return _(
        "A %(month)s-month visit is planned around %(target)s; %(date)s is more than "
        "%(days)s days earlier. Give the reason for this date, or choose the right round."
    ) % {
        "month": month,
        "target": rules.visit_target(departure, month).isoformat(),
        "date": visit_date.isoformat(),
        "days": rules.VISIT_WINDOW_DAYS,
    }


def _save_visit(
    request, actor, child, month, visit_date, ratings, window_reason=""
) -> MonitoringVisit:
    if month not in checklists.MONTHS:
        raise MonitoringError(_("A monitoring visit is at 6, 12 or 18 months."))
    if not isinstance(visit_date, date):
        raise MonitoringError(_("Give the visit date as YYYY-MM-DD."))
    if visit_date > timezone.localdate():
        raise MonitoringError(_("The visit date cannot be in the future."))
    if not child.is_child:
        raise MonitoringError(_("Monitoring visits are recorded for children."))
    window_reason = (window_reason or "").strip()
    problem = window_problem(child.family, month, visit_date)
    if problem and not window_reason:
        raise MonitoringError(problem)
    checklist = checklists.load()
    try:
        score = scoring.score_visit(checklist, ratings, month=month)
    except scoring.RatingError as error:
        raise MonitoringError(str(error)) from error
    if MonitoringVisit.objects.filter(child=child, month=month).exists():
        raise MonitoringError(
            _("The %(month)s-month visit of %(child)s is already recorded.")
            % {"month": month, "child": child.given_name}
        )
    visit = MonitoringVisit(
        family=child.family,
        child=child,
        month=month,
        visit_date=visit_date,
        catalogue_version=checklist.version,
        ratings=[_plain_rating(r) for r in ratings],
        domains={
            code: {
                "level": s.level,
                "points": s.points,
                "max_points": s.max_points,
                "indicators": list(s.indicators),
                "chosen_level": s.chosen_level,
            }
            for code, s in score.domains.items()
        },
        total_points=score.total_points,
        max_points=score.max_points,
        complete=score.complete,
        window_reason=window_reason if problem else "",
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError as error:  # the same visit saved meanwhile
        raise MonitoringError(_("This visit is already recorded.")) from error
    subject = f"{child.given_name}, {month}"
    params = {"child": child.given_name, "month": month}
    _event(child.family, TimelineEvent.Kind.MONITORING_VISIT, actor, subject, params)
    detail = f"month {month}" + (" outside its window, reason given" if problem else "")
    record(request, Action.CREATE, visit, user=actor, detail=detail)
    for alarm in score.alarms:
        _raise_alert(request, actor, visit, alarm)
    if (
        not child.family.members.filter(relation=Person.Relation.CHILD)
        .exclude(monitoring_visits__month=month)
        .exists()
    ):
        _complete_work(child.family, *rules.work_completed_by_visit(month), visit_date)
    return visit


def _plain_rating(rating: dict) -> dict:
    return {
        "domain": rating.get("domain"),
        "indicators": list(rating.get("indicators") or []),
        "level": rating.get("level") or "",
    }


def _raise_alert(request, actor, visit: MonitoringVisit, alarm: scoring.Alarm) -> Alert:
    alert = Alert.objects.create(
        family=visit.family,
        child=visit.child,
        visit=visit,
        domain=alarm.domain,
        level=alarm.level,
        indicator=alarm.indicator,
        severity=Alert.Severity.WATCH if alarm.watch else Alert.Severity.CRITICAL,
    )
    what = {"child": visit.child.given_name, "domain": alarm.domain}
    what |= {"level": alarm.level, "indicator": alarm.indicator}
    _event(visit.family, TimelineEvent.Kind.ALERT, actor, f"{what['child']}: {alarm.key}", what)
    record(request, Action.CREATE, alert, user=actor, detail=alarm.key)
    return alert


# -- closing a case -----------------------------------------------------------------------------


def closing_needs_reason(family: Family, today: date | None = None) -> bool:
    """Closing this case now needs a reason: the year of monitoring is not over (rules)."""
    today = today or timezone.localdate()
    twelve = family.scheduled_work.filter(
        kind=rules.VISIT, number=12, done_on__isnull=False
    ).exists()
    return rules.closing_needs_reason(family.actual_departure, today, twelve)


def closing_check(family: Family, new_stage, reason) -> tuple[str, str]:
    """The family form's hook (cases must not import monitoring at module level): closing the
    case now → (problem, ""), or ("", the reason to keep), or ("", "") when no reason is needed."""
    closing = new_stage == Stage.CLOSED and family.pk is not None and family.stage != Stage.CLOSED
    if not closing or not closing_needs_reason(family):
        return "", ""
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        return (
            _(
                "The handbook asks for at least a year of monitoring after return. To close the "
                "case before 12 months after the actual departure and the 12-month visit, say why."
            ),
            "",
        )
    return "", reason


def record_early_closing(request, actor, family: Family, reason: str) -> EarlyClosing:
    """Keep the reason a case is closed before the year of monitoring is over; audited."""
    closing = EarlyClosing.objects.create(family=family, reason=reason.strip(), closed_by=actor)
    record(request, Action.CREATE, closing, user=actor, family_id=family.pk, detail="early closing")
    return closing


# -- alerts --------------------------------------------------------------------------------------


@transaction.atomic
def follow_up_alert(
    request, actor, alert: Alert, *, owner, follow_up: str, closing_note: str = "", close=False
) -> Alert:
    """Give the alert an owner and a follow-up; closing it needs a closing note."""
    if not alert.is_open:
        raise MonitoringError(_("This alert is closed already."))
    if close and not closing_note.strip():
        raise MonitoringError(_("Write a closing note: what was done, and why it can be closed."))
    if owner is not None and not access.can_monitor(owner, alert.family):
        raise MonitoringError(_("The owner must be on the team or at the partner organisation."))
    alert.owner, alert.follow_up, alert.closing_note = owner, follow_up, closing_note
    if close:
        alert.closed_at, alert.closed_by = timezone.now(), actor
    alert.save()
    what = _("closed") if close else _("followed up")
    params = {"child": alert.child.given_name, "domain": alert.domain, "level": alert.level}
    params |= {"indicator": alert.indicator, "closed": close}
    _event(alert.family, TimelineEvent.Kind.ALERT_CHANGED, actor, f"{alert}: {what}", params)
    record(request, Action.CHANGE, alert, user=actor, detail="closed" if close else "follow-up")
    return alert


def alert_recipients(family: Family) -> list:
    """Everyone to tell at once: the Dutch team who may monitor and the partner's workers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    team = users.filter(
        team_places__family=family,
        team_places__removed_at__isnull=True,
        membership__role__in=access.EDIT_ROLES,
        membership__organisation__kind__in=_dutch_kinds(),
    )
    in_force = Handover.objects.in_force(timezone.localdate()).filter(family=family)
    partners = users.filter(
        membership__organisation__in=in_force.values("organisation"),
        membership__role__in=access.EDIT_ROLES | {"partner"},
    )
    return list(team.union(partners))


def _dutch_kinds():
    from kaketoe.accounts.models import Organisation

    return [kind for kind in Organisation.Kind.values if kind != Organisation.Kind.PARTNER_ABROAD]


def notify_alerts(alerts: list[Alert]) -> int:
    """Tell everyone who must act that there is a new alert: one mail per person, whatever the
    number of alerts. The mail holds a link only; which child, which case and what problem are
    shown after login (an e-mail can be read by anyone the mailbox is open to)."""
    pending: dict[str, list[SentReminder]] = {}
    readers = {}
    for alert in alerts:
        for user in alert_recipients(alert.family):
            reminder = SentReminder(alert=alert, state="alert", recipient=user.email)
            pending.setdefault(user.email, []).append(reminder)
            readers[user.email] = user
    sent = 0
    for email, reminders in pending.items():
        with _in_language_of(readers[email]):  # a partner abroad reads English (issue 17 §2)
            subject = _("Kaketoe: a new alert")
            body = _(
                "There is a new alert in Kaketoe. Log in to see it, and give it an owner and a "
                "follow-up:\n\n%(link)s"
            ) % {"link": due_page_link()}
        sent += _send_once(reminders, subject, body)
    return sent


def _in_language_of(user):
    from kaketoe.accounts.language import reading_language

    return translation.override(reading_language(getattr(user, "membership", None)))


def due_page_link() -> str:
    """The page with the open work and open alerts of every family the reader may see."""
    return settings.KAKETOE_BASE_URL.rstrip("/") + reverse("monitoring:due")


def _send_once(reminders: list[SentReminder], subject: str, body: str, dry_run=False) -> int:
    """Send one mail about those of `reminders` that did not go out before (each record is the
    guard); 1 if a mail went out (or would, with dry_run), else 0."""
    new = [reminder for reminder in reminders if not _was_sent(reminder)]
    if not new:
        return 0
    if dry_run:
        return 1
    with transaction.atomic():
        SentReminder.objects.bulk_create(new)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [new[0].recipient])
    return 1


def _was_sent(reminder: SentReminder) -> bool:
    lookup = {"work": reminder.work, "alert": reminder.alert, "recipient": reminder.recipient}
    if reminder.work is not None:
        lookup["state"] = reminder.state
    return SentReminder.objects.filter(**lookup).exists()


# -- reminders -----------------------------------------------------------------------------------


def send_reminders(today: date | None = None, *, dry_run: bool = False) -> list[tuple[str, str]]:
    """Mail the partner organisation about work that is soon due, due or overdue, and the Dutch
    team about overdue work: one mail per person and state, a link without case details. Each
    (work, state, person) is mailed once, however often this runs. Returns (recipient, subject)
    of every mail sent (or that would be sent, with dry_run)."""
    today = today or timezone.localdate()
    pending: dict[tuple[str, str], list[SentReminder]] = {}
    readers = {}
    open_work = ScheduledWork.objects.filter(done_on__isnull=True).select_related("family")
    for work in open_work.filter(opens_on__lte=today + _days(rules.REMIND_DAYS_BEFORE)):
        state = work.state(today)
        if state not in {"soon", "due", "overdue"}:
            continue
        for user in _reminder_recipients(work.family, state):
            reminder = SentReminder(work=work, state=state, recipient=user.email)
            pending.setdefault((user.email, state), []).append(reminder)
            readers[user.email] = user
    sent = []
    for (recipient, state), reminders in pending.items():
        with _in_language_of(readers[recipient]):
            subject, body = _reminder_text(state)
        if _send_once(reminders, subject, body, dry_run):
            sent.append((recipient, subject))
    return sent


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


def _reminder_recipients(family: Family, state: str) -> list:
    everyone = alert_recipients(family)
    if state == "overdue":
        return everyone
    return [u for u in everyone if u.membership.organisation.is_abroad_partner]


def _reminder_text(state: str) -> tuple[str, str]:
    subject = {
        "soon": _("Kaketoe: monitoring work is soon due"),
        "due": _("Kaketoe: monitoring work is due"),
        "overdue": _("Kaketoe: monitoring work is overdue"),
    }[state]
    body = _(
        "There is monitoring work in Kaketoe for you. Log in to see what it is and for which "
        "family, and record it when it is done:\n\n%(link)s"
    ) % {"link": due_page_link()}
    return subject, body


# -- progress reports ----------------------------------------------------------------------------


@transaction.atomic
def record_progress_report(
    request,
    actor,
    family: Family,
    *,
    reported_on: date,
    family_view: str,
    new_needs: str = "",
    lines: list[dict],
    new_item: dict | None = None,
) -> ProgressReport:
    """Save a progress report. A changed item status adjusts the return plan, and a new need
    added to the plan becomes a plan item: each through the plans services, so each is a new
    plan version the Dutch team sees. lines: [{"item": PlanItem, "status", "notes"}]."""
    if reported_on > timezone.localdate():
        raise MonitoringError(_("The date cannot be in the future."))
    if not family_view.strip():
        raise MonitoringError(_("Record the family's own view of how it goes."))
    month = _report_month(family)
    report = ProgressReport.objects.create(
        family=family,
        reported_on=reported_on,
        month=month,
        family_view=family_view,
        new_needs=new_needs,
        recorded_by=actor,
    )
    try:
        for line in lines:
            _report_line(request, actor, report, **line)
        if new_item:
            plans.add_item(
                request,
                actor,
                family,
                timing=Timing.ON_ARRIVAL,
                owner_organisation=_organisation_name(actor),
                **new_item,
            )
    except (ValidationError, plans.StaleEdit) as error:
        raise MonitoringError(_error_text(error)) from error
    report.plan_version = plans.plan_of(family).version
    report.save(update_fields=["plan_version"])
    if month is not None:
        _complete_work(family, rules.PROGRESS_REPORT, month, reported_on)
    day = {"day": reported_on.isoformat()}
    _event(family, TimelineEvent.Kind.PROGRESS_REPORT, actor, f"{reported_on}", day)
    record(request, Action.CREATE, report, user=actor)
    return report


def _report_line(request, actor, report, *, item: PlanItem, status: str, notes: str = ""):
    if item.family_id != report.family_id:
        raise MonitoringError(_("This plan item is not in this family's plan."))
    ProgressLine.objects.create(
        report=report, item=item, what=item.what, status=status, notes=notes
    )
    if status != item.status:
        fields = {"status": status}
        if status == PlanItem.Status.DROPPED:
            fields["drop_reason"] = notes[:500]
        plans.change_item(request, actor, item, item.version, **fields)


def _report_month(family: Family) -> int | None:
    work = (
        family.scheduled_work.filter(kind=rules.PROGRESS_REPORT, done_on__isnull=True)
        .order_by("number")
        .first()
    )
    return work.number if work else None


def _organisation_name(actor) -> str:
    membership = access.membership_of(actor)
    return str(membership.organisation)[:150] if membership else ""


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return _("Someone changed this plan item meanwhile; open the report again.")
