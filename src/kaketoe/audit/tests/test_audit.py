"""The audit log: every read and write of case data is recorded, nothing can rewrite it, and
the privacy officer reads the trail of their own organisation's cases."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from kaketoe.audit.models import AppendOnlyError, AuditEvent
from kaketoe.audit.services import Action, record
from kaketoe.cases import services
from kaketoe.testing import login, make_cast, make_family

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AUDIT = reverse("audit:log")


@pytest.fixture
def cast():
    return make_cast()


def family_url(family):
    return reverse("cases:family", args=[family.pk])


def shown(response):
    return list(response.context["page"].object_list)


# Writing the log --------------------------------------------------------------------------


def test_each_family_page_view_writes_exactly_one_view_event(client, cast):
    login(client, cast.lawyer)
    before = AuditEvent.objects.filter(action="view").count()
    client.get(family_url(cast.hakobyan), REMOTE_ADDR="198.51.100.23")
    views = AuditEvent.objects.filter(action="view")
    assert views.count() == before + 1
    event = views.first()
    assert (event.actor_id, event.actor_username) == (cast.lawyer.pk, "lawyer")
    assert event.family_id == cast.hakobyan.pk
    assert event.ip == "198.51.100.23"
    assert event.path == family_url(cast.hakobyan)


def test_two_views_are_two_events(client, cast):
    login(client, cast.lawyer)
    client.get(family_url(cast.hakobyan))
    client.get(family_url(cast.hakobyan))
    assert AuditEvent.objects.filter(action="view", family_id=cast.hakobyan.pk).count() == 2


def test_opening_a_case_writes_a_create_event(cast):
    family = make_family(cast.casemanager, "Aydin")
    event = AuditEvent.objects.get(action="create", object_type="family", family_id=family.pk)
    assert event.actor_id == cast.casemanager.pk


def test_changing_a_case_writes_a_change_event_naming_the_fields(client, cast):
    login(client, cast.casemanager)
    client.post(
        reverse("cases:family_edit", args=[cast.hakobyan.pk]),
        {
            "name": "Hakobyan",
            "country_of_return": "AM",
            "stage": "preparing",
            "place_of_return": "Gyumri",
            "version": 1,
        },
    )
    event = AuditEvent.objects.get(action="change", object_type="family")
    assert (event.actor_id, event.family_id) == (cast.casemanager.pk, cast.hakobyan.pk)
    assert "place_of_return" in event.detail


def test_adding_a_household_member_writes_a_create_event_on_the_family(cast):
    assert AuditEvent.objects.filter(
        action="create", object_type="person", object_id=str(cast.narek.pk)
    ).get().family_id == (cast.hakobyan.pk)


def test_a_refused_family_page_is_audited_as_denied(client, cast):
    login(client, cast.other_org)
    assert client.get(family_url(cast.hakobyan)).status_code == 404
    event = AuditEvent.objects.get(action="denied")
    assert (event.actor_id, event.family_id) == (cast.other_org.pk, cast.hakobyan.pk)
    assert not AuditEvent.objects.filter(action="view", actor_id=cast.other_org.pk).exists()


# Append-only ------------------------------------------------------------------------------


@pytest.fixture
def event(cast):
    return record(None, Action.VIEW, cast.hakobyan, user=cast.lawyer)


def test_an_audit_event_cannot_be_changed_through_the_model(event):
    event.detail = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_an_audit_event_cannot_be_deleted_through_the_model(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_updated_in_bulk(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="nothing happened")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(actor_username="")


def test_audit_events_cannot_be_deleted_in_bulk(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_a_raw_update_of_the_log(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'rewritten' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite keeps DELETE for the test database flush"
)
def test_the_database_refuses_a_raw_delete_of_the_log(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


# The privacy officer's view ---------------------------------------------------------------


def at(day, hour=12):
    return time_machine.travel(datetime(2026, 2, day, hour, tzinfo=AMSTERDAM), tick=False)


@pytest.fixture
def history(cast):
    """Views of Hakobyan on 2, 10 and 20 February; a view of Petrosyan (another organisation)."""
    with at(2):
        record(None, Action.VIEW, cast.hakobyan, user=cast.casemanager, detail="first")
    with at(10):
        record(None, Action.VIEW, cast.hakobyan, user=cast.lawyer, detail="second")
    with at(20):
        record(None, Action.VIEW, cast.hakobyan, user=cast.casemanager, detail="third")
    with at(11):
        record(None, Action.VIEW, cast.petrosyan, user=cast.other_org, detail="elsewhere")
    return cast


def details(response):
    return {e.detail for e in shown(response) if e.action == "view" and e.family_id}


def test_privacy_officer_sees_only_events_of_their_organisations_cases(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert details(response) == {"first", "second", "third"}
    assert "elsewhere" not in details(response)
    assert {e.family_id for e in shown(response)} - {None} == {history.hakobyan.pk}
    assert history.petrosyan.reference not in response.content.decode()


def test_privacy_officer_does_not_see_logins_of_other_organisations(client, history):
    record(None, Action.LOGIN, user=history.other_org)
    record(None, Action.LOGIN, user=history.casemanager)
    login(client, history.privacy)
    actors = {e.actor_username for e in shown(client.get(AUDIT)) if e.action == "login"}
    assert "other_org" not in actors


def test_privacy_officer_of_another_organisation_does_not_see_these_cases(client, history):
    from kaketoe.accounts.models import Role
    from kaketoe.testing import make_user

    stranger = make_user(
        "privacy2", Role.PRIVACY_OFFICER, history.other_org.membership.organisation
    )
    login(client, stranger)
    assert details(client.get(AUDIT)) == {"elsewhere"}


@pytest.mark.parametrize("case", ["reference", "number", "lowercase"])
def test_privacy_officer_filters_by_case_number(client, history, case):
    family = make_family(history.casemanager, "Aydin")
    pk = history.hakobyan.pk
    value = {"reference": f"KKT-{pk:06d}", "number": str(pk), "lowercase": f"kkt-{pk:06d}"}[case]
    login(client, history.privacy)
    response = client.get(AUDIT, {"case": value})
    assert {e.family_id for e in shown(response)} == {pk}
    assert family.pk != pk


def test_privacy_officer_filters_by_user(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT, {"user": "lawyer", "action": "view"})
    assert details(response) == {"second"}


def test_privacy_officer_filters_by_period(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT, {"since": "2026-02-05", "until": "2026-02-15"})
    assert details(response) == {"second"}


def test_the_period_includes_its_first_and_last_day(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT, {"since": "2026-02-02", "until": "2026-02-10"})
    assert details(response) == {"first", "second"}


def test_a_period_ending_before_it_starts_shows_an_error_not_a_crash(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT, {"since": "2026-02-20", "until": "2026-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["until"] == [
        "The end of the period is before its start."
    ]
    assert "The end of the period is before its start." in response.content.decode()


@pytest.mark.parametrize("case", ["Hakobyan", "KKT-²", "9" * 30])
def test_a_case_number_that_is_not_a_number_shows_an_error(client, history, case):
    login(client, history.privacy)
    response = client.get(AUDIT, {"case": case})
    assert response.status_code == 200
    assert response.context["form"].errors["case"]


def test_a_malformed_date_shows_an_error_not_a_crash(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT, {"since": "next tuesday"})
    assert response.status_code == 200
    assert response.context["form"].errors["since"]


def test_reading_the_audit_log_is_itself_recorded(client, history):
    login(client, history.privacy)
    client.get(AUDIT)
    assert AuditEvent.objects.filter(action="view", actor_id=history.privacy.pk).exists()


def test_the_page_lists_every_event_it_counts(client, history):
    login(client, history.privacy)
    response = client.get(AUDIT)
    page = response.context["page"]
    assert len(list(page.object_list)) == page.paginator.count
    assert "first" in {e.detail for e in page.object_list}


@pytest.mark.parametrize(
    "username", ["casemanager", "teamlead", "orgadmin", "lawyer", "partner", "other_org"]
)
def test_anyone_but_the_privacy_officer_gets_404_on_the_audit_log(client, cast, username):
    login(client, cast.users[username])
    response = client.get(AUDIT)
    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action="denied", actor_id=cast.users[username].pk, detail="audit log"
    ).exists()


def test_privacy_officer_on_no_team_still_cannot_open_the_family(client, cast):
    login(client, cast.privacy)
    assert client.get(family_url(cast.hakobyan)).status_code == 404


def test_removed_team_members_keep_their_past_cases_in_the_trail(client, cast):
    services.leave_team(None, cast.casemanager, cast.place_of(cast.lawyer))
    login(client, cast.privacy)
    assert cast.hakobyan.pk in {e.family_id for e in shown(client.get(AUDIT))}
