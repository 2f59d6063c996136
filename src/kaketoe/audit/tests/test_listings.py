"""Bulk reads are tied to cases (issue 15, M2): the caseload, the monitoring lists and the
monitoring exports write one audit event per page or file, linked to every family they showed,
and the privacy officer finds that event from each of those cases."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)
    return {f.name: f.pk for f in Family.objects.all()}


def user(username):
    return get_user_model().objects.get(username=username)


def listed(event) -> set[int]:
    from kaketoe.audit.models import ListedFamily

    return set(ListedFamily.objects.filter(event_id=event.pk).values_list("family_id", flat=True))


def events_of(username, path):
    return AuditEvent.objects.filter(actor_username=username, path=path)


def test_the_caseload_writes_one_event_linked_to_the_families_it_showed(client, demo):
    login(client, user("casemanager"))
    page = client.get(reverse("cases:caseload")).content.decode()
    (event,) = events_of("casemanager", reverse("cases:caseload"))
    assert event.action == "view"
    shown = {pk for name, pk in demo.items() if f"/families/{pk}/" in page}
    assert shown and listed(event) == shown


def test_the_partners_monitoring_lists_write_one_event_with_the_families_shown(client, demo):
    login(client, user("partner"))
    client.get(reverse("monitoring:families"))
    client.get(reverse("monitoring:due"))
    (overview,) = events_of("partner", reverse("monitoring:families"))
    (due,) = events_of("partner", reverse("monitoring:due"))
    assert listed(overview) == {demo["Beridze"], demo["Grigoryan"]}
    assert demo["Grigoryan"] in listed(due)  # its visits are due and its alert is open
    assert listed(due) <= {demo["Beridze"], demo["Grigoryan"]}


@pytest.mark.parametrize("kind", ["monitoring_csv", "monitoring_xlsx"])
def test_a_monitoring_export_is_linked_to_the_families_whose_visits_it_holds(client, demo, kind):
    login(client, user("partner"))
    response = client.get(reverse(f"exchange:{kind}"))
    if response.streaming:
        b"".join(response.streaming_content)
    (event,) = AuditEvent.objects.filter(actor_username="partner", action="export")
    assert listed(event) == {demo["Grigoryan"]}  # the family with monitoring visits


def test_the_privacy_officer_finds_the_partners_export_from_each_case_it_held(client, demo):
    partner = Client()
    login(partner, user("partner"))
    partner.get(reverse("exchange:monitoring_xlsx"))
    login(client, user("privacy"))
    for_the_case = client.get(reverse("audit:log"), {"case": demo["Grigoryan"]})
    assert "monitoring data xlsx" in for_the_case.content.decode()
    for_another_case = client.get(reverse("audit:log"), {"case": demo["Hakobyan"]})
    assert "monitoring data xlsx" not in for_another_case.content.decode()
    assert "monitoring data xlsx" in client.get(reverse("audit:log")).content.decode()


def test_the_export_command_is_linked_to_the_families_it_wrote(tmp_path, demo):
    call_command("export_monitoring", "--output", str(tmp_path / "visits.csv"))
    (event,) = AuditEvent.objects.filter(action="export", detail__contains="command")
    assert listed(event) == {demo["Grigoryan"]}


def test_a_familys_complete_file_names_the_lists_that_showed_it(client, demo):
    from kaketoe.api import exports

    login(client, user("partner"))
    client.get(reverse("monitoring:families"))
    grigoryan = Family.objects.get(pk=demo["Grigoryan"])
    details = [event.detail for event in exports.audit_of(grigoryan)]
    assert any(detail.startswith("monitoring overview page 1") for detail in details)


def test_an_api_list_across_families_is_linked_to_the_families_on_its_page(demo):
    from kaketoe.api.tests.helpers import client_for

    client_for(user("partner")).get("/api/v1/families/")
    (event,) = AuditEvent.objects.filter(actor_username="partner", path="/api/v1/families/")
    assert listed(event) == {demo["Beridze"], demo["Grigoryan"]}
