"""The return-plan pages, as the named users of the cast see them."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kaketoe.assessments.models import PreconditionAnswer
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services as case_services
from kaketoe.cases.models import Person
from kaketoe.plans import services
from kaketoe.plans.models import ChildVoice, Meeting, PlanItem, ReturnPlan
from kaketoe.testing import login, make_cast, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def family(cast):
    return cast.hakobyan


def url(name, family, *extra):
    return reverse(f"plans:{name}", args=[family.pk, *extra])


ITEM = {
    "version": 1,
    "child": "",
    "domain": "education",
    "what": "Schoolrapporten vertalen naar het Armeens",
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


def post_item(client, family, **fields):
    return client.post(url("item_add", family), {**ITEM, **fields})


def test_a_team_member_adds_an_item_for_a_child_and_sees_it_on_the_plan(client, cast, family):
    login(client, cast.casemanager)
    response = post_item(client, family, child=cast.narek.pk, owner_organisation="IOM")
    assert response.status_code == 302
    page = client.get(url("plan", family))
    assert "Schoolrapporten vertalen" in page.content.decode()
    assert page.context["page"].parts[1].rows[0].item.child == cast.narek


def test_bad_input_gives_a_clear_message_and_saves_nothing(client, cast, family):
    login(client, cast.casemanager)
    response = post_item(client, family, status="dropped", timing="after_arrival")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "drop_reason" in errors and "months" in errors
    assert not PlanItem.objects.exists()


def test_a_source_reference_must_exist_in_this_case(client, cast, family):
    login(client, cast.casemanager)
    response = post_item(client, family, source="precondition", source_ref="B1-NOPE")
    assert "source_ref" in response.context["form"].errors
    other_voice = services.add_voice(
        None,
        cast.other_org,
        Person.objects.create(
            family=cast.petrosyan, relation="child", given_name="Lia", family_name="P"
        ),
        said="x",
    )
    response = post_item(client, family, source="child_voice", source_ref=str(other_voice.pk))
    assert "source_ref" in response.context["form"].errors
    assert (
        post_item(client, family, source="precondition", source_ref="B1-MAT-04").status_code == 302
    )


def test_the_second_editor_sees_what_the_first_changed(client, cast, family):
    item = services.add_item(None, cast.casemanager, family, domain="housing", what="Woning")
    services.change_item(None, cast.counsellor, item, 1, status="arranged")
    login(client, cast.casemanager)
    response = client.post(url("item_edit", family, item.pk), {**ITEM, "domain": "housing"})
    assert response.status_code == 400
    assert response.context["stale"]["fields"] == ["status"]
    assert "Nothing was saved" in response.content.decode()
    assert PlanItem.objects.get().what == "Woning"


def test_one_click_from_an_open_precondition_to_the_plan(client, cast, family):
    PreconditionAnswer.objects.create(
        family=family,
        child=cast.narek,
        catalogue_version="2026.1",
        item_code="B1-MAT-04",
        status="not_met",
    )
    login(client, cast.casemanager)
    overview = client.get(reverse("assessments:preconditions", args=[family.pk])).content.decode()
    assert reverse("plans:item_from_precondition", args=[family.pk]) in overview
    response = client.post(
        url("item_from_precondition", family), {"code": "B1-MAT-04", "child": cast.narek.pk}
    )
    item = PlanItem.objects.get()
    assert response.url == url("item_edit", family, item.pk)
    assert (item.source_ref, item.child, item.domain) == ("B1-MAT-04", cast.narek, "education")
    client.post(
        url("item_from_precondition", family), {"code": "B1-MAT-04", "child": cast.narek.pk}
    )
    assert PlanItem.objects.count() == 1


def test_an_unknown_precondition_code_is_refused(client, cast, family):
    login(client, cast.casemanager)
    client.post(url("item_from_precondition", family), {"code": "DROP TABLE"})
    assert not PlanItem.objects.exists()


def test_readers_see_the_plan_but_cannot_change_it(client, cast, family):
    login(client, cast.teacher)
    assert client.get(url("plan", family)).status_code == 200
    assert post_item(client, family).status_code == 404
    assert not PlanItem.objects.exists()
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.teacher.pk).exists()


def test_people_not_on_the_team_and_partners_without_consent_get_404(client, cast, family):
    for user in [cast.outsider, cast.partner, cast.other_org]:
        login(client, user)
        for name in ["plan", "pdf", "history", "who_does_what", "network", "meetings"]:
            assert client.get(url(name, family)).status_code == 404


def test_a_family_short_of_time_is_flagged_on_the_plan_and_the_caseload(client, cast, family):
    family.departure_deadline = today() + timedelta(days=10)
    family.save()
    services.add_item(
        None, cast.casemanager, family, domain="documents", what="Paspoort", weeks_needed=3
    )
    login(client, cast.casemanager)
    assert client.get(url("plan", family)).context["page"].short_of_time
    caseload = client.get(reverse("cases:caseload"))
    rows = caseload.context["page"].object_list
    assert [row.short_of_time for row in rows] == [True]
    assert "too little preparation time" in caseload.content.decode()


def test_the_caseload_flag_costs_no_query_per_family(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_families(first: int):
        for n in range(first, first + 5):
            family = case_services.open_case(
                None,
                cast.casemanager,
                type(cast.hakobyan)(
                    name=f"F{n}", country_of_return="AM", departure_deadline=today()
                ),
            )
            services.add_item(None, cast.casemanager, family, domain="housing", what="x")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("cases:caseload"))
        return len(captured)

    login(client, cast.casemanager)
    add_families(0)
    with_five = queries()
    add_families(5)
    assert queries() == with_five  # the same with twice the families (the listing audit too)


def test_attention_points_need_evidence_when_ticked(client, cast, family):
    login(client, cast.casemanager)
    response = client.post(url("attention", family), {"version": 0, "ticked__RP-1": "on"})
    assert response.status_code == 400
    assert "evidence__RP-1" in response.context["form"].errors
    assert not ReturnPlan.objects.exists()
    client.post(
        url("attention", family),
        {"version": 0, "ticked__RP-1": "on", "evidence__RP-1": "Monitoring 12 maanden"},
    )
    plan = ReturnPlan.objects.get()
    assert plan.attention["RP-1"] == {"ticked": True, "evidence": "Monitoring 12 maanden"}
    assert plan.attention_catalogue_version == "2026.1"


def test_the_history_shows_who_changed_what(client, cast, family):
    item = services.add_item(None, cast.casemanager, family, domain="housing", what="Woning")
    services.change_item(None, cast.counsellor, item, 1, status="done")
    login(client, cast.lawyer)
    rows = client.get(url("history", family)).context["rows"]
    assert rows[0]["version"].saved_by == cast.counsellor
    assert rows[0]["fields"] == ["status"]


def test_the_childs_voice_is_recorded_and_linked_to_plan_items(client, cast, family):
    item = services.add_item(
        None,
        cast.casemanager,
        family,
        child=cast.narek,
        domain="social_network",
        what="Voetbalclub zoeken",
    )
    login(client, cast.casemanager)
    voices = url("voices", family, cast.narek.pk)
    response = client.post(
        voices,
        {
            "version": 1,
            "said": "Ik wil voetballen",
            "heard_how": "",
            "answered_by": [item.pk],
            "taken_into_account": "no",
            "because": "",
        },
    )
    assert response.status_code == 400 and "because" in response.context["form"].errors
    client.post(
        voices,
        {
            "version": 1,
            "said": "Ik wil voetballen",
            "answered_by": [item.pk],
            "taken_into_account": "partly",
            "because": "alleen in de zomer",
        },
    )
    voice = ChildVoice.objects.get()
    assert list(voice.answered_by.all()) == [item]
    assert "Ik wil voetballen" in client.get(url("plan", family)).content.decode()


def test_meetings_take_their_agenda_from_open_items_and_decisions_become_items(
    client, cast, family
):
    open_item = services.add_item(None, cast.casemanager, family, domain="housing", what="Woning")
    done = services.add_item(
        None, cast.casemanager, family, domain="housing", what="Klaar", status="done"
    )
    login(client, cast.casemanager)
    form = client.get(url("meeting_add", family)).context["form"]
    assert list(form.fields["agenda"].queryset) == [open_item]
    response = client.post(
        url("meeting_add", family),
        {
            "version": 1,
            "kind": "kindgesprek",
            "held_on": "2026-03-02",
            "participants": [cast.place_of(cast.regievoerder).pk],
            "agenda": [open_item.pk],
            "minutes": "Risico's besproken",
        },
    )
    meeting = Meeting.objects.get()
    assert response.url == url("meeting", family, meeting.pk)
    assert done not in meeting.agenda.all()
    refused = client.post(
        url("decision_add", family, meeting.pk),
        {
            "decision-domain": "education",
            "decision-what": "Schoolplek",
            "decision-timing": "on_arrival",
        },
    )
    assert refused.status_code == 400 and PlanItem.objects.count() == 2
    client.post(
        url("decision_add", family, meeting.pk),
        {
            "decision-domain": "education",
            "decision-what": "Schoolplek regelen",
            "decision-timing": "on_arrival",
            "decision-owner_organisation": "Partner Yerevan",
        },
    )
    assert meeting.decisions.get().owner_name == "Partner Yerevan"


@pytest.mark.parametrize("field", ["participants", "agenda"])
def test_a_meeting_with_an_id_too_large_for_the_database_is_refused_not_a_server_error(
    client, cast, family, field
):
    login(client, cast.casemanager)
    data = {"version": 1, "kind": "team", "held_on": "2026-03-02", "minutes": "Besproken"}
    response = client.post(url("meeting_add", family), {**data, field: ["9" * 25]})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [f"“{'9' * 25}” is not a valid value."]
    assert not Meeting.objects.exists()


def test_who_does_what_lists_open_items_per_member_and_organisation(client, cast, family):
    regie = cast.place_of(cast.regievoerder)
    services.add_item(
        None, cast.casemanager, family, domain="documents", what="Paspoort", owner_member=regie
    )
    services.add_item(
        None, cast.casemanager, family, domain="housing", what="Woning", owner_organisation="IOM"
    )
    services.add_item(None, cast.casemanager, family, domain="farewell", what="Afscheid")
    services.add_item(
        None,
        cast.casemanager,
        family,
        domain="health",
        what="Klaar",
        owner_member=regie,
        status="done",
    )
    login(client, cast.teacher)
    context = client.get(url("who_does_what", family)).context
    assert [(o.name, [i.what for i in o.items]) for o in context["members"]] == [
        (regie.display_name, ["Paspoort"])
    ]
    assert {o.name for o in context["organisations"]} == {"DT&V test office", "IOM"}
    assert [i.what for i in context["nobody"]] == ["Afscheid"]


def test_the_network_map_groups_by_area_and_marks_trust(client, cast, family):
    login(client, cast.casemanager)
    client.post(url("network_trust", family, cast.grandmother.pk), {"trusted": "1"})
    cast.grandmother.refresh_from_db()
    assert cast.grandmother.has_family_trust
    areas = client.get(url("network", family)).context["areas"]
    informal = dict((area, inf) for area, _formal, inf in areas)["Informal network"]
    assert [entry.member for entry in informal] == [cast.grandmother]


@pytest.mark.parametrize(("language", "heading"), [("nl", "Duurzaam"), ("en", "Durable")])
def test_the_pdf_has_every_item_and_each_childs_voice_also_for_arabic_names(
    client, cast, family, language, heading
):
    maryam = case_services.add_member(
        None,
        cast.casemanager,
        family,
        Person(
            relation="child",
            given_name="مريم",
            family_name="Hakobyan",
            date_of_birth=date(2016, 1, 5),
        ),
    )
    item = services.add_item(
        None, cast.casemanager, family, child=maryam, domain="education", what="Taalles Armeens"
    )
    services.add_voice(
        None,
        cast.casemanager,
        maryam,
        said="Mijn tekeningen meenemen",
        answered_by=[item],
        taken_into_account="yes",
    )
    services.add_item(None, cast.casemanager, family, domain="housing", what="Woning in Gyumri")
    login(client, cast.casemanager)
    response = client.get(url("pdf", family) + f"?lang={language}")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in [
        heading,
        "Taalles Armeens",
        "Woning in Gyumri",
        "Mijn tekeningen meenemen",
        "مريم",
    ]:
        assert expected in text
    assert AuditEvent.objects.filter(action="export", detail__contains="return plan").exists()


# -- the child's toolkit answers in the child's-voice section --------------------------------


def toolkit_answer(
    child, words, *, flagged=True, kind="words", code="CARD-A-1-1", shared="team", held_by=None
):
    """An answer of the child, by default shared with the team (the plan is the team's)."""
    from kaketoe.toolkit.models import Answer, ChildSession

    session = ChildSession.objects.create(
        family=child.family,
        child=child,
        kit="cards",
        catalogue_version="2026.1",
        started_by=held_by,
    )
    return Answer.objects.create(
        shared_with=shared,
        session=session,
        family=child.family,
        child=child,
        question_code=code,
        kind=kind,
        words=words,
        language="nl",
        for_return_plan=flagged,
    )


def test_flagged_toolkit_answers_are_listed_with_their_session(client, cast, family):
    wish = toolkit_answer(cast.narek, "Mijn voetbalschoenen meenemen", kind="wish", code="PLAN")
    toolkit_answer(cast.narek, "Niet voor het plan", flagged=False)
    login(client, cast.teacher)
    page = client.get(url("voices", family, cast.narek.pk))
    text = page.content.decode()
    assert "Mijn voetbalschoenen meenemen" in text
    assert "Niet voor het plan" not in text
    assert f"{timezone.localtime(wish.session.started_at):%-d %b %Y}" in text  # the local day
    assert "not linked to the plan yet" in text
    # A reader sees the answers but no link to change the plan.
    assert url("voice_from_answer", family, cast.narek.pk, wish.pk) not in text


def test_a_flagged_answer_is_linked_to_plan_items_not_copied(client, cast, family):
    item = services.add_item(
        None, cast.casemanager, family, child=cast.narek, domain="social_network", what="Voetbal"
    )
    wish = toolkit_answer(cast.narek, "Ik wil blijven voetballen", kind="wish", code="PLAN")
    login(client, cast.counsellor)
    link = url("voice_from_answer", family, cast.narek.pk, wish.pk)
    assert client.get(link).status_code == 200
    refused = client.post(
        link, {"version": 1, "answered_by": [item.pk], "taken_into_account": "no"}
    )
    assert refused.status_code == 400 and "because" in refused.context["form"].errors
    assert not ChildVoice.objects.exists()
    response = client.post(
        link,
        {
            "version": 1,
            "answered_by": [item.pk],
            "taken_into_account": "partly",
            "because": "de club traint alleen in het weekend",
        },
    )
    assert response.status_code == 302
    voice = ChildVoice.objects.get()
    assert voice.toolkit_answer == wish and voice.said == ""  # linked, not copied
    assert list(voice.answered_by.all()) == [item]
    voices_page = client.get(url("voices", family, cast.narek.pk)).content.decode()
    assert "Ik wil blijven voetballen" in voices_page and "alleen in het weekend" in voices_page
    assert "not linked to the plan yet" not in voices_page
    plan_page = client.get(url("plan", family)).content.decode()
    assert "Ik wil blijven voetballen" in plan_page
    # The child's words change in the toolkit: the plan shows the new words.
    wish.words = "Ik wil echt blijven voetballen"
    wish.save()
    assert "Ik wil echt blijven voetballen" in client.get(url("plan", family)).content.decode()
    # Linking again leads to the existing link; the link is a plan version like any change.
    again = client.get(link)
    assert again.url == url("voice_edit", family, cast.narek.pk, voice.pk)
    edit = client.get(again.url)
    assert "said" not in edit.context["form"].fields
    assert "Ik wil echt blijven voetballen" in edit.content.decode()
    last = ReturnPlan.objects.get(family=family).versions.first()
    assert last.object_key == f"voice:{voice.pk}"
    assert any(change["field"] == "toolkit_answer" for change in last.changes)


def test_only_this_childs_flagged_answers_can_be_linked(client, cast, family):
    ani = family.members.get(given_name="Ani")
    of_ani = toolkit_answer(ani, "Mijn pop")
    unflagged = toolkit_answer(cast.narek, "Alleen voor mij", flagged=False)
    login(client, cast.counsellor)
    for answer in (of_ani, unflagged):
        link = url("voice_from_answer", family, cast.narek.pk, answer.pk)
        assert client.get(link).status_code == 404
        assert client.post(link, {"version": 1, "taken_into_account": "yes"}).status_code == 404
    assert not ChildVoice.objects.exists()
    with pytest.raises(ValidationError, match="not this child"):
        services.add_voice(None, cast.counsellor, cast.narek, toolkit_answer=of_ani)


def test_an_entry_by_a_professional_still_needs_the_childs_words(client, cast, family):
    login(client, cast.counsellor)
    response = client.post(url("voices", family, cast.narek.pk), {"version": 1, "said": " "})
    assert response.status_code == 400 and "said" in response.context["form"].errors
    assert not ChildVoice.objects.exists()


def test_a_voice_answered_by_an_id_too_large_for_the_database_is_refused(client, cast, family):
    login(client, cast.counsellor)
    data = {"version": 1, "said": "Mijn fiets mee", "answered_by": ["9" * 25]}
    response = client.post(url("voices", family, cast.narek.pk), data)
    assert response.status_code == 400 and "answered_by" in response.context["form"].errors
    assert not ChildVoice.objects.exists()


def test_the_pdf_quotes_the_childs_toolkit_answers_per_child(client, cast, family):
    item = services.add_item(
        None, cast.casemanager, family, child=cast.narek, domain="education", what="Schoolplek"
    )
    linked = toolkit_answer(cast.narek, "Naar school met mijn neef", kind="wish", code="PLAN")
    toolkit_answer(cast.narek, "Mijn kat meenemen", kind="wish", code="PLAN")
    services.add_voice(
        None,
        cast.counsellor,
        cast.narek,
        toolkit_answer=linked,
        answered_by=[item],
        taken_into_account="yes",
    )
    login(client, cast.counsellor)
    response = client.get(url("pdf", family) + "?lang=en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "Naar school met mijn neef",
        "Mijn kat meenemen",
        "Toolkit session of",
        "not linked to the plan yet",
    ]:
        assert expected in text, expected


def test_a_private_answer_is_linked_only_when_the_child_agreed_to_share_it(client, cast, family):
    """The plan is read by the whole team: the person the child talked with links an answer the
    child kept private only after confirming the child agreed; that becomes the child's choice."""
    wish = toolkit_answer(
        cast.narek,
        "Bij oma wonen",
        kind="wish",
        code="PLAN",
        shared="private",
        held_by=cast.counsellor,
    )
    login(client, cast.careworker)  # on the team, did not hold the session
    assert "Bij oma wonen" not in client.get(url("voices", family, cast.narek.pk)).content.decode()
    link = url("voice_from_answer", family, cast.narek.pk, wish.pk)
    assert client.get(link).status_code == 404
    login(client, cast.counsellor)
    voices = client.get(url("voices", family, cast.narek.pk)).content.decode()
    assert "Bij oma wonen" in voices and "not shared with the team" in voices
    fields = {"version": 1, "taken_into_account": "yes"}
    refused = client.post(link, fields)
    assert refused.status_code == 400 and "child_shares" in refused.context["form"].errors
    assert not ChildVoice.objects.exists()
    wish.refresh_from_db()
    assert wish.shared_with == "private"
    assert client.post(link, {**fields, "child_shares": "on"}).status_code == 302
    wish.refresh_from_db()
    assert wish.shared_with == "team" and ChildVoice.objects.get().toolkit_answer == wish
    assert AuditEvent.objects.filter(detail__startswith="sharing: team (recorded by the adult)")
