"""Factories and helpers shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaketoe.accounts.models import Membership, Organisation, Role
from kaketoe.cases import services
from kaketoe.cases.models import Family, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.RECEPTION


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    password = factory.django.Password("pw-for-tests-only")


def make_user(
    username: str, role: str = Role.CASE_MANAGER, organisation=None, *, sees_all: bool = False
):
    user = UserFactory(username=username)
    Membership.objects.create(
        user=user,
        organisation=organisation or OrganisationFactory(),
        role=role,
        sees_all_organisation_cases=sees_all,
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def make_family(owner, name: str = "Hakobyan", *, children=(), **fields) -> Family:
    fields.setdefault("country_of_return", "AM")
    family = services.open_case(None, owner, Family(name=name, **fields))
    for given, born in children:
        services.add_member(
            None,
            owner,
            family,
            Person(
                relation=Person.Relation.CHILD,
                given_name=given,
                family_name=name,
                date_of_birth=born,
            ),
        )
    return family


def login(client, user) -> None:
    """Log a user in with both factors done (the login flow itself has its own tests)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.first().persistent_id
    session.save()


def today():
    return timezone.localdate()


# The named cast -----------------------------------------------------------------------------
#
# One organisation of each kind, one user per role, and two families:
# - "Hakobyan" (opened by `casemanager` of the COA) with two children, a grandmother in the
#   informal network, and on its team: regievoerder, counsellor, lawyer, teacher, careworker and
#   the partner abroad (who still sees nothing: no consented handover exists yet);
# - "Petrosyan", a case of another organisation (opened by `other_org`).
# `teamlead` (COA, sees every case of the organisation), `outsider` (COA, not on the team),
# `privacy` and `orgadmin` (COA, not on the team) complete the cast.

CAST_ROLES = {
    # username: (organisation key, role, sees all organisation cases)
    "regievoerder": ("dtv", Role.REGIEVOERDER, False),
    "casemanager": ("coa", Role.CASE_MANAGER, False),
    "counsellor": ("return", Role.COUNSELLOR, False),
    "lawyer": ("legal", Role.LAWYER, False),
    "teacher": ("school", Role.TEACHER, False),
    "careworker": ("care", Role.CARE_WORKER, False),
    "partner": ("partner", Role.PARTNER, False),
    "privacy": ("coa", Role.PRIVACY_OFFICER, False),
    "orgadmin": ("coa", Role.ORG_ADMIN, False),
    "teamlead": ("coa", Role.CASE_MANAGER, True),
    "outsider": ("coa", Role.CASE_MANAGER, False),
    "other_org": ("elsewhere", Role.CASE_MANAGER, False),
}
CAST_ORGANISATIONS = {
    "dtv": ("DT&V test office", Organisation.Kind.RETURN_AUTHORITY),
    "coa": ("COA test location", Organisation.Kind.RECEPTION),
    "return": ("Return foundation", Organisation.Kind.RETURN_ORGANISATION),
    "legal": ("Legal aid office", Organisation.Kind.LEGAL_AID),
    "school": ("Primary school", Organisation.Kind.SCHOOL),
    "care": ("Mental health care", Organisation.Kind.CARE),
    "partner": ("Family Support Yerevan", Organisation.Kind.PARTNER_ABROAD),
    "elsewhere": ("COA other location", Organisation.Kind.RECEPTION),
}
HAKOBYAN_TEAM = ["regievoerder", "counsellor", "lawyer", "teacher", "careworker", "partner"]


class Cast:
    """Named users, organisations and the two families; `cast.lawyer`, `cast.hakobyan`, ..."""

    def __init__(self):
        from datetime import date

        self.organisations = {
            key: OrganisationFactory(name=name, kind=kind)
            for key, (name, kind) in CAST_ORGANISATIONS.items()
        }
        self.users = {
            username: make_user(username, role, self.organisations[org], sees_all=sees_all)
            for username, (org, role, sees_all) in CAST_ROLES.items()
        }
        for username, user in self.users.items():
            setattr(self, username, user)
        self.hakobyan = make_family(
            self.casemanager,
            "Hakobyan",
            children=[("Narek", date(2011, 2, 10)), ("Ani", date(2015, 6, 1))],
        )
        for username in HAKOBYAN_TEAM:
            services.join_team(None, self.casemanager, self.hakobyan, user=self.users[username])
        self.grandmother = services.join_team(
            None, self.casemanager, self.hakobyan, name="Siranush", description="grandmother"
        )
        self.narek = self.hakobyan.members.get(given_name="Narek")
        self.petrosyan = make_family(self.other_org, "Petrosyan", country_of_return="GE")

    def place_of(self, user, family=None):
        """The active team place of `user` on `family` (default Hakobyan)."""
        family = family or self.hakobyan
        return family.team.get(user=user, removed_at__isnull=True)


def make_cast() -> Cast:
    return Cast()
