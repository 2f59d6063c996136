"""A partner organisation abroad sees a case only while it is handed over under valid consent."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kaketoe.accounts.models import Organisation, Role
from kaketoe.cases import access
from kaketoe.consent import rules, services
from kaketoe.consent.models import ConsentEntry, Decision, Handover, How, Purpose
from kaketoe.consent.tests.conftest import days_ago
from kaketoe.testing import OrganisationFactory, login, make_family, make_user

pytestmark = pytest.mark.django_db


def visible(user):
    return set(access.visible_families(user).values_list("name", flat=True))


def handed_over(cast, give, **consent):
    give(**consent)
    return services.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)


def withdraw(cast, consent, **fields):
    fields.setdefault("recorded_on", timezone.localdate())
    withdrawal = ConsentEntry(given_by=cast.armen, how=How.VERBAL, **fields)
    return services.withdraw(None, cast.counsellor, consent, withdrawal)


def test_partner_cannot_see_a_family_without_consent(cast):
    assert visible(cast.partner) == set()


def test_partner_cannot_see_a_family_with_consent_but_not_handed_over(cast, give):
    give()
    assert visible(cast.partner) == set()


def test_after_consent_and_handover_the_partner_opens_exactly_that_case(client, cast, give):
    handed_over(cast, give)
    make_family(cast.casemanager, "Grigoryan")  # another case of the same team, not handed over
    assert visible(cast.partner) == {"Hakobyan"}
    login(client, cast.partner)
    assert client.get(reverse("cases:family", args=[cast.hakobyan.pk])).status_code == 200
    assert client.get(reverse("cases:family", args=[cast.petrosyan.pk])).status_code == 404
    caseload = client.get(reverse("cases:caseload"))
    assert [row.family.name for row in caseload.context["page"].object_list] == ["Hakobyan"]


def test_another_partner_organisation_sees_nothing(cast, give):
    handed_over(cast, give)
    tirana = OrganisationFactory(name="Tirana partner", kind=Organisation.Kind.PARTNER_ABROAD)
    assert visible(make_user("albanian_partner", Role.PARTNER, tirana)) == set()


def test_every_worker_of_the_partner_organisation_sees_the_handed_over_case(cast, give):
    handed_over(cast, give)
    colleague = make_user("colleague_in_yerevan", Role.PARTNER, cast.yerevan)
    assert visible(colleague) == {"Hakobyan"}
    privacy = make_user("privacy_in_yerevan", Role.PRIVACY_OFFICER, cast.yerevan)
    assert visible(privacy) == set()


def test_after_withdrawal_the_partner_gets_404_at_once(client, cast, give):
    handover = handed_over(cast, give)
    login(client, cast.partner)
    url = reverse("cases:family", args=[cast.hakobyan.pk])
    assert client.get(url).status_code == 200
    withdraw(cast, handover.consent)
    assert client.get(url).status_code == 404
    handover.refresh_from_db()
    assert handover.ended_at is not None


def test_a_later_refusal_also_ends_access(cast, give):
    handed_over(cast, give)
    give(decision=Decision.REFUSED, recorded_on=timezone.localdate())
    assert visible(cast.partner) == set()


def test_expired_consent_gives_no_access(cast, give):
    handed_over(cast, give, recorded_on=days_ago(30), expires_on=timezone.localdate())
    assert visible(cast.partner) == {"Hakobyan"}
    tomorrow = timezone.localdate() + timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert visible(cast.partner) == set()


def test_monitoring_consent_alone_does_not_open_the_case(cast, give):
    handover = handed_over(cast, give)
    give(purpose=Purpose.MONITORING)
    withdraw(cast, handover.consent)
    assert visible(cast.partner) == set()


def test_only_the_handover_ledger_towards_this_organisation_decides(cast, give):
    handed_over(cast, give)
    tirana = OrganisationFactory(name="Tirana partner", kind=Organisation.Kind.PARTNER_ABROAD)
    in_tirana = make_user("albanian_partner", Role.PARTNER, tirana)
    give(organisation=tirana)
    services.hand_over(None, cast.counsellor, cast.hakobyan, tirana)
    assert visible(in_tirana) == {"Hakobyan"}
    today = timezone.localdate()
    give(decision=Decision.REFUSED, organisation=tirana, recorded_on=today)
    give(purpose=Purpose.MONITORING, decision=Decision.REFUSED, recorded_on=today)
    assert visible(cast.partner) == {"Hakobyan"}
    assert visible(in_tirana) == set()


def test_consent_given_again_needs_a_new_handover(cast, give):
    withdraw(cast, handed_over(cast, give).consent)
    give(recorded_on=timezone.localdate())
    assert visible(cast.partner) == set()
    services.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)
    assert visible(cast.partner) == {"Hakobyan"}


@pytest.mark.parametrize("page", ["cases:family_edit", "cases:person_add", "cases:team_add"])
def test_partner_cannot_change_dutch_side_case_data(client, cast, give, page):
    handed_over(cast, give)
    login(client, cast.partner)
    assert client.get(reverse(page, args=[cast.hakobyan.pk])).status_code == 404
    assert not access.can_edit_family(cast.partner, cast.hakobyan)


def test_a_partner_worker_with_an_editing_role_still_cannot_change_the_case(cast, give):
    handed_over(cast, give)
    odd = make_user("yerevan_casemanager", Role.CASE_MANAGER, cast.yerevan)
    assert visible(odd) == {"Hakobyan"}
    assert not access.can_edit_family(odd, cast.hakobyan)


def test_partner_cannot_record_consent_or_hand_over(client, cast, give):
    handed_over(cast, give)
    login(client, cast.partner)
    for page in ["consent:consent_new", "consent:handover"]:
        assert client.post(reverse(page, args=[cast.hakobyan.pk])).status_code == 404


def test_visibility_is_one_query_whatever_the_number_of_handovers(cast, give):
    handed_over(cast, give)
    for n in range(30):
        family = make_family(cast.casemanager, f"Family {n}")
        ConsentEntry.objects.create(
            family=family,
            purpose=Purpose.HANDOVER,
            organisation=cast.yerevan,
            decision=Decision.GIVEN,
            given_by=cast.armen,  # the rule in SQL does not look at who gave it
            how=How.SIGNED_FORM,
            recorded_on=days_ago(1),
            recorded_by=cast.counsellor,
        )
        services.hand_over(None, cast.counsellor, family, cast.yerevan)
    partner = (
        type(cast.partner)
        .objects.select_related("membership__organisation")
        .get(pk=cast.partner.pk)
    )
    with CaptureQueriesContext(connection) as queries:
        assert len(visible(partner)) == 31
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("decisions", "shared"),
    [
        ([("given", 9), ("withdrawn", 5)], False),
        ([("given", 9), ("withdrawn", 5), ("given", 2)], True),
        ([("given", 9), ("withdrawn", 5), ("given", 7)], False),  # late paperwork, older date
        ([("given", 9), ("given", 3), ("withdrawn", 3)], False),  # same day: recorded last
        ([("given", 9), ("withdrawn", 3), ("given", 3)], True),  # same day: recorded last
        ([("given", 9), ("refused", 3)], False),
        # the newest consent has expired; an older one that has not does not count
        ([("given", 9), ("given", 3, 1)], False),
        ([("given", 9), ("given", 3, 0)], True),  # valid until today, inclusive
        # dated after today (which the forms refuse): not yet a decision
        ([("given", 9), ("withdrawn", -1)], True),
        ([("given", 9), ("withdrawn", 5), ("given", -1)], False),
    ],
)
def test_the_database_and_the_rule_agree_on_the_latest_decision(cast, decisions, shared):
    consent = ConsentEntry.objects.create(
        family=cast.hakobyan,
        purpose=Purpose.HANDOVER,
        organisation=cast.yerevan,
        decision=Decision.GIVEN,
        given_by=cast.armen,
        how=How.SIGNED_FORM,
        recorded_on=days_ago(10),
        recorded_by=cast.counsellor,
    )
    Handover.objects.create(
        family=cast.hakobyan,
        organisation=cast.yerevan,
        consent=consent,
        handed_over_by=cast.counsellor,
    )
    for decision, days, *expired_days_ago in decisions:
        ConsentEntry.objects.create(
            family=cast.hakobyan,
            purpose=Purpose.HANDOVER,
            organisation=cast.yerevan,
            decision=decision,
            given_by=cast.armen,
            how=How.SIGNED_FORM,
            recorded_on=days_ago(days),
            expires_on=days_ago(*expired_days_ago) if expired_days_ago else None,
            recorded_by=cast.counsellor,
        )
    entries = list(cast.hakobyan.consents.all())
    today = timezone.localdate()
    assert rules.valid_consent(entries, "handover", cast.yerevan.pk, today) is shared
    assert (visible(cast.partner) == {"Hakobyan"}) is shared
