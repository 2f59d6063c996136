"""Break-glass: emergency read access to a case one is not on, with a reason, time-limited,
audited as its own action and listed for the privacy officer."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.cases.models import BreakGlass
from kaketoe.testing import login, make_cast

pytestmark = pytest.mark.django_db

EMERGENCY = reverse("cases:emergency_access")
REASON = "Narek was taken to hospital tonight; the doctor needs his medication history."


@pytest.fixture
def cast():
    return make_cast()


def open_case(client, family, reason=REASON):
    return client.post(EMERGENCY, {"case": family.reference, "reason": reason})


def test_an_outsider_cannot_read_the_case_without_breaking_the_glass(client, cast):
    login(client, cast.outsider)
    assert client.get(reverse("cases:family", args=[cast.hakobyan.pk])).status_code == 404


def test_with_a_reason_the_outsider_reads_the_case_and_every_read_is_audited(client, cast):
    login(client, cast.outsider)
    response = open_case(client, cast.hakobyan)
    assert response.status_code == 302 and response.url == f"/families/{cast.hakobyan.pk}/"
    grant = BreakGlass.objects.get(user=cast.outsider)
    assert grant.reason == REASON and grant.family == cast.hakobyan
    assert grant.expires_at - grant.started_at == timedelta(hours=access.BREAK_GLASS_HOURS)
    page = client.get(response.url)
    assert page.status_code == 200 and "Hakobyan" in page.content.decode()
    child = client.get(reverse("guidance:child", args=[cast.hakobyan.pk, cast.narek.pk]))
    assert child.status_code == 200
    events = AuditEvent.objects.filter(actor_id=cast.outsider.pk, action="break_glass")
    assert events.filter(detail=f"opened #{grant.pk}").count() == 1
    assert events.filter(detail__startswith="read").count() == 2
    assert not AuditEvent.objects.filter(detail__contains="hospital").exists()  # not in the log


def test_break_glass_is_read_only(client, cast):
    login(client, cast.outsider)
    open_case(client, cast.hakobyan)
    edit = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Changed"}).status_code == 404


def test_a_short_reason_is_refused_with_a_message_and_opens_nothing(client, cast):
    login(client, cast.outsider)
    response = open_case(client, cast.hakobyan, reason="urgent")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not BreakGlass.objects.exists()
    assert client.get(reverse("cases:family", args=[cast.hakobyan.pk])).status_code == 404


@pytest.mark.parametrize("case", ["²", "KKT-0000¹²"])
def test_a_case_number_in_superscript_digits_is_refused_with_a_message(client, cast, case):
    login(client, cast.outsider)  # "²".isdigit() holds, int("²") is a ValueError
    response = client.post(EMERGENCY, {"case": case, "reason": REASON})
    assert response.status_code == 200
    assert response.context["form"].errors["case"] == ["Enter a case number such as KKT-000012."]
    assert not BreakGlass.objects.exists()


def test_access_ends_after_the_time_limit(client, cast):
    login(client, cast.outsider)
    open_case(client, cast.hakobyan)
    url = reverse("cases:family", args=[cast.hakobyan.pk])
    later = timezone.now() + timedelta(hours=access.BREAK_GLASS_HOURS, minutes=1)
    with time_machine.travel(later):
        login(client, cast.outsider)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["lawyer", "teacher", "partner", "privacy", "orgadmin"])
def test_roles_outside_break_glass_cannot_use_it(client, cast, who):
    user = cast.users[who]
    login(client, user)
    assert client.get(EMERGENCY).status_code == 404
    assert open_case(client, cast.petrosyan).status_code == 404
    assert not BreakGlass.objects.exists()
    assert AuditEvent.objects.filter(actor_id=user.pk, action="denied").exists()


def test_an_unknown_case_number_is_a_404(client, cast):
    login(client, cast.outsider)
    response = client.post(EMERGENCY, {"case": "KKT-999999", "reason": REASON})
    assert response.status_code == 404
    assert not BreakGlass.objects.exists()


def test_the_privacy_officer_sees_uses_of_their_organisation_only(client, cast):
    outsider, other = make_client_for(cast.outsider), make_client_for(cast.other_org)
    open_case(outsider, cast.hakobyan)  # by COA, to a case COA works on
    open_case(other, cast.petrosyan)  # other_org is on Petrosyan: no grant needed
    open_case(other, cast.hakobyan, reason="Other location: the child arrived at our door.")
    login(client, cast.privacy)
    page = client.get(reverse("audit:break_glass"))
    assert page.status_code == 200
    uses = list(page.context["page"].object_list)
    assert {use.user.username for use in uses} == {"outsider", "other_org"}  # both on Hakobyan
    assert REASON in page.content.decode()
    assert BreakGlass.objects.filter(family=cast.petrosyan).count() == 0


def test_a_team_member_is_sent_to_the_case_without_a_grant(client, cast):
    login(client, cast.casemanager)
    assert open_case(client, cast.hakobyan).status_code == 302
    assert not BreakGlass.objects.exists()


def make_client_for(user):
    from django.test import Client

    client = Client()
    login(client, user)
    return client
