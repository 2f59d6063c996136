from datetime import timedelta

import pytest
from django.utils import timezone

from kaketoe.cases.models import Person
from kaketoe.consent import services
from kaketoe.consent.models import ConsentEntry, Decision, How, Purpose
from kaketoe.testing import make_cast


@pytest.fixture
def cast():
    cast = make_cast()
    cast.yerevan = cast.partner.membership.organisation
    cast.armen = Person.objects.create(
        family=cast.hakobyan,
        relation=Person.Relation.PARENT,
        given_name="Armen",
        family_name="Hakobyan",
    )
    return cast


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def give(cast):
    """Record a parent's decision on Hakobyan through the service, as a counsellor would."""

    def give(purpose=Purpose.HANDOVER, decision=Decision.GIVEN, organisation=None, **fields):
        fields.setdefault("recorded_on", days_ago(3))
        fields.setdefault("given_by", cast.armen)
        entry = ConsentEntry(
            family=cast.hakobyan,
            purpose=purpose,
            organisation=organisation or cast.yerevan,
            decision=decision,
            how=How.SIGNED_FORM,
            **fields,
        )
        return services.record_consent(None, cast.counsellor, entry)

    return give
