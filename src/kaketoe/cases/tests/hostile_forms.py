"""Where test_hostile_input.py posts its hostile values: every page form that takes text or choices.

A builder takes the cast and the hostile value and returns (url, data, fields): valid data for
the form (or `AsShown`: the form as the browser shows it, with some changes) and the fields the
value may replace. A file field's valid data is an `Upload`; the value sent for it is a hostile
file made from the value. A `Target` says who fills the form in and what must exist first
(`setup`).
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse

from kaketoe.cases import services as cases
from kaketoe.cases.models import Person
from kaketoe.testing import today

PIN = "2468"
TINY_PNG = (  # a 1x1 PNG in base64, as the drawing canvas sends it
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)


@dataclass(frozen=True)
class AsShown:
    """The form as the browser shows it (a GET of the same url), with these changes."""

    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Upload:
    """A valid file for a file field. A hostile value sent for the field becomes a hostile file
    (`spoilt`): the value as the file's name, as a path or a huge name, as its content or inside
    it (where `content` says `{value}`, as in a cell of a CSV), or an empty file."""

    name: str
    content: bytes
    valid: str = ""  # what stands for `{value}` in the valid file

    def file(self) -> ContentFile:
        return ContentFile(self._with(self.valid), self.name)

    def spoilt(self, value: str) -> ContentFile:
        """A ContentFile: its name is sent as it is (but for what precedes a "/")."""
        name, huge = value or "\u202e", ((value or "A") * 600)[:600]
        spoilers = [
            (value, self._with(self.valid)),
            (f"..\\..\\..\\{name}\\..\\{self.name}", self._with(self.valid)),
            (f"{huge}.{self.name}", self._with(self.valid)),
            (self.name, value.encode()),
            (self.name, self._with(value)),
            (self.name, b""),
        ]
        name, content = spoilers[zlib.crc32(value.encode()) % len(spoilers)]
        return ContentFile(content, name)

    def _with(self, value: str) -> bytes:
        return self.content.replace(b"{value}", value.encode())


@dataclass(frozen=True)
class Target:
    build: Callable  # (cast, value) -> (url, data or AsShown, field names or name prefixes)
    user: str | None = "casemanager"  # who fills it in; None: nobody is logged in
    setup: Callable | None = None  # (client, cast): once, before the examples
    method: str = "post"  # "get": a search form whose values travel in the query string
    saves: bool = True  # False: strict fields (choices, a PIN) may refuse every hostile value
    done: int | None = None  # the status of an accepted form: by default 302, or 200 for "get"


def parent_of(cast):
    return Person.objects.get_or_create(
        family=cast.hakobyan, relation="parent", given_name="Armen", family_name="Hakobyan"
    )[0]


def _family(name: str, cast, *args) -> str:
    return reverse(name, args=[cast.hakobyan.pk, *args])


def _child(name: str, cast, *args) -> str:
    return reverse(name, args=[cast.hakobyan.pk, cast.narek.pk, *args])


# -- cases ---------------------------------------------------------------------------------------


def new_family(cast, value):
    data = {
        "version": 1,
        "name": "Sargsyan",
        "country_of_return": "AM",
        "parent_given_name": "Lilit",
        "parent_family_name": "Sargsyan",
        "save_despite_duplicates": "on",
    }
    return reverse("cases:family_create"), data, ["name", "place_of_return", "parent_given_name"]


def family_edit(cast, value):
    fields = ("name", "place_of_return", "languages", "interpreter_", "stage")
    return _family("cases:family_edit", cast), AsShown(), fields


def person(cast, value):
    data = {
        "version": 1,
        "relation": "child",
        "given_name": "Ani",
        "family_name": "Hakobyan",
        "date_of_birth": "2016-03-01",
        "sex": "",
    }
    data["save_despite_duplicates"] = "on"
    return reverse("cases:person_add", args=[cast.hakobyan.pk]), data, ["given_name", "languages"]


def person_edit(cast, value):
    shown = AsShown({"save_despite_duplicates": "on"})
    fields = ("given_name", "family_name", "languages", "relation", "sex", "date_of_birth")
    return _family("cases:person_edit", cast, cast.narek.pk), shown, fields


def informal_member(cast, value):
    data = {"kind": "informal", "name": "Siranush", "description": "aunt", "contact": ""}
    url = reverse("cases:team_add", args=[cast.hakobyan.pk])
    return url, data, ["name", "description", "contact"]


def colleague_member(cast, value):
    from kaketoe.cases.forms import ColleagueForm

    free = ColleagueForm(family=cast.hakobyan).fields["user"].queryset.first()
    data = {"kind": "colleague", "user": free.pk if free else "", "description": "interim"}
    return _family("cases:team_add", cast), data, ["description", "user"]


def break_glass(cast, value):
    data = {
        "case": cast.petrosyan.reference,
        "reason": "The child is in hospital and the parents cannot be reached tonight.",
    }
    return reverse("cases:emergency_access"), data, ["reason", "case"]


# -- assessments ---------------------------------------------------------------------------------


def preconditions_note(cast, value):
    from kaketoe.assessments import instruments
    from kaketoe.catalogues import loader

    area = instruments.areas(loader.load(instruments.PRECONDITIONS))[0]["code"]
    return _family("assessments:preconditions_area", cast, area), AsShown(), "note__"


def factor(cast, value):
    from kaketoe.assessments.models import ChildFactor

    data = {
        "code": "",
        "free_text": "Afraid of the dark",
        "level": "child",
        "phase": "post_migration",
        "kind": ChildFactor.Kind.values[0],
        "note": "",
    }
    return _child("assessments:factor_add", cast), data, ["free_text", "note"]


def measure(cast, value):
    data = {"category": "safety", "description": "A night light in the children's room"}
    return _child("assessments:measure_add", cast), data, ["description", "category"]


def best_interests(cast, value):
    fields = ("participants", "child_view", "child_heard_how", "conclusion", "recommendations")
    url = _child("assessments:best_interests", cast)
    return url, AsShown({"conclusion": "Return with the family."}), (*fields, "finding__")


def safety(cast, value):
    data = {
        "assessed_on": today().isoformat(),
        "place": "Armenia, Yerevan",
        "child_risks": "No school place yet for the younger child.",
        "measures": "",
        "source-TOTAL_FORMS": "3",
        "source-INITIAL_FORMS": "0",
        "source-0-title": "UNICEF Child Notice Armenia",
        "source-0-published": "",
        "source-0-link": "",
    }
    fields = ["place", "child_risks", "measures", "source-0-title", "source-0-link"]
    return _family("assessments:safety", cast), data, [*fields, "source-TOTAL_FORMS"]


# -- plans ---------------------------------------------------------------------------------------


def plan_item(cast, value):
    data = {
        "version": 1,
        "child": "",
        "domain": "education",
        "what": "Schoolrapporten vertalen",
        "owner_member": "",
        "owner_organisation": "",
        "timing": "before_departure",
        "months": "",
        "weeks_needed": 2,
        "status": "open",
        "drop_reason": "",
        "source": "other",
        "source_ref": "",
    }
    return reverse("plans:item_add", args=[cast.hakobyan.pk]), data, ["what", "owner_organisation"]


def item_from_precondition(cast, value):
    data = {"code": "B1-LEG-01", "child": cast.narek.pk}
    return _family("plans:item_from_precondition", cast), data, ["code", "child"]


def attention(cast, value):
    return _family("plans:attention", cast), AsShown(), ("evidence__", "ticked__")


def child_voice(cast, value):
    shown = AsShown({"said": "I want to take my bike.", "heard_how": "kindgesprek"})
    fields = ("said", "heard_how", "because", "taken_into_account", "answered_by")
    return _child("plans:voices", cast), shown, fields


def meeting(cast, value):
    shown = AsShown({"kind": "team", "minutes": "Talked about school."})
    fields = ("minutes", "kind", "participants", "agenda", "held_on")
    return _family("plans:meeting_add", cast), shown, fields


def decision(cast, value):
    from kaketoe.plans import services as plans

    meeting = cast.hakobyan.meetings.first() or plans.add_meeting(
        None, cast.casemanager, cast.hakobyan, kind="team", held_on=today(), minutes=""
    )
    data = {
        "decision-child": "",
        "decision-domain": "education",
        "decision-what": "Arrange an interpreter for the school visit",
        "decision-owner_member": "",
        "decision-owner_organisation": "COA",
        "decision-timing": "before_departure",
        "decision-months": "",
    }
    fields = ["what", "owner_organisation", "domain", "child", "timing", "months"]
    url = _family("plans:decision_add", cast, meeting.pk)
    return url, data, [f"decision-{name}" for name in fields]


def network_trust(cast, value):
    url = _family("plans:network_trust", cast, cast.grandmother.pk)
    return url, {"trusted": "1"}, ["trusted"]


# -- guidance ------------------------------------------------------------------------------------


def signal(cast, value):
    data = {
        "code": "",
        "free_text": "Sleeps badly since the news",
        "observed_on": today().isoformat(),
        "observed_by": "teacher",
        "context": "",
    }
    fields = ["free_text", "observed_by", "context", "code", "observed_on"]
    return _child("guidance:signal_add", cast), data, fields


def grief_note(cast, value):
    data = {"noted_on": today().isoformat(), "phase": "adapt", "reaction": "", "note": ""}
    return _child("guidance:grief_add", cast), data, ["note", "phase", "reaction", "noted_on"]


def school_handover(cast, value):
    fields = ("school_nl", "teacher", "learning_development", "support_needs", "school_abroad")
    shown = AsShown({"school_nl": "De Regenboog"})
    return _child("guidance:school_handover", cast), shown, (*fields, "farewell_on")


def parent_conversation(cast, value):
    data = {
        "held_on": today().isoformat(),
        "parents_present": parent_of(cast).pk,
        "interpreter": "",
        "topics": ["PG-1"],
        "notes": "",
    }
    fields = ["notes", "interpreter", "topics", "parents_present", "held_on"]
    return _family("guidance:parents", cast), data, fields


# -- consent -------------------------------------------------------------------------------------


def _partner_organisation(cast):
    return cast.partner.membership.organisation


def _handover_consent(cast):
    """The parent's consent to hand the case over to the partner abroad (recorded once)."""
    from kaketoe.consent import services as consent
    from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose

    given = cast.hakobyan.consents.filter(decision=Decision.GIVEN).first()
    return given or consent.record_consent(
        None,
        cast.casemanager,
        ConsentEntry(
            family=cast.hakobyan,
            purpose=Purpose.HANDOVER,
            organisation=_partner_organisation(cast),
            decision=Decision.GIVEN,
            given_by=parent_of(cast),
            how=How.SIGNED_FORM,
            recorded_on=today() - timedelta(days=210),
        ),
    )


def consent_scope(cast, value):
    data = {
        "purpose": "handover",
        "organisation": _partner_organisation(cast).pk,
        "scope": "Terugkeerplan",
        "expires_on": "",
        "decision": "given",
        "given_by": parent_of(cast).pk,
        "recorded_on": today().isoformat(),
        "how": "verbal_interpreter",
        "interpreter_language": "Armeens",
        "child_assent": "",
    }
    url = reverse("consent:consent_new", args=[cast.hakobyan.pk])
    return url, data, ["scope", "child_assent", "interpreter_language"]


def consent_withdrawal(cast, value):
    data = {
        "given_by": parent_of(cast).pk,
        "recorded_on": today().isoformat(),
        "how": "verbal_interpreter",
        "interpreter_language": "Armeens",
        "child_assent": "",
    }
    url = _family("consent:consent_withdraw", cast, _handover_consent(cast).pk)
    fields = ["child_assent", "interpreter_language", "how", "given_by", "recorded_on"]
    return url, data, fields


def handover(cast, value):
    _handover_consent(cast)
    data = {"organisation": _partner_organisation(cast).pk}
    return _family("consent:handover", cast), data, ["organisation"]


def consent_scan(cast, value):
    """The scan of the signed form: a PDF with room for the value in a comment before its end."""
    from kaketoe.consent.tests.files import pdf

    content = pdf().replace(b"%%EOF", b"%{value}\n%%EOF", 1)
    data = {"scan": Upload("handtekening.pdf", content, valid="signed")}
    return _family("consent:scan_new", cast, _handover_consent(cast).pk), data, ["scan"]


# -- monitoring (the partner abroad, once the case is handed over) --------------------------------


def handed_over(client, cast):
    """As in monitoring/tests/conftest.py: consent, handover, departed 200 days ago."""
    from kaketoe.consent import services as consent

    _handover_consent(cast)
    consent.hand_over(None, cast.counsellor, cast.hakobyan, _partner_organisation(cast))
    family = cast.hakobyan
    family.actual_departure = today() - timedelta(days=200)
    cases.change_case(None, cast.counsellor, family, family.version, ["actual_departure"])


def visit(cast, value):
    data = {
        "month": "6",
        "visit_date": today().isoformat(),
        "housing-indicators": ["housing.good.1"],
        "safety-level": "safe",
    }
    fields = ["housing-indicators", "safety-level", "month", "visit_date", "housing-level"]
    return _child("monitoring:visit_add", cast), data, fields


def _open_alert(cast):
    from kaketoe.monitoring import services as monitoring
    from kaketoe.monitoring.models import Alert

    alerts = Alert.objects.filter(family=cast.hakobyan)
    if not alerts.exists():  # child labour at the 18-month visit: two alerts
        labour = [{"domain": "education_work", "indicators": ["education_work.unsatisfactory.4"]}]
        early = "Visited early: the family moves to another town next month."
        monitoring.record_visit(None, cast.partner, cast.narek, 18, today(), labour, early)
    closed = alerts.first()
    return alerts.filter(closed_at__isnull=True).first() or Alert.objects.create(
        family=closed.family,
        child=closed.child,
        visit=closed.visit,
        domain=closed.domain,
        indicator=closed.indicator,
    )


def alert_follow_up(cast, value):
    data = {"owner": cast.partner.pk, "follow_up": "Home visit with the school", "close": ""}
    url = _family("monitoring:alert", cast, _open_alert(cast).pk)
    return url, data, ["follow_up", "owner", "closing_note", "close"]


def alert_closing(cast, value):
    data = {
        "owner": cast.partner.pk,
        "follow_up": "Home visit with the school",
        "closing_note": "The boy goes to school again; checked with the teacher.",
        "close": "on",
    }
    url = _family("monitoring:alert", cast, _open_alert(cast).pk)
    return url, data, ["closing_note", "follow_up"]


def progress_report(cast, value):
    data = {
        "reported_on": today().isoformat(),
        "family_view": "Settling in; the children go to school.",
        "new_needs": "",
        "new_item_what": "",
        "new_item_domain": "education",
        "new_item_child": "",
    }
    fields = ["family_view", "new_needs", "new_item_what", "new_item_domain", "new_item_child"]
    return _family("monitoring:report_add", cast), data, [*fields, "reported_on"]


def work_done(cast, value):
    work = cast.hakobyan.scheduled_work.order_by("due_on").first()
    data = {"done_on": today().isoformat(), "note": "Phoned the mother."}
    return _family("monitoring:work_done", cast, work.pk), data, ["note", "done_on"]


# -- toolkit: the professional's pages -----------------------------------------------------------


def toolkit_start(cast, value):
    data = {"kit": "booklet", "language": "en", "pin": PIN, "pin_again": PIN}
    data.update(parents_informed_on=today().isoformat(), met_by="Aram", shown_facts="country")
    fields = ["kit", "language", "pin", "pin_again", "parents_informed_on", "met_by"]
    return _child("toolkit:start", cast), data, [*fields, "shown_facts", "start_anyway_reason"]


def session_record(cast, value):
    from kaketoe.toolkit.models import ChildSession

    session = ChildSession.objects.filter(child=cast.narek).first() or (
        ChildSession.objects.create(
            family=cast.hakobyan, child=cast.narek, kit="cards", started_by=cast.casemanager
        )
    )
    data = {"present": "mother", "language": "nl", "interpreter": "", "how_it_went": "Well."}
    fields = ["how_it_went", "present", "interpreter", "language"]
    return _child("toolkit:session", cast, session.pk), data, fields


def farewell(cast, value):
    data = {"writer": "friend", "name": "Sam", "memory": "Football after school", "wish": ""}
    return _child("toolkit:farewell", cast), data, ["name", "memory", "wish", "writer", "contact"]


def farewell_agreement(cast, value):
    data = {"agreed_on": today().isoformat(), "agreed_by": parent_of(cast).pk}
    return _child("toolkit:farewell_consent", cast), data, ["agreed_on", "agreed_by", "withdraw"]


# -- toolkit: child mode (this browser locked to one session, as on the tablet) -------------------


def in_child_mode(client, cast):
    response = client.post(
        _child("toolkit:start", cast),
        {"kit": "booklet", "language": "en", "pin": PIN, "pin_again": PIN}
        | {"parents_informed_on": today().isoformat()},
    )
    assert response.status_code == 302, "child mode did not start"
    cast.session = cast.narek.toolkit_sessions.get()


def child_words(cast, value):
    url = cast.session.child_url("child_question", question_code="BOOK-A-2")
    return url, {"words": "Mama, papa and grandma in Yerevan"}, ["words"]


def child_drawing(cast, value):
    from kaketoe.toolkit import rules

    url = cast.session.child_url("child_question", question_code="BOOK-A-3")
    return url, {"drawing": rules.DATA_URL_PREFIX + TINY_PNG}, ["drawing"]


def child_wish(cast, value):
    url = cast.session.child_url("child_plan")
    return url, {"what": "My bike", "helper": "Papa"}, ["what", "helper"]


def child_farewell(cast, value):
    data = {"writer": "friend", "name": "Sam", "memory": "Playing tag", "wish": ""}
    url = cast.session.child_url("child_farewell")
    return url, data, ["name", "memory", "wish", "writer", "contact"]


def child_language(cast, value):
    return cast.session.child_url("child_language"), {"language": "nl"}, ["language"]


def child_pin(cast, value):
    """Leaving child mode; the lockout after wrong PINs has its own tests, so it is lifted."""
    from kaketoe.toolkit.models import ChildSession

    ChildSession.objects.filter(pk=cast.session.pk).update(pin_failures=0)
    return cast.session.child_url("child_unlock"), {"pin": PIN}, ["pin"]


# -- accounts and the audit log ------------------------------------------------------------------

_NUMBERS = itertools.count()


def login(cast, value):
    """The password step; the lockout after failures has its own tests, so it is lifted."""
    from axes.utils import reset

    reset(username="casemanager")
    data = {"username": "casemanager", "password": "pw-for-tests-only"}
    return reverse("accounts:login"), data, ["username", "password"]


def interface_language(cast, value):
    data = {"language": "nl", "next": reverse("cases:caseload")}
    return reverse("accounts:set_language"), data, ["language", "next"]


def add_colleague(cast, value):
    data = {
        "username": f"colleague{next(_NUMBERS)}",
        "first_name": "Mariam",
        "last_name": "Petrosyan",
        "email": "mariam@example.org",
        "role": "casemanager",
        "sees_all_organisation_cases": "",
    }
    fields = ["username", "first_name", "last_name", "email", "role"]
    return reverse("accounts:organisation"), data, fields


def password_change(cast, value):
    """The new password is the hostile value; the old one is whichever the last post left."""
    user = cast.casemanager
    user.refresh_from_db()
    tried = getattr(cast, "tried_password", None)
    if tried is not None and user.check_password(tried):
        cast.password = tried
    cast.tried_password = value
    data = {"old_password": getattr(cast, "password", "pw-for-tests-only"), "new_password2": value}
    return reverse("accounts:password"), data, ["new_password1"]


def password_pending(client, cast):
    """After the password step, before the code."""
    data = {"username": "casemanager", "password": "pw-for-tests-only"}
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 302, "the password step did not pass"


def login_code(cast, value):
    """The code step; the lockout and the device's throttling after failures have their own
    tests, so both are lifted, and the valid data is the code the app shows now."""
    from axes.utils import reset

    from kaketoe.accounts import services as accounts

    reset(username="casemanager")
    device = accounts.totp_device(cast.casemanager)
    device.throttle_reset()
    data = {"token": accounts.current_code(device)}
    return reverse("accounts:login_code"), data, ["token"]


def password_reset(cast, value):
    return reverse("accounts:password_reset"), {"email": "lilit@example.org"}, ["email"]


def reset_link_opened(client, cast):
    """The link from the e-mail, opened: the token now waits in this browser's session."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(cast.casemanager.pk))
    token = default_token_generator.make_token(cast.casemanager)
    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302, "the reset link did not open"
    cast.reset_url, cast.reset_session = response.url, client.session.session_key


def reset_new_password(cast, value):
    """The new password is the hostile value; a saved one spends the link's token, so a fresh
    token is put in the session, as opening a new link would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN

    cast.casemanager.refresh_from_db()
    session = import_module(settings.SESSION_ENGINE).SessionStore(cast.reset_session)
    session[INTERNAL_RESET_SESSION_TOKEN] = default_token_generator.make_token(cast.casemanager)
    session.save()
    return cast.reset_url, {"new_password2": value}, ["new_password1"]


def audit_search(cast, value):
    """Not yet since/until: see test_the_audit_search_refuses_the_last_day_python_knows."""
    data = {"case": cast.hakobyan.reference, "user": "casemanager", "action": "view"}
    return reverse("audit:log"), data, ["case", "user", "action"]


# -- erasure on request: one privacy officer asks, a second one decides ----------------------------

ERASURE_REASON = "The mother asked by letter of 3 March to erase all data (art. 17(1)(b))."


def second_privacy_officer(client, cast):
    """As in audit/tests/test_erasure.py: `privacy2`, a second privacy officer of the COA."""
    from kaketoe.accounts.models import Role
    from kaketoe.testing import make_user

    cast.privacy2 = make_user("privacy2", Role.PRIVACY_OFFICER, cast.organisations["coa"])


def _open_erasure(cast, family):
    """The open request on `family`, asked for by `privacy2` (so `privacy` may decide)."""
    from kaketoe.audit import erasure as erasures

    waiting = family.erasure_requests.filter(status="requested").first()
    return waiting or erasures.request_erasure(None, cast.privacy2, family, ERASURE_REASON)


def erasure_request(cast, value):
    """Asked for by `privacy`; an earlier request that went through is rejected by `privacy2`."""
    from kaketoe.audit import erasure as erasures

    for waiting in cast.hakobyan.erasure_requests.filter(status="requested"):
        erasures.reject(None, cast.privacy2, waiting, "Asked again, with other words.")
    data = {"case": cast.hakobyan.reference, "reason": ERASURE_REASON}
    return reverse("audit:erasure_new"), data, ["reason", "case"]


def erasure_rejection(cast, value):
    data = {"decision": "reject", "note": "The return procedure is still pending.", "confirm": ""}
    url = reverse("audit:erasure", args=[_open_erasure(cast, cast.hakobyan).pk])
    return url, data, ["note", "decision", "confirm"]


def erasure_approval(cast, value):
    """An approval erases the case, so the next example asks for the erasure of a new one."""
    from kaketoe.audit.models import ErasureRequest
    from kaketoe.testing import make_family

    waiting = ErasureRequest.objects.filter(status="requested", requested_by=cast.privacy2).first()
    family = (
        waiting.family if waiting else make_family(cast.casemanager, f"Sargsyan {next(_NUMBERS)}")
    )
    data = {"decision": "approve", "note": "Checked with the team.", "confirm": "on"}
    url = reverse("audit:erasure", args=[_open_erasure(cast, family).pk])
    return url, data, ["note", "confirm", "decision"]


# -- the family import (organisation administrator) ----------------------------------------------

FAMILIES_CSV = b"""family_ref,family_name,country_of_return,place_of_return,languages,\
planned_departure,departure_deadline,relation,given_name,member_family_name,date_of_birth,sex,team
F1,Hovhannisyan,AM,{value},Armenian,,,parent,Lilit,,1988-04-12,female,
F1,,,,,,,child,Davit,,2014-09-30,male,
"""


def family_import(cast, value):
    """The check step: a clean file answers 200 with the count and the "Import now" button."""
    data = {"file": Upload("families.csv", FAMILIES_CSV, valid="Gyumri")}
    data["opener"] = cast.casemanager.pk
    return reverse("exchange:import_families"), data, ["file", "opener"]
