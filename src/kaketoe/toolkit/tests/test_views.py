"""The toolkit through HTTP: starting child mode, the lock, the child's answers, the PIN, and the
professional's record afterwards."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from django.urls import reverse

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person, TimelineEvent
from kaketoe.testing import login, make_cast, today
from kaketoe.toolkit import content, lock, rules, services
from kaketoe.toolkit.models import Answer, ChildSession, Sticker

pytestmark = pytest.mark.django_db
PIN = "2468"


def png_data_url() -> str:
    """A real (tiny) PNG, as the canvas sends it."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"\x00\xff\xff\xff"
    png = (
        rules.PNG_MAGIC
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return rules.DATA_URL_PREFIX + base64.b64encode(png).decode()


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def lina(cast):
    """A 7-year-old in the Hakobyan family: the booklet."""
    born = today().replace(year=today().year - 7) if today().month != 2 else date(2019, 3, 1)
    return case_services.add_member(
        None,
        cast.casemanager,
        cast.hakobyan,
        Person(relation="child", given_name="Lina", family_name="Hakobyan", date_of_birth=born),
    )


def start(client, child, kit="booklet", language="en", pin=PIN, **before):
    """Start child mode as the prepare page does; the parents were informed a week ago unless
    `before` says otherwise."""
    url = reverse("toolkit:start", kwargs={"pk": child.family_id, "child_pk": child.pk})
    data = {"kit": kit, "language": language, "pin": pin, "pin_again": pin}
    data["parents_informed_on"] = (today() - timedelta(days=7)).isoformat()
    data.update(before)
    return client.post(url, {key: value for key, value in data.items() if value is not None})


@pytest.fixture
def in_child_mode(client, cast, lina):
    login(client, cast.casemanager)
    response = start(client, lina)
    session = ChildSession.objects.get(child=lina)
    assert response.status_code == 302
    assert response.url == session.child_url()
    return session


def child_url(session, name="child_home", **kwargs):
    return session.child_url(name, **kwargs)


# -- starting ----------------------------------------------------------------------------------


def test_starting_child_mode_keeps_only_a_hash_of_the_pin(client, in_child_mode):
    session = in_child_mode
    assert session.pin_hash and PIN not in session.pin_hash
    assert session.kit == "booklet" and session.language == "en" and session.is_open
    assert client.session[lock.SESSION_KEY] == {
        "session": session.pk,
        "family": session.family_id,
        "child": session.child_id,
    }
    assert TimelineEvent.objects.filter(
        family=session.family, kind=TimelineEvent.Kind.TOOLKIT_STARTED
    ).exists()


@pytest.mark.parametrize(("pin", "again"), [("123", "123"), ("abcd", "abcd"), ("1234", "4321")])
def test_a_bad_pin_does_not_start_child_mode(client, cast, lina, pin, again):
    login(client, cast.casemanager)
    url = reverse("toolkit:start", kwargs={"pk": lina.family_id, "child_pk": lina.pk})
    response = client.post(
        url, {"kit": "booklet", "language": "nl", "pin": pin, "pin_again": again}
    )
    assert response.status_code == 400
    assert not ChildSession.objects.exists()
    assert lock.SESSION_KEY not in client.session


def test_a_teacher_may_read_the_guidance_but_not_start_child_mode(client, cast, lina):
    login(client, cast.teacher)
    prepare = reverse("toolkit:prepare", kwargs={"pk": lina.family_id, "child_pk": lina.pk})
    page = client.get(prepare)
    assert page.status_code == 200
    assert "Start child mode" not in page.content.decode()
    assert start(client, lina).status_code == 404
    assert not ChildSession.objects.exists()


def test_the_guidance_before_the_session_fits_the_childs_age(client, cast, lina):
    login(client, cast.casemanager)
    page = client.get(
        reverse("toolkit:prepare", kwargs={"pk": lina.family_id, "child_pk": lina.pk})
    )
    html = page.content.decode()
    assert "6-8 years" in html
    assert 'data-minutes-min="15"' in html and 'data-minutes-max="20"' in html
    assert "Eleven conditions" in html
    assert "never probe" in html
    assert "toolkit/timer.js" in html
    assert "<script>" not in html and "style=" not in html


# -- the lock ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/families/new/",
        "/audit/",
        "/accounts/login/",
        "/no/such/page/",
        "FAMILY",
        "SESSION",
        "CHILD",
        "DRAWING",
    ],
)
def test_in_child_mode_every_other_page_leads_back_to_the_child(client, in_child_mode, path):
    session = in_child_mode
    path = {
        "FAMILY": reverse("cases:family", kwargs={"pk": session.family_id}),
        "SESSION": session.get_absolute_url(),
        "CHILD": reverse(
            "toolkit:child", kwargs={"pk": session.family_id, "child_pk": session.child_id}
        ),
        "DRAWING": reverse(
            "toolkit:drawing",
            kwargs={"pk": session.family_id, "child_pk": session.child_id, "answer_pk": 1},
        ),
    }.get(path, path)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 302, (method, path)
        assert response.url == session.child_url()


def test_child_mode_is_locked_to_its_own_session(client, cast, in_child_mode):
    other = ChildSession.objects.create(
        family=cast.hakobyan,
        child=cast.narek,
        kit="cards",
        catalogue_version="2026.1",
        pin_hash="x",
    )
    response = client.get(other.child_url())
    assert response.status_code == 302 and response.url == in_child_mode.child_url()


def test_the_child_pages_need_child_mode_on_this_browser(client, cast, in_child_mode):
    session = in_child_mode
    colleague = client.__class__()
    login(colleague, cast.regievoerder)
    response = colleague.get(session.child_url())
    assert response.status_code == 302 and response.url == session.get_absolute_url()


def test_someone_outside_the_team_gets_a_404_on_the_child_pages(client, cast, in_child_mode):
    outsider = client.__class__()
    login(outsider, cast.outsider)
    assert outsider.get(in_child_mode.child_url()).status_code == 404
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.outsider.pk).exists()


def test_a_wrong_pin_keeps_child_mode(client, in_child_mode):
    session = in_child_mode
    response = client.post(child_url(session, "child_unlock"), {"pin": "1111"})
    assert response.status_code == 400
    assert "That PIN is not right." in response.content.decode()
    assert lock.SESSION_KEY in client.session
    assert client.get("/").status_code == 302


def test_after_five_wrong_pins_even_the_right_one_does_not_open(client, in_child_mode):
    session = in_child_mode
    for _ in range(rules.MAX_PIN_FAILURES):
        client.post(child_url(session, "child_unlock"), {"pin": "0000"})
    response = client.post(child_url(session, "child_unlock"), {"pin": PIN})
    assert response.status_code == 400
    assert "Log in again" in response.content.decode()
    assert lock.SESSION_KEY in client.session


def test_the_right_pin_ends_child_mode_and_opens_the_record(client, in_child_mode):
    session = in_child_mode
    response = client.post(child_url(session, "child_unlock"), {"pin": PIN})
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert lock.SESSION_KEY not in client.session
    session.refresh_from_db()
    assert session.ended_at is not None
    assert TimelineEvent.objects.filter(kind=TimelineEvent.Kind.TOOLKIT_ENDED).count() == 1
    assert client.get("/").status_code == 200


def test_logging_out_ends_child_mode(client, cast, in_child_mode):
    client.post(reverse("accounts:logout"))
    assert lock.SESSION_KEY not in client.session
    login(client, cast.casemanager)
    assert client.get("/").status_code == 200


# -- the booklet -------------------------------------------------------------------------------


def test_the_roadmap_shows_four_parts_and_the_promise_of_no_wrong_answers(client, in_child_mode):
    html = client.get(in_child_mode.child_url()).content.decode()
    for title in ["This is me together with my family", "Farewell to the Netherlands"]:
        assert title in html
    assert "There are no wrong answers." in html and "You may skip anything." in html
    assert "Hakobyan" not in html  # no case data in child mode: the child's given name only
    assert "site-nav" not in html and "style=" not in html


def test_the_child_chooses_arabic_and_the_page_turns_right_to_left(client, in_child_mode):
    session = in_child_mode
    client.post(child_url(session, "child_language"), {"language": "ar"})
    html = client.get(session.child_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "لا توجد إجابات خاطئة." in html


def test_the_childs_words_choices_face_and_drawing_are_kept(client, in_child_mode):
    session = in_child_mode
    q = lambda code: child_url(session, "child_question", question_code=code)  # noqa: E731
    assert (
        client.post(q("BOOK-A-2"), {"words": "  mama, papa en oma in Jerevan "}).status_code == 302
    )
    client.post(q("BOOK-A-1"), {"choice": ["BOOK-A-1-PLAY", "BOOK-A-1-MUSIC", "EVIL"]})
    client.post(q("BOOK-A-4"), {"choice": ["FEEL-HAPPY"]})
    assert client.post(q("BOOK-A-3"), {"drawing": png_data_url()}).status_code == 302
    answers = {a.question_code: a for a in Answer.objects.filter(session=session)}
    assert answers["BOOK-A-2"].words == "mama, papa en oma in Jerevan"
    assert answers["BOOK-A-1"].choices == ["BOOK-A-1-PLAY", "BOOK-A-1-MUSIC"]
    assert answers["BOOK-A-4"].choices == ["FEEL-HAPPY"]
    assert bytes(answers["BOOK-A-3"].drawing).startswith(rules.PNG_MAGIC)
    # Answering again replaces the answer of this session.
    client.post(q("BOOK-A-2"), {"words": "mama en papa"})
    assert Answer.objects.get(session=session, question_code="BOOK-A-2").words == "mama en papa"


def test_a_drawing_that_is_not_a_png_is_refused(client, in_child_mode):
    url = child_url(in_child_mode, "child_question", question_code="BOOK-B-3")
    fake = rules.DATA_URL_PREFIX + base64.b64encode(b"<svg onload=alert(1)>").decode()
    assert client.post(url, {"drawing": fake}).status_code == 400
    assert not Answer.objects.exists()


def test_an_unknown_question_or_part_is_a_404(client, in_child_mode):
    assert (
        client.get(child_url(in_child_mode, "child_question", question_code="X")).status_code == 404
    )
    assert client.get(child_url(in_child_mode, "child_part", part_code="Z")).status_code == 404


def test_a_sticker_on_a_finished_part(client, in_child_mode):
    session = in_child_mode
    client.post(child_url(session, "child_sticker", part_code="A"))
    assert list(Sticker.objects.values_list("part", flat=True)) == ["A"]
    assert 'data-sticker="A"' in client.get(session.child_url()).content.decode()


def test_the_child_sees_its_own_drawing_but_nobody_outside_the_team_does(
    client, cast, in_child_mode
):
    session = in_child_mode
    client.post(
        child_url(session, "child_question", question_code="BOOK-A-3"), {"drawing": png_data_url()}
    )
    answer = Answer.objects.get()
    own = client.get(child_url(session, "child_drawing", answer_pk=answer.pk))
    assert own.status_code == 200 and own["Content-Type"] == "image/png"
    client.post(child_url(session, "child_unlock"), {"pin": PIN})
    url = reverse(
        "toolkit:drawing",
        kwargs={"pk": answer.family_id, "child_pk": answer.child_id, "answer_pk": answer.pk},
    )
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    outsider = client.__class__()
    login(outsider, cast.outsider)
    assert outsider.get(url).status_code == 404
    assert AuditEvent.objects.filter(
        action="view", object_type="answer", detail="toolkit drawing"
    ).exists()


# -- the cards ---------------------------------------------------------------------------------


def test_an_eleven_year_old_draws_a_card_answers_and_adds_a_wish(client, cast):
    ani = cast.hakobyan.members.get(given_name="Ani")
    login(client, cast.casemanager)
    start(client, ani, kit="cards", language="nl")
    session = ChildSession.objects.get(child=ani)
    response = client.post(child_url(session, "child_draw_card", deck_code="C"))
    session.refresh_from_db()
    assert session.drawn_card.startswith("CARD-C-")
    assert response.url == child_url(session, "child_card", card_code=session.drawn_card)
    card_page = client.get(response.url).content.decode()
    assert "Kies een of meer vragen" in card_page
    question = f"{session.drawn_card}-1"
    client.post(child_url(session, "child_question", question_code=question), {"words": "Mijn juf"})
    client.post(child_url(session, "child_plan"), {"what": "Mijn fiets mee", "helper": "Papa"})
    wish = Answer.objects.get(kind="wish")
    assert (wish.words, wish.helper, wish.for_return_plan) == ("Mijn fiets mee", "Papa", True)
    # Another card from the same deck is never the same card twice in a row.
    client.post(child_url(session, "child_draw_card", deck_code="C"))
    assert ChildSession.objects.get(pk=session.pk).drawn_card != session.drawn_card


# -- after the session -------------------------------------------------------------------------


def test_after_the_session_the_record_and_the_childs_words_with_a_plan_flag(
    client, cast, in_child_mode
):
    session = in_child_mode
    client.post(
        child_url(session, "child_question", question_code="BOOK-C-2"), {"words": "Mijn juf Sanne"}
    )
    client.post(child_url(session, "child_unlock"), {"pin": PIN})
    page = client.get(session.get_absolute_url())
    assert "Mijn juf Sanne" in page.content.decode()
    response = client.post(
        session.get_absolute_url(),
        {
            "present": "mother, counsellor",
            "language": "nl",
            "interpreter": "",
            "how_it_went": "Calm.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.present == "mother, counsellor" and session.recorded_by == cast.casemanager
    answer = Answer.objects.get()
    flag = reverse(
        "toolkit:answer_plan",
        kwargs={"pk": answer.family_id, "child_pk": answer.child_id, "answer_pk": answer.pk},
    )
    client.post(flag, {"for_return_plan": "1"})
    answer.refresh_from_db()
    assert answer.for_return_plan
    overview = client.get(
        reverse("toolkit:child", kwargs={"pk": answer.family_id, "child_pk": answer.child_id})
    )
    html = overview.content.decode()
    assert html.count("Mijn juf Sanne") == 2  # among the answers and among those for the plan
    assert AuditEvent.objects.filter(action="view", detail="toolkit: the child's answers").exists()


def test_a_teacher_reads_only_what_the_child_shared_with_the_team_and_cannot_flag_it(
    client, cast, in_child_mode
):
    session = in_child_mode
    client.post(child_url(session, "child_question", question_code="BOOK-C-2"), {"words": "Juf"})
    answer = Answer.objects.get()
    teacher = client.__class__()
    login(teacher, cast.teacher)
    overview = reverse(
        "toolkit:child", kwargs={"pk": answer.family_id, "child_pk": answer.child_id}
    )
    assert "Juf" not in teacher.get(overview).content.decode()  # private until the child says
    services.set_sharing(None, answer, "team", in_child_mode=False)
    assert "Juf" in teacher.get(overview).content.decode()
    flag = reverse(
        "toolkit:answer_plan",
        kwargs={"pk": answer.family_id, "child_pk": answer.child_id, "answer_pk": answer.pk},
    )
    assert teacher.post(flag, {"for_return_plan": "1"}).status_code == 404


def test_the_family_page_links_to_each_childs_toolkit(client, cast, lina):
    login(client, cast.casemanager)
    html = client.get(reverse("cases:family", kwargs={"pk": cast.hakobyan.pk})).content.decode()
    assert reverse("toolkit:child", kwargs={"pk": cast.hakobyan.pk, "child_pk": lina.pk}) in html


def test_after_an_answer_the_child_is_asked_who_may_see_it_and_may_just_go_on(
    client, in_child_mode
):
    session = in_child_mode
    question = child_url(session, "child_question", question_code="BOOK-C-2")
    response = client.post(question, {"words": "Mijn vriendje Sam"})
    answer = Answer.objects.get()
    share = child_url(session, "child_share", answer_pk=answer.pk)
    assert response.status_code == 302 and response.url.startswith(share)
    page = client.get(response.url).content.decode()
    ui = content.Content(session.language).ui
    for words in (ui["share_ask"], ui["share_private"], ui["share_parents"], ui["share_team"]):
        assert words in page
    assert answer.shared_with == "private"  # skipping (just going on) keeps it private
    back = client.post(share, {"shared_with": "team", "next": "https://evil.example/"})
    assert back.url == session.child_url()  # never out of child mode
    answer.refresh_from_db()
    assert answer.shared_with == "team"
    assert AuditEvent.objects.filter(
        detail="sharing: team (chosen by the child in child mode)"
    ).exists()
    client.post(question, {"words": "Mijn vriendje Sam en Noor"})  # a new answer: private again
    answer.refresh_from_db()
    assert answer.shared_with == "private"
