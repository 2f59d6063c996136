"""Who sees a child's toolkit answers: every kind of user against every page, PDF, export and
API path that can show one (issue 14 §1, the rule in cases/access.visible_answers).

Narek's session is held by the counsellor. He made four answers: one he kept between himself and
the counsellor, one for his parents too, one for the team, and a wish for the plan he kept
private. The case is handed over to the partner abroad under a valid consent, and `outsider`
opened it with break-glass. The counsellor sees everything of his session; everyone else who
sees the case sees only what Narek shared with the team; the child's own take-home booklet is
only the counsellor's to print; the plan and the team's PDF are team documents (team only).
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.api.tests.helpers import client_for
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import access
from kaketoe.cases.models import Person
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry
from kaketoe.testing import CAST_ROLES, login, make_cast, today
from kaketoe.toolkit.models import Answer, ChildSession
from kaketoe.toolkit.rules import PNG_MAGIC

pytestmark = pytest.mark.django_db

PRIVATE, PARENTS, TEAM, WISH = "Geheimpje-7", "Voor-papa-7", "Voor-iedereen-7", "Stilwens-7"
EVERY_MARKER = {PRIVATE, PARENTS, TEAM, WISH}
HOLDER = "counsellor"
# Everyone who sees the case: the team, the team lead (organisation grant), the partner abroad
# (handover) and `outsider` (break-glass). privacy, orgadmin and other_org see no case at all.
CASE_READERS = {
    "regievoerder",
    "casemanager",
    "counsellor",
    "lawyer",
    "teacher",
    "careworker",
    "teamlead",
    "partner",
    "outsider",
}
EDITORS = CASE_READERS - {"teacher", "partner", "outsider"}
USERS = sorted(CAST_ROLES)


@pytest.fixture
def world():
    cast = make_cast()
    parent = Person.objects.create(
        family=cast.hakobyan, relation="parent", given_name="Armen", family_name="Hakobyan"
    )
    consent.record_consent(
        None,
        cast.counsellor,
        ConsentEntry(
            family=cast.hakobyan,
            purpose="handover",
            organisation=cast.partner.membership.organisation,
            decision="given",
            given_by=parent,
            how="signed_form",
            recorded_on=today() - timedelta(days=3),
        ),
    )
    consent.hand_over(None, cast.counsellor, cast.hakobyan, cast.partner.membership.organisation)
    session = ChildSession.objects.create(
        family=cast.hakobyan,
        child=cast.narek,
        kit="cards",
        language="nl",
        catalogue_version="2026.1",
        started_by=cast.counsellor,
    )

    def answer(code, words, shared, **extra):
        return Answer.objects.create(
            session=session,
            family=cast.hakobyan,
            child=cast.narek,
            question_code=code,
            kind=extra.pop("kind", "words"),
            words=words,
            language="nl",
            shared_with=shared,
            **extra,
        )

    cast.answers = {
        PRIVATE: answer("CARD-A-1-1", PRIVATE, "private", drawing=PNG_MAGIC),
        PARENTS: answer("CARD-A-1-2", PARENTS, "parents"),
        TEAM: answer("CARD-A-1-3", TEAM, "team", drawing=PNG_MAGIC, for_return_plan=True),
        WISH: answer("PLAN", WISH, "private", kind="wish", for_return_plan=True),
    }
    cast.session = session
    return cast


def browser(cast, who):
    from django.test import Client

    client = Client()
    login(client, cast.users[who])
    if who == "outsider":
        access.break_glass(_request(client, cast.outsider), cast.hakobyan.pk, "x" * 30)
    return client


def _request(client, user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    return request


def child_kwargs(cast):
    return {"pk": cast.hakobyan.pk, "child_pk": cast.narek.pk}


def page_text(response) -> str:
    if response.status_code != 200:
        return ""
    if response["Content-Type"] == "application/pdf":
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(page.extract_text() for page in pages)
    return response.content.decode()


def markers_in(text: str) -> set[str]:
    return {marker for marker in EVERY_MARKER if marker in text}


# path name -> (url, who sees which markers). None: the page is refused (404) for that user.
def expected_markers(path: str, who: str) -> set[str] | None:
    everything = {PRIVATE, PARENTS, TEAM, WISH}
    readers = {
        "session": CASE_READERS,
        "child": CASE_READERS,
        "voices": CASE_READERS,
        "plan": CASE_READERS,
        "plan_pdf": CASE_READERS,
        "shared_pdf": CASE_READERS,
        "take_home_pdf": {HOLDER},
        "family_json": EDITORS,
        "family_pdf": EDITORS,
    }[path]
    if who not in readers:
        return None
    holder_sees = {
        "session": everything,
        "child": everything,
        "voices": {TEAM, WISH},  # flagged for the plan
        "take_home_pdf": everything,
        "family_json": everything,
        "family_pdf": everything,
    }
    if who == HOLDER and path in holder_sees:
        return holder_sees[path]
    return {TEAM}


def urls(cast) -> dict[str, str]:
    kwargs = child_kwargs(cast)
    family = {"pk": cast.hakobyan.pk}
    return {
        "session": reverse("toolkit:session", kwargs={**kwargs, "session_pk": cast.session.pk}),
        "child": reverse("toolkit:child", kwargs=kwargs),
        "voices": reverse("plans:voices", kwargs=kwargs),
        "plan": reverse("plans:plan", kwargs=family),
        "plan_pdf": reverse("plans:pdf", kwargs=family),
        "shared_pdf": reverse("toolkit:shared_pdf", kwargs=kwargs) + "?lang=nl",
        "take_home_pdf": reverse("toolkit:booklet_pdf", kwargs=kwargs) + "?lang=nl",
        "family_json": reverse("exchange:family_json", kwargs=family),
        "family_pdf": reverse("exchange:family_pdf", kwargs=family),
    }


PATHS = [
    "session",
    "child",
    "voices",
    "plan",
    "plan_pdf",
    "shared_pdf",
    "take_home_pdf",
    "family_json",
    "family_pdf",
]


@pytest.mark.parametrize("who", USERS)
def test_every_page_shows_a_child_s_answers_only_as_the_child_chose(world, who):
    client = browser(world, who)
    seen, wanted = {}, {}
    for path, url in urls(world).items():
        response = client.get(url)
        expected = expected_markers(path, who)
        if expected is None:
            assert response.status_code in (302, 404), (path, response.status_code)
            continue
        assert response.status_code == 200, (path, response.status_code)
        seen[path], wanted[path] = markers_in(page_text(response)), expected
    assert seen == wanted


@pytest.mark.parametrize("who", USERS)
def test_drawings_are_served_only_to_whom_the_child_shared_them_with(world, who):
    client = browser(world, who)
    status = {}
    for marker in (PRIVATE, TEAM):
        answer = world.answers[marker]
        url = reverse("toolkit:drawing", kwargs={**child_kwargs(world), "answer_pk": answer.pk})
        status[marker] = client.get(url).status_code
    sees_case = who in CASE_READERS
    assert status == {
        PRIVATE: 200 if who == HOLDER else 404,
        TEAM: 200 if sees_case else 404,
    }


@pytest.mark.parametrize("who", USERS)
def test_the_api_gives_a_child_s_answers_only_as_the_child_chose(world, who):
    if who == "outsider":
        pytest.skip("break-glass is for the browser; the API has no emergency access")
    response = client_for(world.users[who]).get(f"/api/v1/children/{world.narek.pk}/sessions/")
    if who not in CASE_READERS:
        assert response.status_code == 404
        return
    [session] = response.json()["results"]
    words = {answer["words"] for answer in session["answers"]}
    assert words == (EVERY_MARKER if who == HOLDER else {TEAM})


def test_a_refused_drawing_is_written_to_the_audit_log(world):
    client = browser(world, "teacher")
    answer = world.answers[PRIVATE]
    url = reverse("toolkit:drawing", kwargs={**child_kwargs(world), "answer_pk": answer.pk})
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(
        action="denied", actor_id=world.teacher.pk, detail=f"toolkit answer {answer.pk}"
    ).exists()


def test_pages_say_how_many_answers_the_child_kept_private_without_showing_them(world):
    html = browser(world, "careworker").get(urls(world)["child"]).content.decode()
    assert "The child kept 3 answers" in html and PRIVATE not in html


def test_only_the_person_the_child_talked_with_records_the_child_s_choice(world):
    answer = world.answers[PARENTS]
    url = reverse("toolkit:answer_sharing", kwargs={**child_kwargs(world), "answer_pk": answer.pk})
    assert browser(world, "careworker").post(url, {"shared_with": "team"}).status_code == 404
    answer.refresh_from_db()
    assert answer.shared_with == "parents"
    assert browser(world, HOLDER).post(url, {"shared_with": "team"}).status_code == 302
    answer.refresh_from_db()
    assert answer.shared_with == "team"
    assert AuditEvent.objects.filter(
        actor_id=world.counsellor.pk, detail="sharing: team (recorded by the adult)"
    ).exists()
