"""The consent rule, without a database: the latest decision per purpose and organisation."""

from datetime import date
from types import SimpleNamespace

from kaketoe.consent import rules

TODAY = date(2026, 11, 28)
YEREVAN, TIRANA = 1, 2


def entry(
    pk, decision, recorded_on, *, purpose="handover", organisation_id=YEREVAN, expires_on=None
):
    return SimpleNamespace(
        pk=pk,
        decision=decision,
        recorded_on=recorded_on,
        purpose=purpose,
        organisation_id=organisation_id,
        expires_on=expires_on,
    )


def valid(entries, purpose="handover", organisation_id=YEREVAN, today=TODAY):
    return rules.valid_consent(entries, purpose, organisation_id, today)


def test_no_entries_means_no_consent():
    assert not valid([])


def test_a_given_consent_without_expiry_is_valid():
    assert valid([entry(1, "given", date(2026, 1, 5))])


def test_a_refusal_is_not_consent():
    assert not valid([entry(1, "refused", date(2026, 1, 5))])


def test_a_withdrawal_after_the_consent_ends_it():
    assert not valid([entry(1, "given", date(2026, 1, 5)), entry(2, "withdrawn", date(2026, 6, 1))])


def test_consent_given_again_after_a_withdrawal_is_valid():
    entries = [
        entry(1, "given", date(2026, 1, 5)),
        entry(2, "withdrawn", date(2026, 6, 1)),
        entry(3, "given", date(2026, 9, 1)),
    ]
    assert valid(entries)


def test_the_latest_decision_counts_by_its_date_not_by_when_it_was_typed_in():
    late_paperwork = entry(9, "given", date(2026, 1, 5))  # recorded after the withdrawal
    assert not valid([entry(2, "withdrawn", date(2026, 6, 1)), late_paperwork])


def test_on_the_same_day_the_decision_recorded_last_counts():
    same_day = date(2026, 6, 1)
    assert not valid([entry(1, "given", same_day), entry(2, "withdrawn", same_day)])
    assert valid([entry(1, "withdrawn", same_day), entry(2, "given", same_day)])


def test_consent_holds_up_to_and_including_its_last_day():
    consent = entry(1, "given", date(2026, 1, 5), expires_on=TODAY)
    assert valid([consent])
    assert not valid([consent], today=date(2026, 11, 29))


def test_a_decision_dated_after_today_does_not_count_yet():
    entries = [entry(1, "given", date(2026, 1, 5)), entry(2, "withdrawn", date(2026, 12, 1))]
    assert valid(entries)
    assert not valid(entries, today=date(2026, 12, 1))


def test_consent_is_per_purpose_and_per_organisation():
    entries = [entry(1, "given", date(2026, 1, 5), purpose="monitoring")]
    assert valid(entries, purpose="monitoring")
    assert not valid(entries, purpose="handover")
    assert not valid(entries, purpose="monitoring", organisation_id=TIRANA)
    withdrawn_elsewhere = [
        entry(1, "given", date(2026, 1, 5)),
        entry(2, "withdrawn", date(2026, 2, 5), organisation_id=TIRANA),
    ]
    assert valid(withdrawn_elsewhere)


def test_only_the_deciding_given_consent_can_be_withdrawn():
    first = entry(1, "given", date(2026, 1, 5))
    second = entry(2, "given", date(2026, 3, 5))
    refusal = entry(3, "refused", date(2026, 4, 5), purpose="monitoring")
    entries = [first, second, refusal]
    assert rules.can_withdraw(second, entries, TODAY)
    assert not rules.can_withdraw(first, entries, TODAY)
    assert not rules.can_withdraw(refusal, entries, TODAY)


def test_deciding_entries_per_purpose_and_organisation():
    first = entry(1, "given", date(2026, 1, 5))
    later = entry(2, "withdrawn", date(2026, 3, 5))
    other = entry(3, "given", date(2026, 2, 5), organisation_id=TIRANA)
    assert rules.decisive_entries([first, later, other], TODAY) == {
        ("handover", YEREVAN): later,
        ("handover", TIRANA): other,
    }
