"""The return plan's rules, without a database (handbook §15.1–15.3)."""

from datetime import date

from kaketoe.plans import rules
from kaketoe.plans.rules import Work

TODAY = date(2026, 3, 2)


def work(status="open", timing="before_departure", months=None, weeks=2, owner="member:1"):
    return Work(status, timing, months, weeks, owner)


def test_the_plan_counts_from_the_earliest_of_planned_departure_and_deadline():
    assert rules.departure_date(
        actual=None, planned=date(2026, 5, 1), deadline=date(2026, 4, 1)
    ) == date(2026, 4, 1)
    assert rules.departure_date(actual=None, planned=None, deadline=date(2026, 4, 1)) == date(
        2026, 4, 1
    )
    assert rules.departure_date(actual=None, planned=None, deadline=None) is None


def test_after_departure_the_plan_counts_from_the_real_departure():
    assert rules.departure_date(
        actual=date(2026, 4, 20), planned=date(2026, 5, 1), deadline=date(2026, 4, 1)
    ) == date(2026, 4, 20)


def test_due_dates_are_derived_from_the_departure():
    departure = date(2026, 1, 31)
    assert rules.due_date("before_departure", None, departure) == departure
    assert rules.due_date("on_arrival", None, departure) == departure
    assert rules.due_date("after_arrival", 1, departure) == date(2026, 2, 28)
    assert rules.due_date("after_arrival", 6, departure) == date(2026, 7, 31)
    assert rules.due_date("after_arrival", 6, None) is None


def test_an_open_item_past_its_due_date_is_late():
    assert rules.item_state(work(), date(2026, 3, 1), TODAY) == rules.LATE


def test_an_item_is_due_when_fewer_days_are_left_than_it_needs():
    assert rules.item_state(work(weeks=2), date(2026, 3, 10), TODAY) == rules.DUE
    assert rules.item_state(work(weeks=1), date(2026, 3, 10), TODAY) == rules.PLANNED


def test_arranged_done_or_dropped_items_are_never_late():
    for status in ["arranged", "done", "dropped"]:
        assert rules.item_state(work(status=status), date(2026, 1, 1), TODAY) == rules.FINISHED


def test_without_a_departure_date_an_item_has_no_due_date():
    assert rules.item_state(work(), None, TODAY) == rules.UNDATED


def test_one_owner_does_their_items_one_after_another_owners_work_side_by_side():
    items = [
        work(weeks=2, owner="member:1"),
        work(weeks=3, owner="member:1"),
        work(weeks=4, owner="org:IOM"),
    ]
    assert rules.needed_days(items) == 35


def test_only_open_items_to_arrange_before_departure_need_preparation_time():
    items = [
        work(status="done", weeks=10),
        work(timing="after_arrival", months=3, weeks=10),
        work(timing="on_arrival", weeks=1),
    ]
    assert rules.needed_days(items) == 7
    assert rules.needed_days([]) == 0


def test_a_family_is_short_of_time_when_the_work_does_not_fit_before_departure():
    assert rules.short_of_time(35, date(2026, 4, 1), TODAY, "preparing")
    assert not rules.short_of_time(28, date(2026, 4, 1), TODAY, "preparing")


def test_no_flag_without_open_work_a_departure_date_or_after_departure():
    assert not rules.short_of_time(0, date(2026, 3, 3), TODAY, "preparing")
    assert not rules.short_of_time(35, None, TODAY, "preparing")
    assert not rules.short_of_time(35, date(2026, 3, 3), TODAY, "monitoring")


def test_dropping_an_item_needs_a_reason():
    assert rules.drop_needs_reason("dropped", "  ")
    assert not rules.drop_needs_reason("dropped", "School found another way")
    assert not rules.drop_needs_reason("open", "")


def test_months_belong_only_to_items_due_after_arrival():
    assert rules.months_fit_timing("after_arrival", 3)
    assert not rules.months_fit_timing("after_arrival", None)
    assert not rules.months_fit_timing("after_arrival", 0)
    assert not rules.months_fit_timing("before_departure", 3)
    assert rules.months_fit_timing("on_arrival", None)


def test_an_attention_point_counts_only_when_ticked_with_evidence():
    answers = {
        "RP-1": {"ticked": True, "evidence": "Monitoring 12 months by the partner"},
        "RP-2": {"ticked": True, "evidence": ""},
        "RP-3": {"ticked": False, "evidence": "x"},
    }
    assert rules.attention_complete(answers, ["RP-1", "RP-2", "RP-3", "RP-4"]) == (1, 4)


def test_an_open_precondition_suggests_the_plan_domain():
    assert rules.domain_for_precondition("B1-MAT-04") == "education"
    assert rules.domain_for_precondition("B1-PSY-10.2.3") == "documents"
    assert rules.domain_for_precondition("B1-PSY-09.3") == "farewell"
    assert rules.domain_for_precondition("B1-PSY-01") == "psychosocial"
    assert rules.domain_for_precondition("B1-MAT-01") == "housing"


def test_changed_fields_lists_what_differs():
    assert rules.changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == ["b", "c"]


def test_months_are_added_to_the_end_of_a_shorter_month():
    assert rules.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
