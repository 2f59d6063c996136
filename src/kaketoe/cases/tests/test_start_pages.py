"""Each role starts where its work is (issue 17 §3), and the partner abroad reads the case in
their own language with a way to the family's monitoring (issue 17 §2)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kaketoe.accounts.models import Role
from kaketoe.accounts.tests.test_login import code_for
from kaketoe.cases import access, services
from kaketoe.cases.models import Stage, TimelineEvent
from kaketoe.cases.start import start_page
from kaketoe.testing import login, make_cast, make_family, today
from kaketoe.toolkit.tests.test_part_d import hand_over

# The rule, without HTTP -----------------------------------------------------------------------


def test_the_privacy_officer_starts_on_the_audit_log():
    assert start_page(Role.PRIVACY_OFFICER) == "audit:log"


def test_the_organisation_administrator_starts_on_the_organisation_page():
    assert start_page(Role.ORG_ADMIN, sees_all=True) == "accounts:organisation"


def test_the_partner_abroad_starts_on_the_families_abroad():
    assert start_page(Role.PARTNER, abroad=True) == "monitoring:families"


def test_the_team_lead_starts_on_the_team_overview_and_everyone_else_on_the_caseload():
    assert start_page(Role.CASE_MANAGER, sees_all=True) == "cases:team_overview"
    assert start_page(Role.REGIEVOERDER) == "cases:caseload"
    assert start_page(None) == "cases:caseload"


# Through the login ----------------------------------------------------------------------------


@pytest.fixture
def cast(db):
    return make_cast()


def log_in_with_both_factors(client, user):
    password = "pw-for-tests-only"  # kaketoe.testing's users
    client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    token = code_for(user.totpdevice_set.get())
    return client.post(reverse("accounts:login_code"), {"token": token})


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("privacy", "audit:log"),
        ("orgadmin", "accounts:organisation"),
        ("teamlead", "cases:team_overview"),
        ("partner", "monitoring:families"),
        ("casemanager", "cases:caseload"),
    ],
)
def test_after_login_each_role_lands_on_its_start_page(client, cast, who, page):
    response = log_in_with_both_factors(client, cast.users[who])
    assert response.status_code == 302 and response.url == reverse(page)
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("who", ["privacy", "orgadmin"])
def test_roles_without_cases_are_sent_from_the_empty_caseload_to_their_start_page(
    client, cast, who
):
    login(client, cast.users[who])
    response = client.get(reverse("cases:caseload"))
    assert response.status_code == 302 and response.url != reverse("cases:caseload")


def test_the_privacy_officer_is_told_of_erasure_requests_waiting_for_a_decision(client, cast):
    from kaketoe.audit import erasure
    from kaketoe.testing import make_user

    colleague = make_user("privacy2", Role.PRIVACY_OFFICER, cast.organisations["coa"])
    reason = "The father asked by letter of 2 March to erase the family's data."
    erasure.request_erasure(None, colleague, cast.hakobyan, reason)
    login(client, cast.privacy)
    page = client.get(reverse("audit:log")).content.decode()
    assert "1 erasure request waits for a decision" in page or "1 verwijderverzoek" in page
    assert reverse("audit:erasures") in page


# The team lead's overview -----------------------------------------------------------------------


def test_the_team_overview_counts_cases_per_colleague_and_names_what_needs_someone(client, cast):
    late = make_family(cast.outsider, "Karapetyan", departure_deadline=today() - timedelta(days=3))
    login(client, cast.teamlead)
    response = client.get(reverse("cases:team_overview"))
    assert response.status_code == 200
    data = response.context["overview"]
    per_colleague = {c.username: (c.cases, c.overdue) for c in data.colleagues}
    assert per_colleague["outsider"] == (1, 1)
    assert per_colleague["casemanager"] == (1, 0)
    assert [f.pk for f in data.overdue_cases] == [late.pk]
    # Karapetyan has nobody of DT&V on it; Hakobyan has its regievoerder.
    assert [f.name for f in data.without_regievoerder] == ["Karapetyan"]


def test_the_team_overview_costs_the_same_queries_for_few_and_many_colleagues(client, cast):
    from kaketoe.testing import make_user

    make_family(cast.outsider, "Karapetyan", departure_deadline=today() - timedelta(days=3))
    login(client, cast.teamlead)
    url = reverse("cases:team_overview")
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):
        colleague = make_user(f"coa{n}", Role.COUNSELLOR, cast.organisations["coa"])
        make_family(colleague, f"Family{n}", departure_deadline=today() - timedelta(days=n + 1))
    assert queries() == few


@pytest.mark.parametrize("who", ["casemanager", "regievoerder", "partner", "privacy", "orgadmin"])
def test_only_a_team_lead_has_a_team_overview(client, cast, who):
    login(client, cast.users[who])
    assert client.get(reverse("cases:team_overview")).status_code == 404


def test_the_team_lead_of_a_reception_organisation_sees_its_cohort_figures(client, cast):
    assert access.can_see_cohort(cast.teamlead)
    assert not access.can_see_cohort(cast.casemanager)  # COA, without the grant
    login(client, cast.teamlead)
    assert client.get(reverse("monitoring:cohort")).status_code == 200


# The partner abroad -----------------------------------------------------------------------------


def test_the_case_page_leads_the_partner_to_the_familys_monitoring(client, cast):
    hand_over(cast)
    login(client, cast.partner)
    page = client.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert reverse("monitoring:family", args=[cast.hakobyan.pk]) in page


def test_the_case_page_leads_the_team_to_monitoring_only_after_departure(client, cast):
    login(client, cast.casemanager)
    url = reverse("cases:family", args=[cast.hakobyan.pk])
    monitoring = reverse("monitoring:family", args=[cast.hakobyan.pk])
    assert monitoring not in client.get(url).content.decode()
    cast.hakobyan.stage = Stage.MONITORING
    cast.hakobyan.save()
    assert monitoring in client.get(url).content.decode()


def test_generated_timeline_text_is_rendered_in_the_readers_language(cast):
    hand_over(cast)  # consent and handover, written by a Dutch counsellor
    family = cast.hakobyan
    family.stage = Stage.GUIDING
    services.change_case(None, cast.regievoerder, family, family.version, ["stage"])
    events = {e.kind: e for e in TimelineEvent.objects.filter(family=family)}
    with translation.override("en"):
        english = events["stage"].display_subject, events["consent"].display_subject
    with translation.override("nl"):
        dutch = events["stage"].display_subject, events["consent"].display_subject
    assert english[0] == str(Stage.GUIDING.label) and english[0] != dutch[0]
    assert "consent" not in english[1].lower() or english[1] != dutch[1]
    assert english[1] != dutch[1]


def test_the_alert_mail_to_a_partner_is_in_english_and_to_the_dutch_team_in_dutch(cast, settings):
    from kaketoe.monitoring import services as monitoring

    settings.LANGUAGE_CODE = "nl"  # the site's default, which the Dutch team reads
    hand_over(cast)
    cast.partner.email, cast.regievoerder.email = "partner@example.org", "rv@example.nl"
    cast.partner.save()
    cast.regievoerder.save()
    cast.partner.membership.language = ""  # no choice made: a partner reads English
    cast.partner.membership.save()

    from kaketoe.cases.tests.test_url_matrix import a_monitoring_visit_of_narek

    alert = a_monitoring_visit_of_narek(cast).alerts.get()
    mail.outbox.clear()
    with translation.override("nl"):
        monitoring.notify_alerts([alert])
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["partner@example.org"] == "Kaketoe: a new alert"
    assert subjects["rv@example.nl"] != "Kaketoe: a new alert"


def test_a_dutch_colleagues_plan_item_is_marked_as_written_in_dutch_for_the_partner(client, cast):
    from kaketoe.plans.models import PlanItem

    hand_over(cast)
    PlanItem.objects.create(
        family=cast.hakobyan, domain="housing", what="Woning regelen in Jerevan", text_language="nl"
    )
    login(client, cast.partner)
    with translation.override("en"):
        response = client.get(
            reverse("monitoring:family", args=[cast.hakobyan.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    page = response.content.decode()
    assert '<span lang="nl">Woning regelen in Jerevan</span>' in page
    assert "written in Dutch" in page
    assert "Housing" in page  # the domain label in the reader's language


def test_visit_alert_and_meeting_lines_of_the_timeline_follow_the_reader(cast):
    from kaketoe.cases.tests.test_url_matrix import a_meeting, a_monitoring_visit_of_narek

    a_monitoring_visit_of_narek(cast)  # a housing alert at 6 months
    a_meeting(cast)
    events = {e.kind: e for e in TimelineEvent.objects.filter(family=cast.hakobyan)}
    for kind in ("monitoring_visit", "alert", "meeting"):
        with translation.override("en"):
            english = events[kind].display_subject
        with translation.override("nl"):
            dutch = events[kind].display_subject
        assert english != dutch, kind
    with translation.override("en"):
        assert events["monitoring_visit"].display_subject == "Narek, 6 months"
        assert "housing." not in events["alert"].display_subject  # no internal key
