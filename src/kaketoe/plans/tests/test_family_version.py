"""The family version of the return plan (issue 14 §4): only the items shared with the family,
in the family's language, as a page and a PDF; nothing internal of the case."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kaketoe.audit.models import AuditEvent
from kaketoe.cases.models import Family
from kaketoe.catalogues import loader
from kaketoe.plans import family_version, rules, services
from kaketoe.plans.models import PlanItem, PlanVersion
from kaketoe.testing import login, make_cast, today

# A phrase of each language's fixed text (the catalogue's title) that the PDF must contain.
TITLES = {
    "nl": "Ons terugkeerplan",
    "en": "Our return plan",
    "ar": "خطة عودتنا",
    "hy": "Մեր վերադարձի ծրագիրը",
    "ru": "Наш план возвращения",
}
NAMES = {"nl": ["nederlands", "dutch"], "ar": ["arabisch", "arabic"], "hy": ["armeens"]}


# -- rules, without a database -------------------------------------------------------------------


def test_the_first_language_the_family_speaks_that_is_offered_is_found_in_free_text():
    assert rules.spoken_language("Arabisch, Koerdisch", NAMES) == "ar"
    assert rules.spoken_language("Koerdisch; Armeens / Russisch", NAMES) == "hy"
    assert rules.spoken_language("Mongools", NAMES) == ""
    assert rules.spoken_language("", NAMES) == ""


def test_the_family_language_is_the_choice_then_spoken_then_country_then_dutch():
    offered = ["nl", "en", "ar", "hy", "ru"]
    assert rules.family_language("ru", offered, spoken="ar", country_language="hy") == "ru"
    assert rules.family_language("xx", offered, spoken="ar", country_language="hy") == "ar"
    assert rules.family_language("", offered, spoken="", country_language="hy") == "hy"
    assert rules.family_language("", offered) == "nl"


def test_an_item_is_written_in_the_professionals_interface_language_if_dutch_or_english():
    assert rules.text_language("en") == "en"
    assert rules.text_language("nl-nl") == "nl"
    assert rules.text_language("ar") == "nl"


def test_every_fixed_text_of_the_family_version_is_there_in_all_five_languages():
    catalogue = loader.load(family_version.FAMILY_PLAN)
    languages = catalogue.data["languages"]
    assert languages == ["nl", "en", "ar", "hy", "ru"]
    for item in catalogue.items():
        assert set(item.text) >= set(languages), item.code
    for code, _label in PlanItem._meta.get_field("domain").choices:
        assert catalogue.item(code)
    for code, _label in PlanItem.Status.choices:
        assert catalogue.item(f"status_{code}")
    assert set(catalogue.data["unchecked_languages"]) == {"ar", "hy", "ru"}


# -- the item form -------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


@pytest.fixture
def family(cast):
    return cast.hakobyan


def url(name, family):
    return reverse(f"plans:{name}", args=[family.pk])


def shared(cast, what, **fields):
    return services.add_item(
        None, cast.casemanager, cast.hakobyan, share_with_family=True, what=what, **fields
    )


def test_an_item_is_not_shared_with_the_family_unless_marked():
    assert PlanItem._meta.get_field("share_with_family").default is False


def test_sharing_an_item_is_set_on_the_item_form_versioned_and_audited(client, cast, family):
    item = services.add_item(None, cast.casemanager, family, domain="housing", what="Huur")
    login(client, cast.casemanager)
    data = {
        "version": 1,
        "domain": "housing",
        "what": "Huur",
        "timing": "before_departure",
        "weeks_needed": 2,
        "status": "open",
        "source": "other",
        "share_with_family": "on",
        "text_language": "nl",
    }
    form = client.get(reverse("plans:item_edit", args=[family.pk, item.pk])).content.decode()
    assert 'name="share_with_family"' in form
    response = client.post(reverse("plans:item_edit", args=[family.pk, item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.share_with_family and item.version == 2
    version = PlanVersion.objects.filter(object_key=f"item:{item.pk}").latest("number")
    assert {"field": "share_with_family", "before": False, "after": True} in version.changes
    assert AuditEvent.objects.filter(
        action="change", object_type="planitem", detail__contains="share_with_family"
    ).exists()


# -- the page and the PDF ------------------------------------------------------------------------


def test_only_shared_items_appear_and_nothing_internal(client, cast, family):
    shared(cast, "Schoolrapporten vertalen", domain="education", child=cast.narek)
    shared(cast, "Housing for the first months", domain="housing", text_language="en")
    services.add_item(None, cast.casemanager, family, domain="safety", what="Intern: dreiging")
    services.add_voice(None, cast.casemanager, cast.narek, said="Mijn voetbal meenemen")
    services.save_attention(
        None, cast.casemanager, family, "2026.1", 0, {"p1": {"ticked": True, "evidence": "Geheim"}}
    )
    login(client, cast.teacher)  # any team member who may see the case
    page = client.get(url("family_plan", family) + "?lang=en").content.decode()
    assert "Schoolrapporten vertalen" in page and "Housing for the first months" in page
    assert "For Narek" in page and "For the whole family" in page
    assert "Written by the team in Dutch" in page and "Written by the team in English" in page
    assert '<span lang="nl" dir="ltr" class="pre">Schoolrapporten vertalen' in page
    for internal in ["Intern: dreiging", "Mijn voetbal", "Geheim", "Ani"]:
        assert internal not in page, internal
    assert AuditEvent.objects.filter(action="view", detail="family plan en").exists()


def test_a_family_with_nothing_shared_gets_a_plan_that_says_so(client, cast, family):
    services.add_item(None, cast.casemanager, family, domain="housing", what="Intern")
    login(client, cast.casemanager)
    page = client.get(url("family_plan", family) + "?lang=nl").content.decode()
    assert "Het team heeft nog geen punten van het plan met u gedeeld." in page
    assert "Intern" not in page


@pytest.mark.parametrize("language", sorted(TITLES))
def test_the_family_version_renders_in_each_language_as_page_and_pdf(
    client, cast, family, language
):
    shared(cast, "Woning in Gyumri", domain="housing", timing="after_arrival", months=3)
    login(client, cast.counsellor)
    page = client.get(url("family_plan", family) + f"?lang={language}").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<article class="family-plan" lang="{language}" dir="{direction}">' in page
    assert TITLES[language] in page
    response = client.get(url("family_plan_pdf", family) + f"?lang={language}")
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert TITLES[language] in text and "Woning in Gyumri" in text
    assert AuditEvent.objects.filter(action="export", detail=f"family plan pdf {language}").exists()


def test_the_professional_sees_which_languages_a_native_speaker_has_not_checked(
    client, cast, family
):
    login(client, cast.counsellor)
    page = client.get(url("family_plan", family) + "?lang=hy").content.decode()
    assert "The Armenian texts of the family version have not yet been checked" in page
    page = client.get(url("family_plan", family) + "?lang=nl").content.decode()
    assert "not yet been checked" not in page


def test_the_language_comes_from_the_family_then_the_country_of_return(cast, family):
    assert family_version.language_for(family, None) == "hy"  # Armenia
    assert family_version.language_for(family, "ru") == "ru"
    family.languages = "Arabisch, Koerdisch"
    assert family_version.language_for(family, "") == "ar"
    assert family_version.language_for(Family(country_of_return="MN"), None) == "nl"
    assert family_version.language_for(Family(country_of_return="GE"), "xx") == "ru"


def test_people_who_may_not_see_the_case_get_404(client, cast, family):
    shared(cast, "Woning in Gyumri", domain="housing")
    for who in [cast.outsider, cast.other_org, cast.partner, cast.privacy]:
        login(client, who)
        assert client.get(url("family_plan", family)).status_code == 404
        assert client.get(url("family_plan_pdf", family)).status_code == 404
    assert AuditEvent.objects.filter(action="denied", actor_id=cast.outsider.pk).exists()


def test_the_due_date_follows_the_departure(cast, family):
    family.planned_departure = today()
    family.save()
    shared(cast, "Woning", domain="housing", timing="after_arrival", months=2)
    document = family_version.document(family, services.plan_of(family), "en", today())
    row = document["parts"][0]["rows"][0]
    assert row["when"] == "Within 2 months after arrival" and row["due"]
    assert row["status"] == "Still to be arranged"
