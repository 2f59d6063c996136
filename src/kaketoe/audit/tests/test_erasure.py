"""Erasure on request (GDPR art. 17): services and pages, with two privacy officers of the COA.

`privacy` and `privacy2` are privacy officers of the COA, whose case manager works on Hakobyan;
`privacy_elsewhere` is the privacy officer of another organisation.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from kaketoe.accounts.models import Role
from kaketoe.audit import erasure as erasures
from kaketoe.audit import privacy, retention
from kaketoe.audit.models import AuditEvent, ErasureRequest
from kaketoe.cases.models import Family, Person
from kaketoe.consent.models import ConsentEntry
from kaketoe.testing import login, make_cast, make_family, make_user

REASON = "The mother asked by letter of 3 March to erase all data (art. 17(1)(b))."
Status = ErasureRequest.Status


@pytest.fixture
def cast(db):
    cast = make_cast()
    cast.privacy2 = make_user("privacy2", Role.PRIVACY_OFFICER, cast.organisations["coa"])
    cast.privacy_elsewhere = make_user(
        "privacy_elsewhere", Role.PRIVACY_OFFICER, cast.organisations["elsewhere"]
    )
    return cast


def ask(cast, user=None):
    return erasures.request_erasure(None, user or cast.privacy, cast.hakobyan, REASON)


def hakobyan(cast) -> Family:
    return Family.objects.get(pk=cast.hakobyan.pk)


def give_consent(cast, purpose="monitoring", expires_on=None):
    parent = Person.objects.create(
        family=cast.hakobyan, relation="parent", given_name="Armen", family_name="Hakobyan"
    )
    return ConsentEntry.objects.create(
        family=cast.hakobyan,
        purpose=purpose,
        organisation=cast.partner.membership.organisation,
        decision="given",
        given_by=parent,
        how="signed_form",
        scope="Return plan and school reports",
        recorded_on=cast.hakobyan.created_at.date(),
        expires_on=expires_on,
        recorded_by=cast.casemanager,
    )


def assert_chain_intact():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "chain intact" in out.getvalue()


# Services ------------------------------------------------------------------------------------


def test_erasure_is_carried_out_only_after_a_second_privacy_officer_approves(cast):
    erasure = ask(cast)
    assert erasure.status == Status.REQUESTED and erasure.case_reference == cast.hakobyan.reference
    assert hakobyan(cast).name == "Hakobyan"  # a request erases nothing

    erasures.approve(None, cast.privacy2, erasure, "Checked with the team.")

    erasure.refresh_from_db()
    assert erasure.status == Status.CARRIED_OUT
    assert (erasure.decided_by, erasure.decision_note) == (cast.privacy2, "Checked with the team.")
    assert erasure.erased_rows["cases.Person"] == cast.hakobyan.members.count()
    family = hakobyan(cast)
    assert family.name == privacy.ERASED_NAME and family.erased_at is not None
    assert Person.objects.get(pk=cast.narek.pk).given_name == privacy.ERASED_NAME
    assert family.country_of_return == "AM"  # the pseudonymised figures stay


def test_every_step_is_an_attributable_audit_event_and_the_chain_stays_intact(cast):
    erasure = ask(cast)
    erasures.approve(None, cast.privacy2, erasure)
    events = AuditEvent.objects.filter(family_id=cast.hakobyan.pk).order_by("pk")
    steps = [
        (e.action, e.actor_username) for e in events if "erasure" in e.detail or e.action == "erase"
    ]
    assert steps == [("create", "privacy"), ("erase", "privacy2"), ("change", "privacy2")]
    erased = events.get(action="erase")
    assert (
        erased.detail.startswith(f"on request #{erasure.pk}: ") and "cases.Person" in erased.detail
    )
    assert REASON not in "".join(events.values_list("detail", flat=True))  # reasons stay out
    assert_chain_intact()


def test_the_requester_cannot_approve_or_reject_their_own_request(cast):
    erasure = ask(cast)
    with pytest.raises(erasures.ErasureRefused, match="another privacy officer"):
        erasures.approve(None, cast.privacy, erasure)
    with pytest.raises(erasures.ErasureRefused, match="another privacy officer"):
        erasures.reject(None, cast.privacy, erasure, "Changed my mind about it")
    erasure.refresh_from_db()
    assert erasure.status == Status.REQUESTED and hakobyan(cast).name == "Hakobyan"
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_a_rejection_leaves_the_data_and_says_why(cast):
    erasure = ask(cast)
    with pytest.raises(erasures.ErasureRefused, match="Say why"):
        erasures.reject(None, cast.privacy2, erasure, "")
    erasures.reject(None, cast.privacy2, erasure, "Legal obligation: return procedure pending.")
    erasure.refresh_from_db()
    assert erasure.status == Status.REJECTED and erasure.decided_by == cast.privacy2
    assert hakobyan(cast).name == "Hakobyan" and hakobyan(cast).erased_at is None
    assert AuditEvent.objects.filter(action="change", detail=f"erasure #{erasure.pk} rejected")
    with pytest.raises(erasures.ErasureRefused, match="already been decided"):
        erasures.approve(None, cast.privacy2, erasure)
    assert_chain_intact()


def test_a_case_has_one_open_request_at_a_time(cast):
    first = ask(cast)
    with pytest.raises(erasures.ErasureRefused, match="already has an erasure request"):
        ask(cast, cast.privacy2)
    erasures.reject(None, cast.privacy2, first, "Wrong family, the request was for another.")
    assert ask(cast, cast.privacy2).is_open  # after a decision a new request may follow


def test_an_erased_case_cannot_be_erased_again(cast):
    erasures.approve(None, cast.privacy2, ask(cast))
    with pytest.raises(erasures.ErasureRefused, match="already been erased"):
        ask(cast)


def test_a_consent_in_force_must_be_withdrawn_first(cast):
    give_consent(cast)
    with pytest.raises(erasures.ErasureRefused, match="withdrawal"):
        ask(cast)
    assert not ErasureRequest.objects.exists()


def test_a_consent_given_after_the_request_stops_the_approval(cast):
    erasure = ask(cast)
    give_consent(cast, purpose="handover")
    with pytest.raises(erasures.ErasureRefused, match="withdrawal"):
        erasures.approve(None, cast.privacy2, erasure)
    assert hakobyan(cast).name == "Hakobyan"


def test_an_expired_consent_does_not_stop_the_erasure(cast):
    give_consent(cast, expires_on=cast.hakobyan.created_at.date() - timedelta(days=1))
    ask(cast)


def test_only_privacy_officers_of_an_organisation_on_the_case_may_ask_or_decide(cast):
    for user in [cast.privacy_elsewhere, cast.casemanager, cast.orgadmin, cast.teamlead]:
        with pytest.raises(erasures.ErasureRefused, match="Only a privacy officer"):
            ask(cast, user)
    erasure = ask(cast)
    with pytest.raises(erasures.ErasureRefused, match="Only a privacy officer"):
        erasures.approve(None, cast.privacy_elsewhere, erasure)
    with pytest.raises(erasures.ErasureRefused, match="Only a privacy officer"):
        erasures.approve(None, cast.teamlead, erasure)


def test_when_the_erasure_fails_nothing_changes(cast, monkeypatch):
    erasure = ask(cast)
    events_before = AuditEvent.objects.count()

    def broken(rows, name):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "_keep_birth_year", broken)
    with pytest.raises(RuntimeError):
        erasures.approve(None, cast.privacy2, erasure)
    erasure.refresh_from_db()
    assert erasure.status == Status.REQUESTED and erasure.decided_by is None
    assert hakobyan(cast).name == "Hakobyan" and hakobyan(cast).erased_at is None
    assert AuditEvent.objects.count() == events_before
    assert_chain_intact()


def test_the_erasure_empties_the_consent_ledger_text_and_keeps_the_decisions(cast):
    """The consent ledger is append-only, but erasure is allowed to empty its personal text."""
    entry = give_consent(cast, expires_on=cast.hakobyan.created_at.date())
    retention.erase_family(hakobyan(cast))
    entry = ConsentEntry.objects.get(pk=entry.pk)
    assert entry.scope == "" and entry.decision == "given" and entry.purpose == "monitoring"


def test_a_record_kind_that_no_longer_exists_is_shown_by_its_label():
    assert erasures.rows_for_display({"cases.Person": 2, "gone.Model": 1}) == [
        ("household members", 2),
        ("gone.Model", 1),
    ]


def test_the_preview_counts_what_will_be_erased_and_changes_nothing(cast):
    rows = dict(erasures.preview(cast.hakobyan))
    assert rows["household members"] == cast.hakobyan.members.count()
    assert hakobyan(cast).name == "Hakobyan"
    assert not AuditEvent.objects.filter(action="erase").exists()


# Pages ---------------------------------------------------------------------------------------


def new_request_page(client, case="", reason=REASON):
    return client.post(reverse("audit:erasure_new"), {"case": case, "reason": reason})


def test_a_privacy_officer_requests_erasure_by_case_number(client, cast):
    login(client, cast.privacy)
    assert client.get(reverse("audit:erasure_new")).status_code == 200
    response = new_request_page(client, case=cast.hakobyan.reference)
    erasure = ErasureRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "audit:erasure", args=[erasure.pk]
    )
    assert (erasure.requested_by, erasure.reason) == (cast.privacy, REASON)


@pytest.mark.parametrize(
    "case, reason, message",
    [
        ("", REASON, "This field is required"),
        ("KKT-12x", REASON, "Enter a case number such as KKT-000012."),
        ("999999", REASON, "There is no case with this number among your organisation"),
        ("Hakobyan", REASON, "Enter a case number"),
        ("HAKOBYAN", "Mother asked", "at least 30 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, cast, case, reason, message
):
    login(client, cast.privacy)
    case = cast.hakobyan.reference if case == "HAKOBYAN" else case
    response = new_request_page(client, case=case, reason=reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_case_of_another_organisation_is_refused_without_saying_it_exists(client, cast):
    login(client, cast.privacy)
    response = new_request_page(client, case=cast.petrosyan.reference)
    assert (
        response.status_code == 400
        and "There is no case with this number" in response.content.decode()
    )
    assert AuditEvent.objects.filter(
        action="denied", actor_id=cast.privacy.pk, family_id=cast.petrosyan.pk
    )
    assert not ErasureRequest.objects.exists()


def test_the_page_refuses_a_second_open_request_with_the_rule_s_message(client, cast):
    ask(cast)
    login(client, cast.privacy2)
    response = new_request_page(client, case=cast.hakobyan.reference)
    assert response.status_code == 400
    assert "already has an erasure request" in response.content.decode()


def test_the_requester_sees_no_approve_button_and_the_server_refuses(client, cast):
    erasure = ask(cast)
    login(client, cast.privacy)
    url = reverse("audit:erasure", args=[erasure.pk])
    page = client.get(url).content.decode()
    assert "Approve and erase now" not in page and 'value="reject"' not in page
    assert "another privacy officer must decide" in page
    assert "Household members" in page  # what will be erased is shown to the requester too

    response = client.post(url, {"decision": "approve", "confirm": "on"})
    assert response.status_code == 403
    assert "another privacy officer must decide" in response.content.decode()
    assert hakobyan(cast).name == "Hakobyan"
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.privacy.pk)


def test_the_second_privacy_officer_sees_what_will_be_erased_and_approves(client, cast):
    erasure = ask(cast)
    login(client, cast.privacy2)
    url = reverse("audit:erasure", args=[erasure.pk])
    page = client.get(url).content.decode()
    assert "Approve and erase now" in page and "What will be erased" in page
    assert "Hakobyan" in page and REASON in page
    assert AuditEvent.objects.filter(
        action="view", actor_id=cast.privacy2.pk, family_id=cast.hakobyan.pk
    )

    response = client.post(url, {"decision": "approve"})  # not confirmed
    assert response.status_code == 400 and "Confirm that you checked" in response.content.decode()
    assert hakobyan(cast).name == "Hakobyan"

    response = client.post(url, {"decision": "approve", "confirm": "on", "note": "Checked."})
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == Status.CARRIED_OUT and hakobyan(cast).name == privacy.ERASED_NAME
    page = client.get(url).content.decode()
    assert "What was erased" in page and "approved and carried out" in page
    assert "Approve and erase now" not in page
    assert_chain_intact()


def test_the_second_privacy_officer_rejects_with_a_note(client, cast):
    erasure = ask(cast)
    login(client, cast.privacy2)
    url = reverse("audit:erasure", args=[erasure.pk])
    response = client.post(url, {"decision": "reject"})
    assert response.status_code == 400 and "Say why you reject" in response.content.decode()
    response = client.post(url, {"decision": "reject", "note": "Return procedure still running."})
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == Status.REJECTED and hakobyan(cast).name == "Hakobyan"


def test_a_consent_in_force_hides_the_approval_and_says_why(client, cast):
    erasure = ask(cast)
    give_consent(cast)
    login(client, cast.privacy2)
    url = reverse("audit:erasure", args=[erasure.pk])
    page = client.get(url).content.decode()
    assert "cannot be erased now" in page and "Approve and erase now" not in page
    assert 'value="reject"' in page
    response = client.post(url, {"decision": "approve", "confirm": "on"})
    assert response.status_code == 400 and "withdrawal" in response.content.decode()
    assert hakobyan(cast).name == "Hakobyan"


def test_a_privacy_officer_of_another_organisation_does_not_see_the_request(client, cast):
    erasure = ask(cast)
    login(client, cast.privacy_elsewhere)
    assert client.get(reverse("audit:erasure", args=[erasure.pk])).status_code == 404
    post = client.post(reverse("audit:erasure", args=[erasure.pk]), {"decision": "approve"})
    assert post.status_code == 404
    assert cast.hakobyan.reference not in client.get(reverse("audit:erasures")).content.decode()


@pytest.mark.parametrize("who", ["casemanager", "teamlead", "orgadmin", "partner", "lawyer"])
def test_other_roles_cannot_open_the_erasure_pages(client, cast, who):
    erasure = ask(cast)
    login(client, cast.users[who])
    for url in [
        reverse("audit:erasures"),
        reverse("audit:erasure_new"),
        reverse("audit:erasure", args=[erasure.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("audit:erasure", args=[erasure.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert hakobyan(cast).name == "Hakobyan"


def test_the_list_shows_open_requests_first(client, cast):
    karimi = make_family(cast.casemanager, "Karimi")
    waiting = erasures.request_erasure(None, cast.privacy, karimi, REASON)  # the older one
    rejected = ask(cast)
    erasures.reject(None, cast.privacy2, rejected, "Not the family who asked.")
    login(client, cast.privacy)
    page = client.get(reverse("audit:erasures")).content.decode()
    first, second = (f'href="{reverse("audit:erasure", args=[e.pk])}"' for e in (waiting, rejected))
    assert page.index(first) < page.index(second)
    assert "waiting for a second privacy officer" in page


# Demo ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_a_waiting_request_that_the_second_privacy_officer_may_decide():
    from django.contrib.auth import get_user_model

    from kaketoe.cases import access, demo

    demo.load()
    demo.load()  # idempotent
    erasure = ErasureRequest.objects.get()
    users = get_user_model().objects.in_bulk(["privacy", "privacy2"], field_name="username")
    assert erasure.family.name == "Al-Sayed" and erasure.requested_by == users["privacy"]
    assert access.can_approve_erasure(users["privacy2"], erasure)
    assert not access.can_approve_erasure(users["privacy"], erasure)


def test_the_approval_page_speaks_dutch(client, cast):
    from django.conf import settings

    erasure = ask(cast)
    login(client, cast.privacy2)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(reverse("audit:erasure", args=[erasure.pk])).content.decode()
    assert "Goedkeuren en nu wissen" in page and "Wat er gewist wordt" in page
    assert "Approve and erase now" not in page


def test_the_erasure_removes_the_scans_of_consent_forms_with_their_files(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    from kaketoe import uploads
    from kaketoe.consent import services as consent
    from kaketoe.consent.tests.files import pdf

    settings.KAKETOE_UPLOAD_DIR = tmp_path / "uploads"
    entry = give_consent(cast, expires_on=cast.hakobyan.created_at.date() - timedelta(days=1))
    consent.attach_scan(None, cast.counsellor, entry, uploads.check(pdf(), "signed.pdf"))
    erasure = ask(cast)
    assert ("scans of consent forms", 1) in erasures.preview(cast.hakobyan)
    with django_capture_on_commit_callbacks(execute=True):
        erasures.approve(None, cast.privacy2, erasure)
    assert not entry.scans.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
    erasure.refresh_from_db()
    assert erasure.erased_rows["consent.ConsentScan"] == 1
