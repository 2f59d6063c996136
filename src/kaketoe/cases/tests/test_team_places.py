"""Taking someone off a family's team (issue 17 §1): confirmed with a reason, audited, undone
within RESTORE_DAYS, and never the case's last regievoerder or the owner's last person."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import rules, services
from kaketoe.cases.rules import LAST_OF_OWNER, LAST_REGIEVOERDER, Place
from kaketoe.testing import login, make_cast

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
REASON = {"reason": "Her work with the family has ended."}


# The rule, without HTTP -----------------------------------------------------------------------

REGIE = Place(1, "regievoerder", 10)
CASEMANAGER = Place(2, "casemanager", 20)
LAWYER = Place(3, "lawyer", 30)
GRANDMOTHER = Place(4, "", None)


def test_the_last_regievoerder_stays_on_the_case():
    assert rules.removal_refusal(REGIE, [REGIE, CASEMANAGER], 20) == LAST_REGIEVOERDER


def test_a_regievoerder_may_go_when_another_one_is_on_the_case():
    second = Place(5, "regievoerder", 10)
    assert rules.removal_refusal(REGIE, [REGIE, second, CASEMANAGER], 20) is None


def test_the_last_person_of_the_owning_organisation_stays_on_the_case():
    assert rules.removal_refusal(CASEMANAGER, [REGIE, CASEMANAGER], 20) == LAST_OF_OWNER


def test_a_colleague_of_the_owner_may_go_while_another_colleague_stays():
    colleague = Place(6, "counsellor", 20)
    assert rules.removal_refusal(CASEMANAGER, [REGIE, CASEMANAGER, colleague], 20) is None


def test_others_and_the_informal_network_may_always_go():
    team = [REGIE, CASEMANAGER, LAWYER, GRANDMOTHER]
    assert rules.removal_refusal(LAWYER, team, 20) is None
    assert rules.removal_refusal(GRANDMOTHER, team, 20) is None


def test_a_case_without_a_known_owner_only_keeps_its_regievoerder():
    assert rules.removal_refusal(CASEMANAGER, [REGIE, CASEMANAGER], None) is None


def test_a_removed_place_can_be_restored_for_seven_days():
    assert rules.RESTORE_DAYS == 7
    assert rules.may_restore(NOW, NOW + timedelta(days=7))
    assert not rules.may_restore(NOW, NOW + timedelta(days=7, seconds=1))
    assert not rules.may_restore(None, NOW)


# Through the pages ----------------------------------------------------------------------------


@pytest.fixture
def cast(db):
    with time_machine.travel(NOW, tick=False):
        yield make_cast()  # the tests below run at NOW too


def remove_url(cast, user):
    return reverse("cases:team_remove", args=[cast.hakobyan.pk, cast.place_of(user).pk])


def as_user(client, user):
    login(client, user)
    return client


def test_removing_asks_for_confirmation_first(client, cast):
    page = as_user(client, cast.casemanager).get(remove_url(cast, cast.lawyer))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert cast.place_of(cast.lawyer).removed_at is None


def test_removing_without_a_reason_is_refused_and_changes_nothing(client, cast):
    response = as_user(client, cast.casemanager).post(remove_url(cast, cast.lawyer), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert cast.place_of(cast.lawyer).removed_at is None


def test_removing_with_a_reason_takes_access_away_and_is_audited(client, cast):
    place = cast.place_of(cast.lawyer)
    response = as_user(client, cast.casemanager).post(remove_url(cast, cast.lawyer), REASON)
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.removed_by, place.removal_reason) == (cast.casemanager, REASON["reason"])
    assert AuditEvent.objects.filter(action="change", detail="removed").exists()
    page = client.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert REASON["reason"] in page  # on the team card, with "restore"
    assert reverse("cases:team_restore", args=[cast.hakobyan.pk, place.pk]) in page


def test_the_last_regievoerder_cannot_be_removed(client, cast):
    url = remove_url(cast, cast.regievoerder)
    response = as_user(client, cast.casemanager).post(url, REASON)
    assert response.status_code == 200
    assert response.context["refusal"] == LAST_REGIEVOERDER
    assert cast.place_of(cast.regievoerder).removed_at is None


def test_the_owning_organisations_last_person_cannot_be_removed(client, cast):
    # Hakobyan was opened by the COA case manager: the COA owns it.
    assert (
        services.owner_organisation_id(cast.hakobyan) == cast.casemanager.membership.organisation_id
    )
    response = as_user(client, cast.regievoerder).post(remove_url(cast, cast.casemanager), REASON)
    assert response.context["refusal"] == LAST_OF_OWNER
    with pytest.raises(services.PlaceKept):
        services.leave_team(None, cast.regievoerder, cast.place_of(cast.casemanager))


def test_a_removed_colleague_is_restored_within_seven_days_and_sees_the_case_again(client, cast):
    place = cast.place_of(cast.lawyer)
    services.leave_team(None, cast.casemanager, place, REASON["reason"])
    url = reverse("cases:team_restore", args=[cast.hakobyan.pk, place.pk])
    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        assert as_user(client, cast.casemanager).post(url).status_code == 302
    place.refresh_from_db()
    assert place.removed_at is None and place.removal_reason == ""
    assert cast.hakobyan.timeline.first().kind == "team_restored"
    assert AuditEvent.objects.filter(action="change", detail="restored").exists()
    page = as_user(client, cast.lawyer).get(reverse("cases:family", args=[cast.hakobyan.pk]))
    assert page.status_code == 200


def test_after_seven_days_the_place_is_not_restored(client, cast):
    place = cast.place_of(cast.lawyer)
    services.leave_team(None, cast.casemanager, place, REASON["reason"])
    url = reverse("cases:team_restore", args=[cast.hakobyan.pk, place.pk])
    with time_machine.travel(NOW + timedelta(days=8), tick=False):
        as_user(client, cast.casemanager).post(url)
    place.refresh_from_db()
    assert place.removed_at is not None


def test_someone_who_only_reads_the_case_cannot_remove_or_restore(client, cast):
    place = cast.place_of(cast.lawyer)
    assert (
        as_user(client, cast.teacher).post(remove_url(cast, cast.lawyer), REASON).status_code == 404
    )
    services.leave_team(None, cast.casemanager, place, REASON["reason"])
    url = reverse("cases:team_restore", args=[cast.hakobyan.pk, place.pk])
    assert client.post(url).status_code == 404
    place.refresh_from_db()
    assert place.removed_at is not None


def test_the_team_card_offers_no_remove_for_places_the_case_keeps(client, cast):
    page = as_user(client, cast.lawyer).get(reverse("cases:family", args=[cast.hakobyan.pk]))
    html = page.content.decode()
    assert remove_url(cast, cast.counsellor) in html
    assert remove_url(cast, cast.regievoerder) not in html  # the only regievoerder
    assert remove_url(cast, cast.casemanager) not in html  # the COA's only person


def test_the_api_refuses_to_remove_the_last_regievoerder(cast):
    from kaketoe.api.tests.helpers import client_for

    place = cast.place_of(cast.regievoerder)
    url = f"/api/v1/families/{cast.hakobyan.pk}/team/{place.pk}/"
    response = client_for(cast.casemanager).delete(url)
    assert response.status_code == 400
    assert "last_regievoerder" in response.content.decode()
    place.refresh_from_db()
    assert place.removed_at is None
