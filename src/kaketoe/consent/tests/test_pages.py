"""Recording consent, withdrawing it and handing over, through the pages a team member uses."""

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Person, TimelineEvent
from kaketoe.consent import services
from kaketoe.consent.models import AppendOnlyError, ConsentEntry, Decision, Handover, Purpose
from kaketoe.consent.tests.conftest import days_ago
from kaketoe.testing import login

pytestmark = pytest.mark.django_db


def form_data(cast, **fields):
    data = {
        "purpose": Purpose.HANDOVER,
        "organisation": cast.yerevan.pk,
        "scope": "Terugkeerplan en schoolrapporten",
        "expires_on": "",
        "decision": Decision.GIVEN,
        "given_by": cast.armen.pk,
        "recorded_on": days_ago(2).isoformat(),
        "how": "verbal_interpreter",
        "interpreter_language": "Armeens",
        "child_assent": "Narek vindt het goed als zijn nieuwe school het plan krijgt.",
    }
    return {**data, **fields}


def record(client, cast, **fields):
    return client.post(
        reverse("consent:consent_new", args=[cast.hakobyan.pk]), form_data(cast, **fields)
    )


def hand_over(client, cast, organisation=None):
    url = reverse("consent:handover", args=[cast.hakobyan.pk])
    return client.post(url, {"organisation": (organisation or cast.yerevan).pk})


@pytest.fixture
def counsellor(client, cast):
    login(client, cast.counsellor)
    return client


def test_a_team_editor_records_consent_with_timeline_and_audit(counsellor, cast):
    response = record(counsellor, cast)
    assert response.status_code == 302
    entry = ConsentEntry.objects.get()
    assert (entry.decision, entry.given_by, entry.recorded_by) == (
        "given",
        cast.armen,
        cast.counsellor,
    )
    assert entry.interpreter_language == "Armeens" and "Narek" in entry.child_assent
    event = cast.hakobyan.timeline.get(kind=TimelineEvent.Kind.CONSENT)
    assert "Family Support Yerevan" in event.subject and event.actor == cast.counsellor
    assert AuditEvent.objects.filter(
        action="create",
        object_type="consententry",
        object_id=str(entry.pk),
        family_id=cast.hakobyan.pk,
        actor_id=cast.counsellor.pk,
    ).exists()


def test_the_family_page_shows_the_ledger_newest_first_and_the_handovers(counsellor, cast, give):
    give(recorded_on=days_ago(10), scope="oude toestemming")
    give(purpose=Purpose.MONITORING, recorded_on=days_ago(1), scope="monitoring het eerste jaar")
    services.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)
    page = counsellor.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert "Consent and sharing" in page
    assert page.index("monitoring het eerste jaar") < page.index("oude toestemming")
    assert "shared" in page and reverse("consent:handover", args=[cast.hakobyan.pk]) in page


def test_a_teacher_reads_the_ledger_but_gets_no_buttons(client, cast, give):
    give(scope="oude toestemming")
    login(client, cast.teacher)
    page = client.get(reverse("cases:family", args=[cast.hakobyan.pk])).content.decode()
    assert "oude toestemming" in page
    assert reverse("consent:consent_new", args=[cast.hakobyan.pk]) not in page


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("recorded_on", (timezone.localdate() + timedelta(days=1)).isoformat()),
        ("expires_on", days_ago(2).isoformat()),  # not after the date of the decision
        ("expires_on", days_ago(5).isoformat()),
        ("interpreter_language", ""),  # verbally with an interpreter: which language?
        ("organisation", "999999"),
        ("decision", "withdrawn"),  # a withdrawal is its own action
        ("given_by", ""),
    ],
)
def test_bad_input_saves_nothing_and_says_why(counsellor, cast, field, value):
    response = record(counsellor, cast, **{field: value})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ConsentEntry.objects.exists()
    assert not cast.hakobyan.timeline.filter(kind=TimelineEvent.Kind.CONSENT).exists()


def test_a_child_cannot_give_consent(counsellor, cast):
    response = record(counsellor, cast, given_by=cast.narek.pk)
    assert response.status_code == 400 and response.context["form"].errors["given_by"]
    assert not ConsentEntry.objects.exists()


def test_a_parent_of_another_family_cannot_give_consent(counsellor, cast):
    stranger = Person.objects.create(
        family=cast.petrosyan,
        relation=Person.Relation.PARENT,
        given_name="Aram",
        family_name="Petrosyan",
    )
    response = record(counsellor, cast, given_by=stranger.pk)
    assert response.status_code == 400 and response.context["form"].errors["given_by"]
    assert not ConsentEntry.objects.exists()


def test_only_partner_organisations_abroad_receive_consent(counsellor, cast):
    dutch = cast.casemanager.membership.organisation
    response = record(counsellor, cast, organisation=dutch.pk)
    assert response.status_code == 400 and response.context["form"].errors["organisation"]


def test_the_model_refuses_a_child_or_a_future_date_outside_the_form(cast, give):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        give(given_by=cast.narek)
    with pytest.raises(ValidationError):
        give(recorded_on=timezone.localdate() + timedelta(days=1))
    assert not ConsentEntry.objects.exists()


def test_handover_is_refused_without_valid_consent(counsellor, cast):
    response = hand_over(counsellor, cast)
    assert response.status_code == 400
    assert "no valid consent" in response.content.decode()
    assert not Handover.objects.exists()
    assert not cast.hakobyan.timeline.filter(kind=TimelineEvent.Kind.HANDOVER).exists()


def test_handover_is_refused_with_consent_for_another_purpose_or_organisation(
    counsellor, cast, give
):
    from kaketoe.accounts.models import Organisation
    from kaketoe.testing import OrganisationFactory

    give(purpose=Purpose.MONITORING)
    tirana = OrganisationFactory(name="Tirana partner", kind=Organisation.Kind.PARTNER_ABROAD)
    give(organisation=tirana)
    assert hand_over(counsellor, cast).status_code == 400
    assert not Handover.objects.filter(organisation=cast.yerevan).exists()


def test_handover_with_valid_consent_writes_timeline_and_audit(counsellor, cast, give):
    consent = give()
    assert hand_over(counsellor, cast).status_code == 302
    handover = Handover.objects.get()
    assert (handover.organisation, handover.consent, handover.handed_over_by) == (
        cast.yerevan,
        consent,
        cast.counsellor,
    )
    assert cast.hakobyan.timeline.filter(kind=TimelineEvent.Kind.HANDOVER).exists()
    assert AuditEvent.objects.filter(action="export", object_type="handover").exists()
    assert hand_over(counsellor, cast).status_code == 400  # already handed over
    assert Handover.objects.count() == 1


def test_withdrawal_is_a_new_entry_and_ends_the_handover(counsellor, cast, give):
    consent = give(recorded_on=days_ago(20))
    services.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)
    url = reverse("consent:consent_withdraw", args=[cast.hakobyan.pk, consent.pk])
    assert counsellor.get(url).status_code == 200
    response = counsellor.post(
        url, {"given_by": cast.armen.pk, "recorded_on": days_ago(1).isoformat(), "how": "verbal"}
    )
    assert response.status_code == 302
    withdrawal = ConsentEntry.objects.latest("pk")
    assert (withdrawal.decision, withdrawal.purpose, withdrawal.organisation) == (
        "withdrawn",
        "handover",
        cast.yerevan,
    )
    consent.refresh_from_db()
    assert consent.decision == "given"  # the original entry is untouched
    assert Handover.objects.get().ended_at is not None
    kinds = set(cast.hakobyan.timeline.values_list("kind", flat=True))
    assert {TimelineEvent.Kind.CONSENT, TimelineEvent.Kind.HANDOVER} <= kinds
    assert AuditEvent.objects.filter(object_type="handover", action="change").exists()


def test_a_withdrawal_cannot_be_dated_before_the_consent_or_in_the_future(counsellor, cast, give):
    consent = give(recorded_on=days_ago(5))
    url = reverse("consent:consent_withdraw", args=[cast.hakobyan.pk, consent.pk])
    for day in [days_ago(6), timezone.localdate() + timedelta(days=1)]:
        response = counsellor.post(
            url, {"given_by": cast.armen.pk, "recorded_on": day.isoformat(), "how": "verbal"}
        )
        assert response.status_code == 400
    assert ConsentEntry.objects.count() == 1


def test_an_old_or_refused_consent_cannot_be_withdrawn(counsellor, cast, give):
    old = give(recorded_on=days_ago(9))
    give(recorded_on=days_ago(4))
    refused = give(purpose=Purpose.MONITORING, decision=Decision.REFUSED)
    data = {"given_by": cast.armen.pk, "recorded_on": days_ago(1).isoformat(), "how": "verbal"}
    response = counsellor.post(
        reverse("consent:consent_withdraw", args=[cast.hakobyan.pk, old.pk]), data
    )
    assert response.status_code == 400 and "nothing to withdraw" in response.content.decode()
    url = reverse("consent:consent_withdraw", args=[cast.hakobyan.pk, refused.pk])
    assert counsellor.post(url, data).status_code == 404
    assert ConsentEntry.objects.count() == 3


def test_a_consent_of_another_family_cannot_be_withdrawn_through_this_one(counsellor, cast, give):
    consent = give()
    url = reverse("consent:consent_withdraw", args=[cast.petrosyan.pk, consent.pk])
    assert counsellor.get(url).status_code == 404


def test_entries_have_no_edit_or_delete_pages():
    for name in ["consent:consent_edit", "consent:consent_delete", "consent:entry_delete"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1, 1])


def test_entries_cannot_be_changed_or_deleted(cast, give):
    entry = give()
    entry.decision = Decision.REFUSED
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ConsentEntry.objects.filter(pk=entry.pk).update(decision=Decision.REFUSED)
    with pytest.raises(AppendOnlyError):
        ConsentEntry.objects.all().delete()
    assert ConsentEntry.objects.get().decision == Decision.GIVEN
