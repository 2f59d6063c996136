"""Every page of Kaketoe, requested by every kind of user, against one explicit table.

The URL patterns are discovered from the resolver, so a new page cannot escape: a URL name that
is missing from EXPECTED fails, and so does a table entry whose page no longer exists.

Anonymous visitors of a non-public page are sent to the login page; a logged-in user who may not
use a page gets a 404 (no hint that the case exists), and that refusal is audited.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.testing import CAST_ROLES, login, make_cast, today

USERS = frozenset(CAST_ROLES)  # every named user of the cast, all logged in with two factors
EVERYONE = USERS | {"anonymous"}
TEAM_READERS = frozenset(
    {"regievoerder", "casemanager", "counsellor", "lawyer", "teacher", "careworker", "teamlead"}
)
TEAM_EDITORS = TEAM_READERS - {"teacher"}
SIGNERS = frozenset({"regievoerder", "careworker"})  # may make a best-interests assessment final
# Return authority and return organisation; and a team lead of the organisation's own cases.
COHORT = frozenset({"regievoerder", "counsellor", "teamlead"})
CASE_OPENERS = frozenset(
    {"regievoerder", "casemanager", "counsellor", "teamlead", "outsider", "other_org"}
)
# Break-glass (cases/access.py): Dutch organisations' regievoerder, case manager, counsellor and
# care worker roles; the page itself shows a form, access to a case needs a reason.
BREAK_GLASS = frozenset(
    {"regievoerder", "casemanager", "counsellor", "careworker", "teamlead", "outsider", "other_org"}
)

# url name -> who may use it. "teamlead" reaches Hakobyan through their grant, not the team.
EXPECTED: dict[str, frozenset[str]] = {
    "health": EVERYONE,
    "accounts:login": EVERYONE,
    "accounts:login_code": EVERYONE,
    "accounts:set_language": EVERYONE,
    "accounts:password_reset": EVERYONE,
    "accounts:password_reset_sent": EVERYONE,
    "accounts:password_reset_confirm": EVERYONE,
    "accounts:password_reset_done": EVERYONE,
    "accounts:activate": EVERYONE,  # the one-use link of a new colleague (issue 15, M1)
    "accounts:logout": USERS,
    "accounts:logout_everywhere": USERS,
    "accounts:password": USERS,
    "accounts:api_tokens": USERS,  # one's own API tokens
    "accounts:recovery_codes": USERS,  # one's own recovery codes for the second factor
    "cases:emergency_access": BREAK_GLASS,
    "audit:break_glass": frozenset({"privacy"}),
    "audit:processing": frozenset({"privacy"}),
    "accounts:organisation": frozenset({"orgadmin"}),
    "accounts:unlock": frozenset({"orgadmin"}),
    "accounts:member": frozenset({"orgadmin"}),
    "accounts:deactivate": frozenset({"orgadmin"}),
    "accounts:reactivate": frozenset({"orgadmin"}),
    "accounts:reset_authenticator": frozenset({"orgadmin"}),
    "accounts:send_link": frozenset({"orgadmin"}),
    "accounts:organisation_settings": frozenset({"orgadmin"}),
    # Grants waiting for a second person: privacy officers and administrators of the
    # organisation, never the one who asked (a_grant: asked by another administrator).
    "accounts:grants": frozenset({"privacy", "orgadmin"}),
    "accounts:grant_decide": frozenset({"privacy", "orgadmin"}),
    "audit:log": frozenset({"privacy"}),
    # Erasure on request (GDPR art. 17): privacy officers of an organisation on the case; the
    # request in IDS was made by another privacy officer, so `privacy` may decide on it.
    "audit:erasures": frozenset({"privacy"}),
    "audit:erasure_new": frozenset({"privacy"}),
    "audit:erasure": frozenset({"privacy"}),
    "cases:caseload": USERS,
    "cases:team_overview": frozenset({"teamlead"}),  # the team lead's start page (issue 17 §3)
    "cases:family_create": CASE_OPENERS,
    "cases:family": TEAM_READERS,
    "cases:family_edit": TEAM_EDITORS,
    # The route map derived from the evidence (cases/route_map.py): read by the team, notes
    # and marks by those who change the case.
    "cases:route": TEAM_READERS,
    "cases:route_note": TEAM_EDITORS,
    "cases:route_mark": TEAM_EDITORS,
    "cases:route_unmark": TEAM_EDITORS,
    "cases:person_add": TEAM_EDITORS,
    "cases:person_edit": TEAM_EDITORS,
    "cases:team_add": TEAM_EDITORS,
    "cases:team_remove": TEAM_EDITORS,  # a confirmation page with a reason (issue 17 §1)
    "cases:team_restore": TEAM_EDITORS,
    "assessments:preconditions": TEAM_READERS,
    "assessments:preconditions_area": TEAM_READERS,
    "assessments:factors": TEAM_READERS,
    "assessments:factors_pdf": TEAM_READERS,
    "assessments:factor_add": TEAM_EDITORS,
    "assessments:factor_withdraw": TEAM_EDITORS,
    "assessments:measure_add": TEAM_EDITORS,
    "assessments:best_interests": TEAM_READERS,
    "assessments:best_interests_finalise": SIGNERS,
    "assessments:best_interests_reopen": SIGNERS,
    "assessments:safety": TEAM_READERS,
    "consent:consent_new": TEAM_EDITORS,
    "consent:consent_withdraw": TEAM_EDITORS,
    "consent:handover": TEAM_EDITORS,
    "consent:scan_new": TEAM_EDITORS,
    "consent:scan_download": TEAM_READERS,
    "guidance:child": TEAM_READERS,
    "guidance:signal_add": TEAM_EDITORS | {"teacher"},  # the school's part (issue 14 §4)
    "guidance:grief_add": TEAM_EDITORS,
    "guidance:school_handover": TEAM_READERS,
    "guidance:school_handover_pdf": TEAM_READERS,
    "guidance:parents": TEAM_READERS,
    "guidance:brochure": USERS,
    "guidance:brochure_pdf": USERS,
    "guidance:culture": USERS,
    "toolkit:child": TEAM_READERS,
    "toolkit:prepare": TEAM_READERS,
    "toolkit:start": TEAM_EDITORS,
    "toolkit:session": TEAM_READERS,
    "toolkit:answer_plan": TEAM_EDITORS,
    "toolkit:drawing": TEAM_READERS,
    "toolkit:farewell": TEAM_READERS,
    "toolkit:farewell_consent": TEAM_EDITORS,
    # The child's own take-home booklet: only for the professional who held a session with the
    # child (the counsellor here); the team's PDF holds only what the child shared with it.
    "toolkit:booklet_pdf": frozenset({"counsellor"}),
    "toolkit:shared_pdf": TEAM_READERS,
    "toolkit:answer_sharing": frozenset({"counsellor"}),
    # Child mode: the professional's browser, locked to one child session (edit rights).
    # Without the lock on this browser the pages send a team member to the session record.
    "toolkit:child_home": TEAM_EDITORS,
    "toolkit:child_language": TEAM_EDITORS,
    "toolkit:child_part": TEAM_EDITORS,
    "toolkit:child_sticker": TEAM_EDITORS,
    "toolkit:child_question": TEAM_EDITORS,
    "toolkit:child_deck": TEAM_EDITORS,
    "toolkit:child_draw_card": TEAM_EDITORS,
    "toolkit:child_card": TEAM_EDITORS,
    "toolkit:child_plan": TEAM_EDITORS,
    "toolkit:child_farewell": TEAM_EDITORS,
    "toolkit:child_unlock": TEAM_EDITORS,
    "toolkit:child_drawing": TEAM_EDITORS,
    "toolkit:child_share": TEAM_EDITORS,
    "toolkit:child_info": TEAM_EDITORS,
    "toolkit:child_info_booklet": TEAM_EDITORS,
    # The partner abroad may also start and hold part-D sessions (access.can_hold_part_d_session)
    # once the family is handed over to it; this cast has no handover, so the partner sees none of
    # these pages here. toolkit/tests/test_part_d.py covers the partner after a handover.
    "plans:plan": TEAM_READERS,
    "plans:item_add": TEAM_EDITORS,
    "plans:item_edit": TEAM_EDITORS,
    "plans:item_from_precondition": TEAM_EDITORS,
    "plans:attention": TEAM_READERS,
    "plans:history": TEAM_READERS,
    "plans:pdf": TEAM_READERS,
    "plans:family_plan": TEAM_READERS,
    "plans:family_plan_pdf": TEAM_READERS,
    "plans:who_does_what": TEAM_READERS,
    "plans:network": TEAM_READERS,
    "plans:network_trust": TEAM_EDITORS,
    "plans:meetings": TEAM_READERS,
    "plans:meeting_add": TEAM_EDITORS,
    "plans:meeting": TEAM_READERS,
    "plans:decision_add": TEAM_EDITORS,
    "plans:voices": TEAM_READERS,
    "plans:voice_edit": TEAM_EDITORS,
    # Monitoring after return: the partner abroad would join the readers and editors only
    # through a consented handover, which Hakobyan does not have in the cast.
    "monitoring:families": USERS,
    "monitoring:due": USERS,
    "monitoring:cohort": COHORT,
    "monitoring:cohort_csv": COHORT,
    "monitoring:cohort_xlsx": COHORT,
    "monitoring:family": TEAM_READERS,
    "monitoring:work_done": TEAM_EDITORS,
    "monitoring:visit_add": TEAM_EDITORS,
    "monitoring:visit": TEAM_READERS,
    "monitoring:trend": TEAM_READERS,
    "monitoring:alert": TEAM_READERS,
    "monitoring:report_add": TEAM_EDITORS,
    "monitoring:report": TEAM_READERS,
    "monitoring:report_pdf": TEAM_READERS,
    "plans:voice_from_answer": TEAM_EDITORS,
    # File exchange (issue 7): the complete file for those who may change the case; monitoring
    # data of the families each user may see (none for some); the import for the org admin.
    "exchange:family_json": TEAM_EDITORS,
    "exchange:family_pdf": TEAM_EDITORS,
    "exchange:monitoring_csv": USERS,
    "exchange:monitoring_xlsx": USERS,
    "exchange:import_families": frozenset({"orgadmin"}),
}
# Pages that show on GET but change the case on POST.
EXPECTED_POST = {
    "monitoring:alert": TEAM_EDITORS,
    "assessments:preconditions_area": TEAM_EDITORS,
    "assessments:best_interests": TEAM_EDITORS,
    "assessments:safety": TEAM_EDITORS,
    "toolkit:session": TEAM_EDITORS,
    "toolkit:farewell": TEAM_EDITORS,
    "plans:attention": TEAM_EDITORS,
    "plans:meeting": TEAM_EDITORS,
    "plans:voices": TEAM_EDITORS,
    "guidance:school_handover": TEAM_EDITORS | {"teacher"},
    "guidance:parents": TEAM_EDITORS,
}
PUBLIC = {
    "health",
    "accounts:login",
    "accounts:login_code",
    "accounts:set_language",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_done",
    "accounts:activate",
}
# Pages that only show something: a POST is refused with 405 (tested below).
GET_ONLY = {"accounts:password_reset_sent", "accounts:password_reset_done"}
POST_ONLY = {
    "monitoring:work_done",
    "accounts:logout",
    "accounts:logout_everywhere",
    "accounts:set_language",
    "accounts:unlock",
    "accounts:deactivate",
    "accounts:reactivate",
    "accounts:reset_authenticator",
    "accounts:send_link",
    "accounts:grant_decide",
    "cases:team_restore",
    "cases:route_note",
    "cases:route_mark",
    "cases:route_unmark",
    "assessments:factor_add",
    "assessments:factor_withdraw",
    "assessments:measure_add",
    "assessments:best_interests_finalise",
    "assessments:best_interests_reopen",
    "toolkit:start",
    "toolkit:answer_plan",
    "toolkit:answer_sharing",
    "toolkit:farewell_consent",
    "toolkit:child_language",
    "toolkit:child_sticker",
    "toolkit:child_draw_card",
    "plans:item_from_precondition",
    "plans:network_trust",
    "plans:decision_add",
    "guidance:signal_add",
    "guidance:grief_add",
}


def discover(patterns=None, namespace="", params=()):
    """(url name, names of its URL parameters) for every pattern, walking includes."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        own = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += discover(entry.url_patterns, inner, params + own)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"
            found.append((name, params + own))
    return found


# The REST API answers 401 instead of a login redirect: its own matrix is
# api/tests/test_access_matrix.py, against the same cast and the same access module.
URLS = {name: params for name, params in discover() if not name.startswith("api:")}
LOGIN_URL = reverse("accounts:login")


def a_precondition_area(cast):
    from kaketoe.assessments import instruments
    from kaketoe.catalogues import loader

    return instruments.areas(loader.load(instruments.PRECONDITIONS))[0]["code"]


def a_factor_of_narek(cast):
    from kaketoe.assessments.models import ChildFactor

    return ChildFactor.objects.create(
        child=cast.narek,
        catalogue_version="test",
        level="child",
        phase="before",
        kind=ChildFactor.Kind.values[0],
        free_text="test factor",
    ).pk


def a_handover_consent(cast):
    from kaketoe.cases.models import Person
    from kaketoe.consent.models import ConsentEntry

    parent = Person.objects.create(
        family=cast.hakobyan, relation="parent", given_name="Armen", family_name="Hakobyan"
    )
    return ConsentEntry.objects.create(
        family=cast.hakobyan,
        purpose="handover",
        organisation=cast.partner.membership.organisation,
        decision="given",
        given_by=parent,
        how="signed_form",
        recorded_on=cast.hakobyan.created_at.date(),
        recorded_by=cast.casemanager,
    ).pk


def a_consent_scan(cast):
    from kaketoe import uploads
    from kaketoe.consent import services
    from kaketoe.consent.models import ConsentEntry
    from kaketoe.consent.tests.files import png

    entry = ConsentEntry.objects.get(pk=a_handover_consent(cast))
    return services.attach_scan(None, cast.casemanager, entry, uploads.check(png())).pk


def a_toolkit_session_of_narek(cast):
    from kaketoe.toolkit.models import ChildSession

    return ChildSession.objects.create(
        family=cast.hakobyan,
        child=cast.narek,
        kit="cards",
        catalogue_version="2026.1",
        started_by=cast.counsellor,
    ).pk


def a_drawing_of_narek(cast):
    """A drawing Narek shared with the team (who sees what the child keeps private is
    toolkit/tests/test_answer_visibility.py)."""
    from kaketoe.toolkit.models import Answer, ChildSession
    from kaketoe.toolkit.rules import PNG_MAGIC

    return Answer.objects.create(
        session=ChildSession.objects.get(pk=a_toolkit_session_of_narek(cast)),
        family=cast.hakobyan,
        child=cast.narek,
        question_code="BOOK-A-3",
        kind="draw",
        drawing=PNG_MAGIC,
        language="nl",
        shared_with="team",
    ).pk


def a_plan_item(cast):
    from kaketoe.plans import services

    return services.add_item(None, cast.casemanager, cast.hakobyan, domain="housing", what="x").pk


def a_meeting(cast):
    from kaketoe.plans import services

    held_on = cast.hakobyan.created_at.date()
    meeting = services.add_meeting(
        None, cast.casemanager, cast.hakobyan, kind="team", held_on=held_on
    )
    return meeting.pk


def a_voice_of_narek(cast):
    from kaketoe.plans import services

    return services.add_voice(None, cast.casemanager, cast.narek, said="Mijn voetbal").pk


def a_monitoring_visit_of_narek(cast):
    from kaketoe.monitoring import services

    ratings = [{"domain": "housing", "level": "unsatisfactory"}]
    visit = services.record_visit(None, cast.casemanager, cast.narek, 6, today(), ratings)
    return visit


def a_scheduled_contact(cast):
    from kaketoe.monitoring.models import ScheduledWork

    work = ScheduledWork.objects.create(
        family=cast.hakobyan, kind="first_contact", opens_on=today(), due_on=today()
    )
    return work.pk


def a_progress_report(cast):
    from kaketoe.monitoring import services

    report = services.record_progress_report(
        None, cast.casemanager, cast.hakobyan, reported_on=today(), family_view="Goed", lines=[]
    )
    return report.pk


def an_erasure_request(cast):
    from kaketoe.accounts.models import Role
    from kaketoe.audit import erasure
    from kaketoe.testing import make_user

    colleague = make_user("privacy_colleague", Role.PRIVACY_OFFICER, cast.organisations["coa"])
    reason = "The father asked by letter of 2 March to erase the family's data."
    return erasure.request_erasure(None, colleague, cast.hakobyan, reason).pk


def a_grant(cast):
    from kaketoe.accounts.models import Grant, Role
    from kaketoe.testing import make_user

    second_admin = make_user("second_admin", Role.ORG_ADMIN, cast.organisations["coa"])
    membership = cast.outsider.membership
    return Grant.objects.create(
        organisation=membership.organisation,
        user=cast.outsider,
        kind=Grant.Kind.ROLE,
        role=membership.role,
        sees_all_organisation_cases=True,
        requested_by=second_admin,
    ).pk


# URL parameter -> the id (or value) of a real object of the cast, made only when needed.
IDS = {
    "pk": lambda cast: cast.hakobyan.pk,
    "person_pk": lambda cast: cast.narek.pk,
    "child_pk": lambda cast: cast.narek.pk,
    "member_pk": lambda cast: cast.grandmother.pk,
    "area": a_precondition_area,
    "factor_pk": a_factor_of_narek,
    "entry_pk": a_handover_consent,
    "scan_pk": a_consent_scan,
    "session_pk": a_toolkit_session_of_narek,
    "answer_pk": a_drawing_of_narek,
    "part_code": lambda cast: "A",
    "step": lambda cast: "1A",
    "deck_code": lambda cast: "A",
    "question_code": lambda cast: "CARD-A-1-1",
    "card_code": lambda cast: "CARD-A-1",
    "page_code": lambda cast: "INFO-WHY",
    "item_pk": a_plan_item,
    "meeting_pk": a_meeting,
    "voice_pk": a_voice_of_narek,
    "work_pk": a_scheduled_contact,
    "visit_pk": lambda cast: a_monitoring_visit_of_narek(cast).pk,
    "alert_pk": lambda cast: a_monitoring_visit_of_narek(cast).alerts.get().pk,
    "report_pk": a_progress_report,
    "erasure_pk": an_erasure_request,
    "grant_pk": a_grant,
}


def a_wish_of_narek(cast):
    from kaketoe.toolkit.models import Answer

    answer = Answer.objects.get(pk=a_drawing_of_narek(cast))
    answer.for_return_plan = True
    answer.save()
    return answer.pk


def the_grandmother_removed(cast):
    from kaketoe.cases import services

    services.leave_team(None, cast.casemanager, cast.grandmother, "She moved abroad.")
    return cast.grandmother.pk


def narek_after_a_session_with_the_counsellor(cast):
    a_toolkit_session_of_narek(cast)
    return cast.narek.pk


IDS_PER_PAGE = {
    "accounts:password_reset_confirm": {
        "uidb64": lambda cast: "MQ",
        "token": lambda cast: "a-token-that-is-not-valid",
    },
    "accounts:activate": {"uidb64": lambda cast: "MQ", "token": lambda cast: "not-valid"},
    "accounts:unlock": {"pk": lambda cast: cast.outsider.membership.pk},
    "accounts:member": {"pk": lambda cast: cast.outsider.membership.pk},
    "accounts:deactivate": {"pk": lambda cast: cast.outsider.membership.pk},
    "accounts:reactivate": {"pk": lambda cast: cast.outsider.membership.pk},
    "accounts:reset_authenticator": {"pk": lambda cast: cast.outsider.membership.pk},
    "accounts:send_link": {"pk": lambda cast: cast.outsider.membership.pk},
    "plans:voice_from_answer": {"answer_pk": a_wish_of_narek},
    "cases:team_restore": {"member_pk": the_grandmother_removed},
    "toolkit:booklet_pdf": {"child_pk": narek_after_a_session_with_the_counsellor},
}


def url_for(name, params, cast):
    ids = {**IDS, **IDS_PER_PAGE.get(name, {})}
    missing = [p for p in params if p not in ids]
    assert not missing, f"{name}: tell IDS which object to use for {missing}"
    return reverse(name, kwargs={p: ids[p](cast) for p in params})


def sent_to_login(response):
    return response.status_code == 302 and response.url.startswith(f"{LOGIN_URL}?next=")


def test_every_page_is_in_the_expected_access_table():
    assert set(URLS) - set(EXPECTED) == set(), "add the new pages to EXPECTED"


def public_pages(patterns=None, namespace=""):
    """Names of the pages whose view is marked @public (reachable without logging in)."""
    found = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found |= public_pages(entry.url_patterns, inner)
        elif getattr(entry.callback, "kaketoe_public", False):
            found.add(f"{namespace}{entry.name}")
    return found


def test_exactly_the_listed_pages_are_public():
    # The API checks its own bearer tokens or sessions (api/tests/test_access_matrix.py).
    assert {name for name in public_pages() if not name.startswith("api:")} == PUBLIC


def test_every_entry_of_the_table_is_a_page_that_exists():
    assert set(EXPECTED) - set(URLS) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_ONLY & set(URLS)))
def test_post_only_pages_refuse_get(client, name):
    cast = make_cast()
    login(client, cast.orgadmin if name == "accounts:unlock" else cast.casemanager)
    assert client.get(url_for(name, URLS[name], cast)).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(GET_ONLY & set(URLS)))
def test_get_only_pages_refuse_post(client, name):
    assert client.post(url_for(name, URLS[name], make_cast())).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(EVERYONE))
@pytest.mark.parametrize("name", sorted(URLS))
def test_page_access_matches_the_table(client, name, who):
    if name not in EXPECTED:
        pytest.fail(f"{name} is not in the expected access table: add it to EXPECTED")
    cast = make_cast()
    if who != "anonymous":
        login(client, cast.users[who])
    url = url_for(name, URLS[name], cast)
    methods = ["post"] if name in POST_ONLY else ["get"] if name in GET_ONLY else ["get", "post"]
    for method in methods:
        response = getattr(client, method)(url)
        allowed = EXPECTED_POST.get(name, EXPECTED[name]) if method == "post" else EXPECTED[name]
        if who in allowed:
            # 400: the page refused the empty form it was sent, which only a user who may use
            # the page gets to see.
            assert response.status_code in (200, 302, 400), (method, response.status_code)
            assert not sent_to_login(response), method
        elif who == "anonymous":
            assert sent_to_login(response), (method, response.status_code)
        else:
            assert response.status_code == 404, (method, response.status_code)
            assert "Hakobyan" not in response.content.decode()
            assert AuditEvent.objects.filter(action="denied", actor_id=cast.users[who].pk).exists()
