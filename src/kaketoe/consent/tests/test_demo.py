"""The demo shows every state of sharing: shared, withdrawn, never handed over."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from kaketoe.accounts.models import Organisation, Role
from kaketoe.cases import access
from kaketoe.cases.models import Family
from kaketoe.consent.models import ConsentEntry, Handover

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=StringIO(), verbosity=0)


def test_demo_partner_sees_only_beridze_and_batbayar_is_withdrawn():
    seed()
    partner = get_user_model().objects.get(username="partner")
    shared = {"Beridze", "Grigoryan"}  # Grigoryan: in monitoring after return
    assert set(access.visible_families(partner).values_list("name", flat=True)) == shared
    batbayar = Family.objects.get(name="Batbayar")
    assert batbayar.consents.latest("recorded_on").decision == "withdrawn"
    assert batbayar.handovers.get().ended_at is not None
    mongolia = batbayar.handovers.get().organisation
    assert mongolia.kind == Organisation.Kind.PARTNER_ABROAD
    somebody = get_user_model().objects.create(username="mn_partner")
    somebody.membership = mongolia.memberships.create(user=somebody, role=Role.PARTNER)
    assert not access.visible_families(somebody).exists()
    hoxha = Family.objects.get(name="Hoxha")
    assert not hoxha.consents.exists() and not hoxha.handovers.exists()
    beridze = Family.objects.get(name="Beridze")
    assert set(beridze.consents.values_list("purpose", "decision")) == {
        ("handover", "given"),
        ("monitoring", "given"),
    }


def test_the_counsellor_is_on_every_demo_team():
    seed()
    counsellor = get_user_model().objects.get(username="counsellor")
    assert access.visible_families(counsellor).count() == Family.objects.count()


def test_a_second_demo_run_records_no_second_consent_or_handover():
    seed()
    counts = (ConsentEntry.objects.count(), Handover.objects.count())
    seed()
    assert counts == (ConsentEntry.objects.count(), Handover.objects.count())
