"""seed_demo shows filled toolkit pages: a finished booklet session of a 7-year-old with a flagged
answer, a sticker and a farewell page, and plan items for the Hakobyan family."""

from io import StringIO

import pytest
from django.core.management import call_command

from kaketoe.cases.models import Family

pytestmark = pytest.mark.django_db


def test_seed_demo_has_a_finished_toolkit_session_and_plan_items_once():
    from kaketoe.toolkit.models import Answer, ChildSession, FarewellMessage, Sticker

    call_command("seed_demo", stdout=StringIO(), verbosity=0)
    family = Family.objects.get(name="Hakobyan")
    davit = family.members.get(given_name="Davit")
    assert davit.age() == 7
    session = ChildSession.objects.get(child=davit)
    assert session.kit == "booklet" and session.ended_at and session.recorded_at
    assert Answer.objects.filter(child=davit).count() >= 3
    assert Answer.objects.filter(child=davit, for_return_plan=True).count() == 1
    assert set(Sticker.objects.filter(child=davit).values_list("part", flat=True)) == {"A"}
    farewell = FarewellMessage.objects.get(child=davit)
    assert farewell.contact and davit.farewell_consent.in_force
    assert family.plan_items.count() >= 2
    counts = (
        ChildSession.objects.count(),
        Answer.objects.count(),
        FarewellMessage.objects.count(),
        family.plan_items.count(),
    )
    call_command("seed_demo", stdout=StringIO(), verbosity=0)
    assert counts == (
        ChildSession.objects.count(),
        Answer.objects.count(),
        FarewellMessage.objects.count(),
        family.plan_items.count(),
    )
