"""Erasure on request: the rules as plain functions (no database, no HTTP)."""

from kaketoe.audit import rules

REASON = "The mother asked by letter of 3 March to erase all data."


def test_the_reason_says_who_asked_and_on_what_ground():
    assert rules.reason_refusal("Mother asked") is not None
    assert rules.reason_refusal(" " * 40) is not None  # blanks do not count
    assert rules.reason_refusal(REASON) is None


def test_a_case_gets_a_request_when_nothing_stands_in_the_way():
    assert rules.request_refusal(erased=False, open_request=False, consents_in_force=0) is None


def test_an_erased_case_gets_no_new_request():
    assert "already been erased" in rules.request_refusal(
        erased=True, open_request=False, consents_in_force=0
    )


def test_a_case_has_at_most_one_open_request():
    assert "already has an erasure request" in rules.request_refusal(
        erased=False, open_request=True, consents_in_force=0
    )


def test_a_consent_in_force_is_withdrawn_before_erasure():
    refusal = rules.request_refusal(erased=False, open_request=False, consents_in_force=1)
    assert "consent" in refusal and "withdrawal" in refusal
    assert rules.erasure_refusal(case_exists=True, erased=False, consents_in_force=2) == refusal


def test_the_requester_cannot_decide_on_their_own_request():
    refusal = rules.decision_refusal(is_open=True, requested_by_id=7, decider_id=7)
    assert "another privacy officer" in refusal
    assert rules.decision_refusal(is_open=True, requested_by_id=7, decider_id=8) is None


def test_a_decided_request_cannot_be_decided_again():
    assert "already been decided" in rules.decision_refusal(
        is_open=False, requested_by_id=7, decider_id=8
    )


def test_a_case_that_is_gone_or_erased_cannot_be_erased():
    assert "no longer exists" in rules.erasure_refusal(
        case_exists=False, erased=False, consents_in_force=0
    )
    assert "already been erased" in rules.erasure_refusal(
        case_exists=True, erased=True, consents_in_force=0
    )
    assert rules.erasure_refusal(case_exists=True, erased=False, consents_in_force=0) is None


def test_a_rejection_says_why():
    assert rules.rejection_note_refusal("no") is not None
    assert rules.rejection_note_refusal("Wrong case number: KKT-000012") is None


def test_only_an_allowed_person_may_act():
    assert "privacy officer" in rules.role_refusal(False)
    assert rules.role_refusal(True) is None
