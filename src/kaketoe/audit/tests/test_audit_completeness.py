"""Audit completeness: every page that reads or changes case data writes an audit event.

The pages come from the URL matrix's discovery (cases/tests/test_url_matrix.py), so a new page
cannot escape: each must be listed below, either with the audit actions one request to it writes
on the case, or in a set that says why it reads no single case. A page that shows case data
without writing an event fails test_one_request_writes_the_expected_audit_event.
"""

from __future__ import annotations

import pytest

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.tests.test_url_matrix import POST_ONLY, URLS, url_for
from kaketoe.testing import login, make_cast

VIEW, EXPORT, CHANGE, CREATE = {"view"}, {"export"}, {"change"}, {"create"}

# url name -> the actions of which one request (GET, or POST for post-only pages) must write at
# least one event on the case (family_id of the case in the URL).
EXPECTED_AUDIT: dict[str, set[str]] = {
    "cases:family": VIEW,
    "cases:family_edit": VIEW,
    "cases:person_add": VIEW,
    "cases:person_edit": VIEW,
    "cases:team_add": VIEW,
    "cases:team_remove": VIEW,  # the confirmation page names the person and the case
    "cases:team_restore": CHANGE,
    "assessments:preconditions": VIEW,
    "assessments:preconditions_area": VIEW,
    "assessments:factors": VIEW,
    "assessments:factors_pdf": EXPORT,
    "assessments:factor_withdraw": CHANGE,
    "assessments:best_interests": VIEW,
    "assessments:safety": VIEW,
    "consent:consent_new": VIEW,
    "consent:consent_withdraw": VIEW,
    "consent:handover": VIEW,
    "consent:scan_new": VIEW,
    "consent:scan_download": EXPORT,
    "guidance:child": VIEW,
    "guidance:school_handover": VIEW,
    "guidance:school_handover_pdf": EXPORT,
    "guidance:parents": VIEW,
    "toolkit:child": VIEW,
    "toolkit:prepare": VIEW,
    "toolkit:session": VIEW,
    "toolkit:answer_plan": CHANGE,
    "toolkit:drawing": VIEW,
    "toolkit:farewell": VIEW,
    "toolkit:booklet_pdf": EXPORT,
    "toolkit:shared_pdf": EXPORT,
    "cases:route": VIEW,
    "plans:plan": VIEW,
    "plans:item_add": VIEW,
    "plans:item_edit": VIEW,
    "plans:attention": VIEW,
    "plans:history": VIEW,
    "plans:pdf": EXPORT,
    "plans:family_plan": VIEW,
    "plans:family_plan_pdf": EXPORT,
    "plans:who_does_what": VIEW,
    "plans:network": VIEW,
    "plans:meetings": VIEW,
    "plans:meeting_add": VIEW,
    "plans:meeting": VIEW,
    "plans:voices": VIEW,
    "plans:voice_edit": VIEW,
    "plans:voice_from_answer": VIEW,
    "monitoring:family": VIEW,
    "monitoring:visit_add": VIEW,
    "monitoring:visit": VIEW,
    "monitoring:trend": VIEW,
    "monitoring:alert": VIEW,
    "monitoring:report_add": VIEW,
    "monitoring:report": VIEW,
    "monitoring:report_pdf": EXPORT,
    "exchange:family_json": EXPORT,
    "exchange:family_pdf": EXPORT,
    "audit:erasure": VIEW,  # names the case and counts its records
}
# Post-only pages that change a case: an empty form is refused (or changes nothing) and writes
# no change; what a valid post writes is tested with each service.
REFUSED_WHEN_EMPTY = {
    "assessments:factor_add",
    "assessments:measure_add",
    "assessments:best_interests_finalise",
    "assessments:best_interests_reopen",
    "guidance:signal_add",
    "guidance:grief_add",
    "monitoring:work_done",
    "plans:decision_add",
    "plans:item_from_precondition",
    "plans:network_trust",
    "toolkit:start",
    "toolkit:farewell_consent",
    "toolkit:answer_sharing",  # no choice sent: the child's choice stays as it was
    "cases:route_note",  # a note on nothing is refused
    "cases:route_mark",  # a mark without a reason is refused
    "cases:route_unmark",  # no mark to withdraw
    "audit:erasure_new",  # a valid post is audited as "created" on the case (test_erasure)
}
# Child mode: only in a browser locked to one toolkit session; without the lock the pages send
# the professional back to the session record and show nothing (toolkit tests cover the lock).
CHILD_MODE = {name for name in URLS if name.startswith("toolkit:child_")}
# Lists of the user's own cases (names, stage, deadlines; one event linked to every family shown,
# audit/tests/test_listings.py) and pages without case data: not one
# case read. The lists show only what access.visible_families allows.
NO_SINGLE_CASE = {
    "health",
    "accounts:login",
    "accounts:login_code",
    "accounts:password_reset",  # password reset by e-mail link: no case data
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_done",
    "accounts:logout",
    "accounts:logout_everywhere",
    "accounts:password",
    "accounts:api_tokens",  # one's own API tokens; a revocation is audited
    "accounts:set_language",
    "accounts:organisation",
    "accounts:unlock",
    # The administrator's tools and the second person's approval (issue 15, M1): account
    # pages, no case data; every change is audited (accounts/tests/test_grants.py).
    "accounts:member",
    "accounts:deactivate",
    "accounts:reactivate",
    "accounts:reset_authenticator",
    "accounts:send_link",
    "accounts:organisation_settings",
    "accounts:grants",
    "accounts:grant_decide",
    "accounts:recovery_codes",  # one's own recovery codes
    "accounts:activate",  # the one-use activation link
    "audit:log",
    "audit:break_glass",
    "audit:processing",
    "audit:erasures",  # case numbers and status of erasure requests, no case data
    "cases:caseload",
    "cases:team_overview",  # like the caseload: one listing event linked to the cases shown
    "cases:family_create",
    "cases:emergency_access",
    "guidance:brochure",
    "guidance:brochure_pdf",
    "guidance:culture",
    "monitoring:families",
    "monitoring:due",
    "monitoring:cohort",  # pseudonymised figures
    "monitoring:cohort_csv",
    "monitoring:cohort_xlsx",
    "exchange:monitoring_csv",  # pseudonymised figures, audited as export without a case
    "exchange:monitoring_xlsx",
    "exchange:import_families",  # creates cases; audited per case by the import service
}
SIGNER_PAGES = {"assessments:best_interests_finalise", "assessments:best_interests_reopen"}
# Pages of the privacy officer (erasure on request) are requested as `privacy`.
PRIVACY_PAGES = {"audit:erasure", "audit:erasure_new"}


# The child's own booklet and the child's sharing choice: the professional who held the session.
HOLDER_PAGES = {"toolkit:booklet_pdf", "toolkit:answer_sharing"}


def user_for(name, cast):
    if name in PRIVACY_PAGES:
        return cast.privacy
    if name in HOLDER_PAGES:
        return cast.counsellor
    return cast.regievoerder if name in SIGNER_PAGES else cast.casemanager


CASE_PAGES = sorted(name for name in URLS if name in EXPECTED_AUDIT)


def test_every_page_is_classified_for_the_audit():
    classified = set(EXPECTED_AUDIT) | REFUSED_WHEN_EMPTY | CHILD_MODE | NO_SINGLE_CASE
    assert set(URLS) - classified == set(), "say which audit events these pages write"


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASE_PAGES)
def test_one_request_writes_the_expected_audit_event(client, name):
    cast = make_cast()
    login(client, user_for(name, cast))
    url = url_for(name, URLS[name], cast)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code in (200, 302), response.status_code
    events = AuditEvent.objects.filter(pk__gt=before)
    written = set(events.filter(family_id=cast.hakobyan.pk).values_list("action", flat=True))
    assert written & EXPECTED_AUDIT[name], f"{name} wrote {written or 'no event'} on the case"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REFUSED_WHEN_EMPTY & set(URLS)))
def test_an_empty_post_changes_nothing(client, name):
    cast = make_cast()
    login(client, user_for(name, cast))
    url = url_for(name, URLS[name], cast)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.post(url)
    assert response.status_code in (302, 400)
    changed = AuditEvent.objects.filter(pk__gt=before, action__in=["create", "change"])
    assert not changed.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CHILD_MODE))
def test_child_mode_without_the_lock_shows_nothing(client, name):
    cast = make_cast()
    login(client, cast.casemanager)
    response = client.post(url_for(name, URLS[name], cast))
    assert response.status_code == 302
    assert "Narek" not in response.content.decode()
