"""After return the partner organisation abroad holds part-D sessions with a child (issue 14 §2),
under the consent that lets it monitor the family; the rest of child mode stays with the team."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from kaketoe.cases import access
from kaketoe.cases.models import Person
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry
from kaketoe.testing import login, make_cast, today
from kaketoe.toolkit.models import ChildSession
from kaketoe.toolkit.tests.test_views import start


def hand_over(cast):
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


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def ani(cast):
    return cast.hakobyan.members.get(given_name="Ani")


def test_only_a_partner_that_may_monitor_the_family_holds_part_d_sessions(cast):
    assert not access.can_hold_part_d_session(cast.partner, cast.hakobyan)  # no handover yet
    hand_over(cast)
    assert access.can_hold_part_d_session(cast.partner, cast.hakobyan)
    for dutch in (cast.counsellor, cast.casemanager, cast.teacher, cast.outsider):
        assert not access.can_hold_part_d_session(dutch, cast.hakobyan)


def test_the_partner_without_a_handover_cannot_start_a_session(client, cast, ani):
    login(client, cast.partner)
    assert start(client, ani, kit="cards", language="hy").status_code == 404
    assert not ChildSession.objects.exists()


def test_after_the_handover_the_partner_holds_a_session_of_part_d_in_the_childs_language(
    client, cast, ani
):
    hand_over(cast)
    login(client, cast.partner)
    overview = reverse("toolkit:child", kwargs={"pk": ani.family_id, "child_pk": ani.pk})
    prepare = reverse("toolkit:prepare", kwargs={"pk": ani.family_id, "child_pk": ani.pk})
    assert prepare in client.get(overview).content.decode()
    assert "part D only" in client.get(prepare, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert start(client, ani, kit="cards", language="hy").status_code == 302
    session = ChildSession.objects.get(child=ani)
    assert (session.only_part, session.language, session.started_by) == ("D", "hy", cast.partner)
    home = client.get(session.child_url()).content.decode()
    assert 'deck/D/"' in home and 'deck/A/"' not in home
    assert "my-plan" not in home and "farewell" not in home
    assert client.get(session.child_url("child_deck", deck_code="D")).status_code == 200
    assert client.get(session.child_url("child_card", card_code="CARD-D-1")).status_code == 200
    assert client.get(session.child_url("child_deck", deck_code="A")).status_code == 404
    assert client.get(session.child_url("child_card", card_code="CARD-A-1")).status_code == 404
    assert client.get(session.child_url("child_info", page_code="INFO-ARRIVE")).status_code == 200
    assert client.get(session.child_url("child_info", page_code="INFO-WHY")).status_code == 404
    for name in ("child_plan", "child_farewell"):
        response = client.get(session.child_url(name))
        assert response.status_code == 302 and response.url == session.child_url()


def test_a_partner_never_enters_a_session_of_the_dutch_team(client, cast, ani):
    hand_over(cast)
    login(client, cast.counsellor)
    start(client, ani, kit="cards")
    session = ChildSession.objects.get(child=ani)
    client.logout()
    login(client, cast.partner)
    assert client.get(session.child_url()).status_code == 404


def test_the_team_still_holds_sessions_of_every_part(client, cast, ani):
    hand_over(cast)
    login(client, cast.counsellor)
    start(client, ani, kit="cards")
    session = ChildSession.objects.get(child=ani)
    assert session.only_part == ""
    assert client.get(session.child_url("child_deck", deck_code="A")).status_code == 200
