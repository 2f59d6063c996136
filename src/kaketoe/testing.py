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
