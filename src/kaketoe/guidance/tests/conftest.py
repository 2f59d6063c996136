from datetime import date

import pytest

from kaketoe.accounts.models import Role
from kaketoe.cases import services as case_services
from kaketoe.testing import OrganisationFactory, make_family, make_user


@pytest.fixture
def casemanager(db):
    return make_user("casemanager", Role.CASE_MANAGER, OrganisationFactory(name="COA"))


@pytest.fixture
def teacher(db, casemanager, child):
    user = make_user("teacher", Role.TEACHER, OrganisationFactory(name="School"))
    case_services.join_team(None, casemanager, child.family, user=user)
    return user


@pytest.fixture
def family(casemanager):
    return make_family(casemanager, children=[("Ani", date(2017, 8, 23))])


@pytest.fixture
def child(family):
    return family.members.get(given_name="Ani")
