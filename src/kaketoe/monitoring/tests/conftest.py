from datetime import timedelta

import pytest
from django.utils import timezone

from kaketoe.cases.models import Person
from kaketoe.consent import services as consent
from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose
from kaketoe.testing import make_cast


@pytest.fixture
def cast():
    """The shared cast, with Hakobyan departed 200 days ago and handed over to Yerevan."""
    cast = make_cast()
    cast.yerevan = cast.partner.membership.organisation
    cast.armen = Person.objects.create(
        family=cast.hakobyan, relation="parent", given_name="Armen", family_name="Hakobyan"
    )
    entry = ConsentEntry(
        family=cast.hakobyan,
        purpose=Purpose.HANDOVER,
        organisation=cast.yerevan,
        decision=Decision.GIVEN,
        given_by=cast.armen,
        how=How.SIGNED_FORM,
        recorded_on=timezone.localdate() - timedelta(days=210),
    )
    cast.consent = consent.record_consent(None, cast.counsellor, entry)
    consent.hand_over(None, cast.counsellor, cast.hakobyan, cast.yerevan)
    cast.ani = cast.hakobyan.members.get(given_name="Ani")
    return cast
