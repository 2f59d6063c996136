"""Monitoring services and pages: schedule, visits, alerts, reports, reminders, access."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.cases import services as cases
from kaketoe.cases.models import Stage, TimelineEvent
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry, How
from kaketoe.monitoring import queries, rules, services
from kaketoe.monitoring.models import Alert, MonitoringVisit, ScheduledWork, SentReminder
from kaketoe.plans import services as plans
from kaketoe.plans.models import PlanVersion
from kaketoe.testing import login

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
HOUSING_TWO_LEVELS = [
    {"domain": "housing", "indicators": ["housing.good.1", "housing.below_average.3"]},
    {"domain": "safety", "level": "safe"},
]


def depart(cast, days_ago=200):
    family = cast.hakobyan
    family.actual_departure = TODAY() - timedelta(days=days_ago)
    cases.change_case(None, cast.counsellor, family, family.version, ["actual_departure"])
    family.refresh_from_db()
    return family


def test_schedule_rule_plans_first_contact_reports_every_two_months_and_three_visits():
    planned = rules.schedule(date(2026, 1, 31))
    kinds = [(p.kind, p.number) for p in planned]
    assert kinds[0] == ("first_contact", 0)
    assert [n for k, n in kinds if k == "progress_report"] == [2, 4, 6, 8, 10, 12]
    assert [n for k, n in kinds if k == "visit"] == [6, 12, 18]
    six = next(p for p in planned if (p.kind, p.number) == ("visit", 6))
    assert six.opens_on < date(2026, 7, 31) < six.due_on


def test_recording_the_actual_departure_moves_to_monitoring_and_plans_the_schedule(cast):
    family = depart(cast)
    assert family.stage == Stage.MONITORING
    assert family.scheduled_work.count() == 10
    assert family.next_monitoring is not None
    assert family.timeline.filter(kind=TimelineEvent.Kind.MONITORING_STARTED).exists()
    depart(cast, days_ago=190)  # a corrected date moves the open work, nothing doubles
    assert family.scheduled_work.count() == 10


def test_due_lists_show_overdue_work_to_the_partner_and_the_team(cast):
    depart(cast)
    for user in (cast.partner, cast.counsellor):
        rows = queries.open_work(access.visible_families(user), TODAY())
        assert ("first_contact", "overdue") in {(w.kind, s) for w, s in rows}


def test_partner_records_a_visit_the_lower_level_counts_and_an_alert_is_raised(cast):
    depart(cast)
    ratings = [{"domain": "housing", "indicators": ["housing.good.1", "housing.unsatisfactory.8"]}]
    visit = services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    data = visit.as_data()
    assert data["domains"]["housing"] == {"level": "unsatisfactory", "points": 0, "max_points": 3}
    assert (data["total_points"], data["max_points"], data["complete"]) == (0, 3, False)
    assert [a["level"] for a in data["alerts"]] == ["unsatisfactory"]
    assert cast.hakobyan.timeline.filter(kind=TimelineEvent.Kind.ALERT).exists()
    assert AuditEvent.objects.filter(object_type="monitoringvisit", action="create").exists()


@pytest.mark.parametrize(
    ("month", "ratings", "message"),
    [
        (7, HOUSING_TWO_LEVELS, "6, 12 or 18"),
        (6, [{"domain": "housing", "indicators": ["safety.safe.1"]}], "belongs to safety"),
        (6, [{"domain": "moon", "level": "good"}], "Unknown domain"),
    ],
)
def test_bad_visits_are_refused_and_nothing_is_saved(cast, month, ratings, message):
    with pytest.raises(services.MonitoringError, match=message):
        services.record_visit(None, cast.partner, cast.narek, month, TODAY(), ratings)
    assert not MonitoringVisit.objects.exists() and not Alert.objects.exists()


def test_a_second_visit_for_the_same_month_is_refused(cast):
    services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), HOUSING_TWO_LEVELS)
    with pytest.raises(services.MonitoringError, match="already recorded"):
        services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), HOUSING_TWO_LEVELS)


def test_the_visit_is_done_in_the_schedule_once_every_child_is_visited(cast):
    depart(cast)
    services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), HOUSING_TWO_LEVELS)
    six = ScheduledWork.objects.get(kind="visit", number=6)
    assert six.done_on is None
    services.record_visit(None, cast.partner, cast.ani, 6, TODAY(), HOUSING_TWO_LEVELS)
    six.refresh_from_db()
    assert six.done_on == TODAY()


def test_child_labour_raises_an_alert_and_closing_needs_a_note(cast):
    ratings = [{"domain": "education_work", "indicators": ["education_work.unsatisfactory.4"]}]
    visit = services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    alert = visit.alerts.get(indicator="education_work.unsatisfactory.4")
    with pytest.raises(services.MonitoringError, match="closing note"):
        services.follow_up_alert(
            None, cast.partner, alert, owner=cast.partner, follow_up="Visit", close=True
        )
    services.follow_up_alert(
        None,
        cast.counsellor,
        alert,
        owner=cast.partner,
        follow_up="Home visit with the school",
        closing_note="Boy no longer works; school attendance checked",
        close=True,
    )
    alert.refresh_from_db()
    assert not alert.is_open and alert.owner == cast.partner


def test_alerts_are_mailed_at_once_to_team_and_partner_only_once(
    cast, django_capture_on_commit_callbacks
):
    for user in (cast.partner, cast.counsellor):
        user.email = f"{user.username}@example.org"
        user.save()
    ratings = [{"domain": "safety", "level": "unsafe"}]
    with django_capture_on_commit_callbacks(execute=True):
        visit = services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    assert {m.to[0] for m in mail.outbox} == {"partner@example.org", "counsellor@example.org"}
    services.notify_alerts(list(visit.alerts.all()))
    assert len(mail.outbox) == 2


def test_send_reminders_is_idempotent_and_has_a_dry_run(cast):
    cast.partner.email = "partner@example.org"
    cast.partner.save()
    depart(cast)
    call_command("send_reminders", "--dry-run", stdout=StringIO())
    assert not mail.outbox and not SentReminder.objects.exists()
    call_command("send_reminders", stdout=StringIO())
    sent = len(mail.outbox)
    per_person_and_state = SentReminder.objects.values("recipient", "state").distinct().count()
    assert sent > 0 and sent == per_person_and_state  # one mail, however much work is due
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == sent


def test_progress_report_adjusts_the_plan_as_a_new_version(cast):
    depart(cast)
    item = plans.add_item(None, cast.counsellor, cast.hakobyan, domain="education", what="School")
    before = PlanVersion.objects.count()
    report = services.record_progress_report(
        None,
        cast.partner,
        cast.hakobyan,
        reported_on=TODAY(),
        family_view="It goes well",
        lines=[{"item": item, "status": "done", "notes": "Enrolled"}],
        new_item={"what": "Armenian lessons", "domain": "education", "child": cast.narek},
    )
    item.refresh_from_db()
    assert item.status == "done" and PlanVersion.objects.count() == before + 2
    assert report.month == 2 and report.plan_version == PlanVersion.objects.count()
    assert ScheduledWork.objects.get(kind="progress_report", number=2).done_on == TODAY()


def test_a_report_without_the_familys_view_is_refused(cast):
    with pytest.raises(services.MonitoringError, match="own view"):
        services.record_progress_report(
            None, cast.partner, cast.hakobyan, reported_on=TODAY(), family_view=" ", lines=[]
        )


def test_can_monitor_partner_and_dutch_editors_but_not_readers_or_after_withdrawal(cast):
    family = cast.hakobyan
    assert access.can_monitor(cast.partner, family) and access.can_monitor(cast.counsellor, family)
    assert not access.can_monitor(cast.teacher, family)
    assert not access.can_edit_family(cast.partner, family)
    withdrawal = ConsentEntry(given_by=cast.armen, how=How.VERBAL, recorded_on=TODAY())
    consent.withdraw(None, cast.counsellor, cast.consent, withdrawal)
    assert not access.can_monitor(cast.partner, family)


def test_partner_does_not_see_internal_timeline_notes(client, cast):
    TimelineEvent.objects.create(
        family=cast.hakobyan, kind="note", subject="Internal worry about the father", internal=True
    )
    login(client, cast.partner)
    page = client.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert "Internal worry" not in page
    login(client, cast.counsellor)
    page = client.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert "Internal worry" in page


def test_partner_records_a_visit_through_the_page(client, cast):
    login(client, cast.partner)
    url = reverse("monitoring:visit_add", args=[cast.hakobyan.pk, cast.narek.pk])
    response = client.post(
        url,
        {
            "month": "6",
            "visit_date": TODAY().isoformat(),
            "housing-indicators": ["housing.good.1", "housing.below_average.3"],
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert 'data-level="below_average"' in page and "1 of 3" in page
    assert "1 of 8 domains rated" in page and "Not a handbook measure" in page


def test_check_the_ratings_shows_the_summary_and_saves_nothing(client, cast):
    login(client, cast.partner)
    url = reverse("monitoring:visit_add", args=[cast.hakobyan.pk, cast.narek.pk])
    data = {
        "month": "6",
        "visit_date": TODAY().isoformat(),
        "housing-level": "good",
        "safety-indicators": ["safety.unsafe.1"],
        "action": "check",
    }
    page = client.post(url, data).content.decode()
    assert not MonitoringVisit.objects.exists()
    assert "2 of 8 domains rated" in page and "Summary of your ratings" in page
    summary = page[page.index('id="summary"') :]
    assert summary.index("Safety") < summary.index("Housing")  # the lowest level first
    assert "lowest level" in summary and 'value="save"' in summary
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 302 and MonitoringVisit.objects.count() == 1


def test_the_form_shows_the_handbook_notes_and_a_skip_link_per_domain(client, cast):
    login(client, cast.partner)
    url = reverse("monitoring:visit_add", args=[cast.hakobyan.pk, cast.narek.pk])
    page = client.get(url).content.decode()
    assert "starting school may take up to 9 months" in page
    assert "move from unsatisfactory, towards good" in page
    assert page.count('href="#save"') == 9  # the domain list and every one of the 8 sections
    assert 'href="#domain-social_integration">Skip to the next domain' in page


def test_an_early_visit_on_the_page_asks_for_the_reason(client, cast):
    depart(cast, days_ago=20)
    login(client, cast.partner)
    url = reverse("monitoring:visit_add", args=[cast.hakobyan.pk, cast.narek.pk])
    data = {"month": "6", "visit_date": TODAY().isoformat(), "safety-level": "safe"}
    response = client.post(url, data)
    assert response.status_code == 400 and "more than 30 days earlier" in response.content.decode()
    response = client.post(url, {**data, "window_reason": "The family moves next week."})
    assert response.status_code == 302


def test_trend_marks_a_falling_domain(client, cast):
    services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), HOUSING_TWO_LEVELS)
    worse = [{"domain": "safety", "level": "unsafe"}]
    services.record_visit(None, cast.partner, cast.narek, 12, TODAY(), worse)
    trend = queries.trend(cast.narek, "en")
    falling = [row.code for row in trend["rows"] if row.falling]
    assert falling == ["safety"]


def test_cohort_suppresses_groups_under_five_and_exports(client, cast):
    depart(cast)
    services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), HOUSING_TWO_LEVELS)
    figures = queries.cohort(access.cohort_families(cast.counsellor), "en")
    assert figures["rows"] and all(row["children"] is None for row in figures["rows"])
    assert "Narek" not in str(figures)
    login(client, cast.counsellor)
    csv = client.get(reverse("monitoring:cohort_csv")).content.decode()
    assert csv.startswith("country,period,month,domain,level,children") and "<5" in csv
    xlsx = client.get(reverse("monitoring:cohort_xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_cohort_shows_groups_of_five_or_more():
    assert not rules.suppressed(5) and rules.suppressed(4) and not rules.suppressed(0)


def test_new_needs_longer_than_the_record_holds_are_refused_with_a_message(cast):
    from kaketoe.monitoring.forms import ProgressReportForm
    from kaketoe.monitoring.models import TEXT_MAX

    data = {"reported_on": "2026-11-02", "family_view": "Fine", "new_needs": "x" * (TEXT_MAX + 1)}
    form = ProgressReportForm(data, family=cast.hakobyan)
    assert not form.is_valid()
    assert "new_needs" in form.errors


def case_details(cast) -> list[str]:
    """What an e-mail must not carry: names, the case number and the problem (issue 15, L7)."""
    family = cast.hakobyan
    names = [p.given_name for p in family.members.all()] + [family.name]
    problems = ["safety", "unsafe", *(a.indicator for a in Alert.objects.all() if a.indicator)]
    work = [w.title for w in family.scheduled_work.all()]
    return [*names, family.reference, *problems, *work]


def test_alert_mail_holds_a_link_and_no_child_name_case_number_or_problem(
    cast, django_capture_on_commit_callbacks, settings
):
    settings.KAKETOE_BASE_URL = "https://kaketoe.example.org"
    cast.partner.email = "partner@example.org"
    cast.partner.save()
    ratings = [{"domain": "safety", "level": "unsafe"}]
    with django_capture_on_commit_callbacks(execute=True):
        services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    [message] = mail.outbox
    assert "https://kaketoe.example.org/monitoring/due/" in message.body
    text = f"{message.subject}\n{message.body}".lower()
    assert "alert" in text
    for detail in case_details(cast):
        assert detail.lower() not in text, detail


def test_reminder_mail_holds_a_link_and_no_child_name_case_number_or_work(cast, settings):
    settings.KAKETOE_BASE_URL = "https://kaketoe.example.org"
    cast.partner.email = "partner@example.org"
    cast.partner.save()
    depart(cast)
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox
    for message in mail.outbox:
        assert "https://kaketoe.example.org/monitoring/due/" in message.body
        text = f"{message.subject}\n{message.body}".lower()
        for detail in case_details(cast):
            assert detail.lower() not in text, detail


# -- issue 16 §4: visit windows, the profile in the API shape, closing a case ------------------


def test_a_6_month_visit_20_days_after_departure_is_refused_without_a_reason(cast):
    depart(cast, days_ago=20)
    ratings = [{"domain": "safety", "level": "safe"}]
    with pytest.raises(services.MonitoringError, match="more than 30 days earlier"):
        services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    assert not MonitoringVisit.objects.exists()


def test_an_early_visit_with_a_reason_keeps_the_schedule_of_the_visits_still_due(cast):
    family = depart(cast, days_ago=20)
    ratings = [{"domain": "safety", "level": "safe"}]
    for child in (cast.narek, cast.ani):
        visit = services.record_visit(
            None, cast.partner, child, 6, TODAY(), ratings, window_reason="Family moves away"
        )
    assert visit.window_reason == "Family moves away"
    family.refresh_from_db()
    open_visits = family.scheduled_work.filter(kind=rules.VISIT, done_on__isnull=True)
    assert sorted(open_visits.values_list("number", flat=True)) == [12, 18]
    first_open = family.scheduled_work.filter(done_on__isnull=True).order_by("due_on").first()
    assert family.next_monitoring == first_open.due_on is not None
    assert AuditEvent.objects.filter(detail__contains="outside its window").exists()


def test_armed_conflict_visit_data_names_the_lowest_level_domains(cast):
    depart(cast)
    ratings = [{"domain": d, "level": "good"} for d in ("housing", "legal")]
    ratings.append({"domain": "safety", "indicators": ["safety.unsafe.1"]})
    data = services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings).as_data()
    assert (data["domains_rated"], data["lowest_level_domains"]) == (3, ["safety"])
    assert [(a["level"], a["severity"]) for a in data["alerts"]] == [("unsafe", "critical")]


def test_unsatisfactory_social_integration_at_6_months_raises_a_watch(cast):
    depart(cast)
    ratings = [{"domain": "social_integration", "level": "unsatisfactory"}]
    visit = services.record_visit(None, cast.partner, cast.narek, 6, TODAY(), ratings)
    assert [a.severity for a in visit.alerts.all()] == [Alert.Severity.WATCH]


def closing_form(family, reason=""):
    from kaketoe.cases.forms import FamilyForm

    data = {
        field: value
        for field, value in FamilyForm(instance=family).initial.items()
        if value is not None
    }
    data.update(stage=Stage.CLOSED, closing_reason=reason, version=family.version)
    data["languages"] = family.languages
    return FamilyForm(data, instance=family)


def test_closing_a_case_in_its_first_year_of_monitoring_needs_a_reason(cast):
    family = depart(cast)
    form = closing_form(family)
    assert not form.is_valid()
    assert "at least a year of monitoring" in str(form.errors["closing_reason"])


def test_closing_early_with_a_reason_keeps_the_reason_and_audits_it(cast):
    family = depart(cast)
    form = closing_form(family, "The family moved to another country; no partner there.")
    assert form.is_valid(), form.errors
    cases.change_case(
        None,
        cast.counsellor,
        form.save(commit=False),
        form.expected_version(),
        form.changed_data,
        closing_reason=form.closing_reason,
    )
    closing = family.early_closings.get()
    assert closing.reason.startswith("The family moved")
    assert AuditEvent.objects.filter(object_type="earlyclosing", action="create").exists()


def test_closing_early_on_the_case_edit_page_asks_why_then_keeps_the_reason(client, cast):
    family = depart(cast)
    login(client, cast.counsellor)
    url = reverse("cases:family_edit", args=[family.pk])
    data = {k: v for k, v in closing_form(family).data.items() if v is not None}
    page = client.post(url, data).content.decode()
    assert "at least a year of monitoring" in page
    family.refresh_from_db()
    assert family.stage == Stage.MONITORING
    response = client.post(url, {**data, "closing_reason": "The family emigrated again."})
    assert response.status_code == 302
    family.refresh_from_db()
    assert family.stage == Stage.CLOSED
    assert family.early_closings.get().reason == "The family emigrated again."
