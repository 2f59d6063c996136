"""Bad input changes nothing; duplicates and concurrent edits are caught; messages are clear."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services
from kaketoe.cases.forms import NewFamilyForm, PersonForm
from kaketoe.cases.models import Family, Person, TeamMember, TimelineEvent
from kaketoe.testing import login, make_cast, make_family

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def unless_dutch(message: str):
    """xfail while the Dutch catalogue lacks `message` (the translations are written apart)."""
    with translation.override("nl"):
        missing = translation.gettext(message) == message
    return pytest.mark.xfail(
        missing, strict=False, reason=f"no Dutch translation yet for {message!r}"
    )


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel("2026-03-02 10:00:00+01:00", tick=False):
        yield


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def as_casemanager(client, cast):
    login(client, cast.casemanager)
    return client


def new_family(**overrides):
    data = {
        "name": "Aydin",
        "country_of_return": "TR",
        "parent_given_name": "Elif",
        "parent_family_name": "Aydin",
        "parent_date_of_birth": "1990-04-01",
        "version": 1,
    }
    return {**data, **overrides}


def new_child(**overrides):
    data = {
        "relation": "child",
        "given_name": "Muhammad",
        "family_name": "Hakobyan",
        "date_of_birth": "2016-05-05",
        "version": 1,
    }
    return {**data, **overrides}


def family_data(family, **overrides):
    data = {
        "name": family.name,
        "country_of_return": family.country_of_return.code,
        "stage": family.stage,
        "version": family.version,
    }
    return {**data, **overrides}


def person_data(person, **overrides):
    data = {
        "relation": person.relation,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "version": person.version,
    }
    return {**data, **overrides}


def counts():
    return Family.objects.count(), Person.objects.count(), TeamMember.objects.count()


def errors_of(response, field):
    return response.context["form"].errors.get(field, [])


# Bad input changes nothing --------------------------------------------------------------------


def test_child_born_in_the_future_is_refused_and_nothing_is_saved(as_casemanager, cast):
    before = counts()
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child(date_of_birth="2026-03-03"))
    assert response.status_code == 200
    assert errors_of(response, "date_of_birth") == ["A date of birth cannot be in the future."]
    assert "A date of birth cannot be in the future." in response.content.decode()
    assert counts() == before


def test_child_born_today_is_accepted(as_casemanager, cast):
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child(date_of_birth="2026-03-02"))
    assert response.status_code == 302
    assert cast.hakobyan.members.filter(given_name="Muhammad").exists()


def test_child_without_date_of_birth_is_refused_because_the_age_decides_the_guidance(cast):
    form = PersonForm(new_child(date_of_birth=""))
    assert not form.is_valid()
    assert "age decides" in form.errors["date_of_birth"][0]


def test_parent_born_in_the_future_is_refused_on_a_new_case(as_casemanager):
    before = counts()
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(parent_date_of_birth="2030-01-01")
    )
    assert errors_of(response, "parent_date_of_birth") == [
        "A date of birth cannot be in the future."
    ]
    assert counts() == before


def test_new_case_with_planned_departure_before_today_is_refused(as_casemanager):
    before = counts()
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(planned_departure="2026-03-01")
    )
    assert response.status_code == 200
    message = "A new case cannot have a planned departure before today."
    assert errors_of(response, "planned_departure") == [message]
    assert message in response.content.decode()
    assert counts() == before


def test_new_case_may_plan_departure_for_today(as_casemanager):
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(planned_departure="2026-03-02")
    )
    assert response.status_code == 302
    assert Family.objects.get(name="Aydin").planned_departure == TODAY


@pytest.mark.parametrize("name", ["", "   "])
def test_new_case_without_a_family_name_is_refused(as_casemanager, name):
    before = counts()
    response = as_casemanager.post(reverse("cases:family_create"), new_family(name=name))
    assert response.status_code == 200
    assert errors_of(response, "name") == ["This field is required."]
    assert counts() == before


@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_household_member_with_a_blank_name_is_refused(as_casemanager, cast, field):
    before = counts()
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child(**{field: "  "}))
    assert errors_of(response, field)
    assert counts() == before


def test_unknown_country_of_return_is_refused(as_casemanager):
    before = counts()
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(country_of_return="XX")
    )
    assert response.status_code == 200
    assert errors_of(response, "country_of_return") == [
        "Select a valid choice. XX is not one of the available choices."
    ]
    assert counts() == before


def test_editing_a_case_with_a_blank_name_changes_nothing(as_casemanager, cast):
    url = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, family_data(cast.hakobyan, name="  "))
    assert errors_of(response, "name")
    cast.hakobyan.refresh_from_db()
    assert (cast.hakobyan.name, cast.hakobyan.version) == ("Hakobyan", 1)


def test_actual_departure_cannot_be_in_the_future(as_casemanager, cast):
    url = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, family_data(cast.hakobyan, actual_departure="2026-03-09"))
    assert errors_of(response, "actual_departure") == [
        "The actual departure cannot be in the future."
    ]
    cast.hakobyan.refresh_from_db()
    assert cast.hakobyan.actual_departure is None


def test_a_valid_new_case_opens_with_its_first_parent(as_casemanager, cast):
    response = as_casemanager.post(reverse("cases:family_create"), new_family())
    family = Family.objects.get(name="Aydin")
    assert response.url == reverse("cases:family", args=[family.pk])
    parent = family.members.get()
    assert (parent.relation, parent.full_name, parent.date_of_birth) == (
        "parent",
        "Elif Aydin",
        date(1990, 4, 1),
    )


# Possible duplicates -----------------------------------------------------------------------


def mohammed_in(family):
    return Person(
        family=family,
        relation="child",
        given_name="Mohammed",
        family_name="Hakobyan",
        date_of_birth=date(2016, 5, 5),
    )


@pytest.fixture
def mohammed(cast):
    return services.add_member(None, cast.casemanager, cast.hakobyan, mohammed_in(cast.hakobyan))


def test_possible_duplicates_meet_across_transliterations(mohammed):
    assert list(services.possible_duplicates("Muhammad", "Hakobyan", date(2016, 5, 5))) == [
        mohammed
    ]


def test_possible_duplicates_need_the_same_date_of_birth(mohammed):
    assert not services.possible_duplicates("Muhammad", "Hakobyan", date(2016, 5, 6)).exists()
    assert not services.possible_duplicates("Muhammad", "Hakobyan", None).exists()


def test_possible_duplicates_keep_different_names_apart(mohammed):
    assert not services.possible_duplicates("Mahmoud", "Hakobyan", date(2016, 5, 5)).exists()


def test_same_child_entered_twice_in_a_family_shows_the_duplicate_warning(
    as_casemanager, cast, mohammed
):
    before = counts()
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child())
    page = response.content.decode()
    assert response.status_code == 200
    assert "This person may already be registered." in page
    assert "Mohammed Hakobyan" in page
    assert counts() == before


def test_duplicate_in_another_visible_case_is_listed_and_nothing_is_saved(as_casemanager, cast):
    other = make_family(cast.casemanager, "Sargsyan")
    services.add_member(None, cast.casemanager, other, mohammed_in(other))
    before = counts()
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child())
    assert [p.family for p in response.context["duplicates"]] == [other]
    assert other.reference in response.content.decode()
    assert counts() == before


def test_duplicate_is_saved_once_the_user_confirms_it_is_someone_else(
    as_casemanager, cast, mohammed
):
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child(save_despite_duplicates="on"))
    assert response.status_code == 302
    assert cast.hakobyan.members.filter(given_name="Muhammad").exists()


def test_duplicate_in_a_case_the_user_cannot_see_is_reported_without_leaking_it(
    as_casemanager, cast
):
    hidden = make_family(cast.other_org, "Karapetyan")
    services.add_member(None, cast.other_org, hidden, mohammed_in(hidden))
    before = counts()
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child())
    page = response.content.decode()
    assert "already registered in a case you are not on" in page
    assert "Karapetyan" not in page
    assert hidden.reference not in page
    assert reverse("cases:family", args=[hidden.pk]) not in page
    assert response.context["duplicates"] == []
    assert counts() == before
    search = AuditEvent.objects.get(action="search")
    assert search.detail == "duplicates: 0 visible, 1 hidden"


def test_new_case_whose_parent_is_already_registered_shows_the_warning(as_casemanager, cast):
    make_family(cast.casemanager, "Aydin-Demir")
    services.add_member(
        None,
        cast.casemanager,
        Family.objects.get(name="Aydin-Demir"),
        Person(
            relation="parent",
            given_name="Elif",
            family_name="Aydin",
            date_of_birth=date(1990, 4, 1),
        ),
    )
    before = counts()
    response = as_casemanager.post(reverse("cases:family_create"), new_family())
    assert "This person may already be registered." in response.content.decode()
    assert counts() == before
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(save_despite_duplicates="on")
    )
    assert response.status_code == 302
    assert Family.objects.filter(name="Aydin").exists()


def test_new_family_form_offers_save_anyway_only_after_a_warning(as_casemanager):
    page = as_casemanager.get(reverse("cases:family_create")).content.decode()
    assert "save_despite_duplicates" not in page


# Concurrent edits -------------------------------------------------------------------------


def test_second_of_two_concurrent_case_edits_is_refused_and_the_first_is_kept(
    client, cast, settings
):
    url = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    login(client, cast.casemanager)
    opened = client.get(url).context["form"]["version"].value()
    assert opened == 1
    first = client.post(url, family_data(cast.hakobyan, place_of_return="Yerevan", version=1))
    assert first.status_code == 302
    login(client, cast.lawyer)
    second = client.post(
        url, family_data(cast.hakobyan, place_of_return="Gyumri", version=1), follow=True
    )
    assert second.redirect_chain == [(url, 302)]
    assert "Someone else saved this record" in second.content.decode()
    cast.hakobyan.refresh_from_db()
    assert (cast.hakobyan.place_of_return, cast.hakobyan.version) == ("Yerevan", 2)
    assert second.context["form"]["version"].value() == 2


def test_second_of_two_concurrent_member_edits_is_refused_and_the_first_is_kept(
    as_casemanager, cast
):
    url = reverse("cases:person_edit", args=[cast.hakobyan.pk, cast.narek.pk])
    first = as_casemanager.post(url, person_data(cast.narek, languages="Armenian", version=1))
    assert first.status_code == 302
    second = as_casemanager.post(
        url, person_data(cast.narek, languages="Russian", version=1), follow=True
    )
    assert "Someone else saved this record" in second.content.decode()
    cast.narek.refresh_from_db()
    assert (cast.narek.languages, cast.narek.version) == ("Armenian", 2)


def test_change_case_refuses_a_stale_version_without_writing_anything(cast):
    events = TimelineEvent.objects.count()
    cast.hakobyan.place_of_return = "Gyumri"
    services.change_case(None, cast.casemanager, cast.hakobyan, 1, ["place_of_return"])
    stale = Family.objects.get(pk=cast.hakobyan.pk)
    stale.place_of_return = "Vanadzor"
    with pytest.raises(services.StaleEdit):
        services.change_case(None, cast.lawyer, stale, 1, ["place_of_return"])
    assert Family.objects.get(pk=cast.hakobyan.pk).place_of_return == "Gyumri"
    assert TimelineEvent.objects.count() == events + 1


def test_a_stage_change_is_its_own_timeline_entry(cast):
    cast.hakobyan.stage = "guiding"
    services.change_case(None, cast.casemanager, cast.hakobyan, 1, ["stage"])
    kinds = list(cast.hakobyan.timeline.values_list("kind", flat=True)[:1])
    assert kinds == ["stage"]


# Dutch ------------------------------------------------------------------------------------


def test_required_field_message_is_dutch_for_a_dutch_browser(as_casemanager):
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(name=""), HTTP_ACCEPT_LANGUAGE="nl"
    )
    # Django says "verplicht", Django REST framework (installed, and preferred by gettext)
    # says "vereist": both are the Dutch a user should see.
    assert errors_of(response, "name")[0] in {"Dit veld is verplicht.", "Dit veld is vereist."}


def test_unknown_country_message_is_dutch_with_the_language_cookie(as_casemanager):
    as_casemanager.cookies["django_language"] = "nl"
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(country_of_return="XX")
    )
    assert errors_of(response, "country_of_return") == [
        "Selecteer een geldige keuze. XX is geen beschikbare keuze."
    ]


@unless_dutch("A date of birth cannot be in the future.")
def test_future_date_of_birth_message_is_dutch(as_casemanager, cast):
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(
        url, new_child(date_of_birth="2030-01-01"), HTTP_ACCEPT_LANGUAGE="nl"
    )
    [message] = errors_of(response, "date_of_birth")
    assert message != "A date of birth cannot be in the future."
    assert "geboortedatum" in message.lower()


@unless_dutch("A new case cannot have a planned departure before today.")
def test_planned_departure_message_is_dutch(as_casemanager):
    as_casemanager.cookies["django_language"] = "nl"
    response = as_casemanager.post(
        reverse("cases:family_create"), new_family(planned_departure="2026-01-01")
    )
    [message] = errors_of(response, "planned_departure")
    assert message != "A new case cannot have a planned departure before today."
    assert "vertrek" in message.lower()


@unless_dutch(
    "Someone else saved this record while you were editing it. "
    "Your changes were not saved: the form now shows the latest "
    "version; please enter them again."
)
def test_concurrent_edit_message_is_dutch(as_casemanager, cast):
    url = reverse("cases:family_edit", args=[cast.hakobyan.pk])
    as_casemanager.post(url, family_data(cast.hakobyan, place_of_return="Yerevan"))
    response = as_casemanager.post(
        url, family_data(cast.hakobyan), HTTP_ACCEPT_LANGUAGE="nl", follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain
    assert "Someone else saved this record" not in page
    assert "opgeslagen" in page


@unless_dutch(
    "This person may already be registered. Check the cases below; save anyway only "
    "if this is really someone else."
)
def test_duplicate_warning_is_dutch(as_casemanager, cast, mohammed):
    url = reverse("cases:person_add", args=[cast.hakobyan.pk])
    response = as_casemanager.post(url, new_child(), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.context["duplicate_message"]
    assert "This person may already be registered." not in response.context["duplicate_message"]


def test_new_family_form_cleans_the_first_parent_into_a_person():
    form = NewFamilyForm(new_family())
    assert form.is_valid(), form.errors
    parent = form.first_parent()
    assert (parent.relation, parent.given_name, parent.pk) == ("parent", "Elif", None)
