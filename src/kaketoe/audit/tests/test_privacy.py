"""The personal-data registry, the records of processing, and retention (apply_retention)."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from kaketoe.audit import privacy, retention
from kaketoe.audit.models import AuditEvent
from kaketoe.cases import services
from kaketoe.cases.models import Family, Person, Stage
from kaketoe.testing import login, make_cast

TEXT_FIELDS = (models.CharField, models.TextField, models.BinaryField, models.JSONField)


def test_the_registry_names_only_fields_that_exist():
    for entry in privacy.entries():
        model = privacy.model_of(entry)
        for name in entry.fields:
            model._meta.get_field(name)  # raises when a field was renamed or removed
        if entry.family_path not in (None, "pk"):
            model.objects.filter(**{entry.family_path: 1}).query  # noqa: B018 - a valid lookup


def test_every_free_text_field_of_case_data_is_registered_or_declared_not_personal():
    registered = {(e.model, f) for e in privacy.REGISTRY for f in e.fields}
    missing = []
    for app in privacy.CASE_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, TEXT_FIELDS) or field.choices:
                    continue
                if field.name in privacy.NOT_PERSONAL or field.name in {"completed_steps"}:
                    continue
                if (model._meta.label, field.name) in registered:
                    continue
                if isinstance(field, models.JSONField) and model._meta.model_name in {
                    "monitoringvisit",
                    "parentconversation",
                }:
                    continue  # scores and ticked topics: the pseudonymised monitoring figures
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == [], "register these in audit/privacy.py (or declare them not personal)"


@pytest.mark.django_db
def test_the_privacy_officer_reads_the_records_of_processing(client):
    cast = make_cast()
    login(client, cast.privacy)
    page = client.get(reverse("audit:processing"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "5 years after the case is closed" in text or "5 jaar" in text
    models_shown = {record["model"] for record in page.context["records"]}
    assert {"cases.Person", "assessments.ChildFactor", "toolkit.Answer"} <= models_shown
    assert AuditEvent.objects.filter(action="view", detail="records of processing").exists()


def close(family, actor):
    family.stage = Stage.CLOSED
    services.change_case(None, actor, family, family.version, ["stage"])


@pytest.mark.django_db
def test_closing_a_case_sets_closed_at_and_reopening_clears_it():
    cast = make_cast()
    close(cast.hakobyan, cast.casemanager)
    cast.hakobyan.refresh_from_db()
    assert cast.hakobyan.closed_at is not None
    cast.hakobyan.stage = Stage.MONITORING
    services.change_case(None, cast.casemanager, cast.hakobyan, cast.hakobyan.version, ["stage"])
    cast.hakobyan.refresh_from_db()
    assert cast.hakobyan.closed_at is None


def seeded_free_texts(cast):
    from kaketoe.assessments.models import ChildFactor
    from kaketoe.plans import services as plans

    ChildFactor.objects.create(
        child=cast.narek,
        catalogue_version="test",
        level="child",
        phase="before",
        kind=ChildFactor.Kind.values[0],
        free_text="nightmares since the raid",
        note="PTSD diagnosis",
    )
    plans.add_item(None, cast.casemanager, cast.hakobyan, domain="housing", what="Flat at uncle")


@pytest.mark.django_db
def test_apply_retention_erases_expired_cases_and_keeps_the_figures(settings):
    from kaketoe.assessments.models import ChildFactor
    from kaketoe.plans.models import PlanItem

    settings.KAKETOE_RETENTION_YEARS = 5
    cast = make_cast()
    seeded_free_texts(cast)
    with time_machine.travel(timezone.now() - timedelta(days=5 * 366)):
        close(cast.hakobyan, cast.casemanager)
    with time_machine.travel(timezone.now() - timedelta(days=4 * 365)):
        close(cast.petrosyan, cast.other_org)  # closed four years ago: not yet
    sexes = list(cast.hakobyan.members.values_list("sex", flat=True))

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"{cast.hakobyan.reference}" in out.getvalue() and "would erase" in out.getvalue()
    assert cast.petrosyan.reference not in out.getvalue()
    assert Person.objects.filter(given_name="Narek").exists()  # a dry run changes nothing
    assert not AuditEvent.objects.filter(action="erase").exists()

    call_command("apply_retention", stdout=StringIO())
    family = Family.objects.get(pk=cast.hakobyan.pk)
    assert family.name == privacy.ERASED_NAME and family.erased_at is not None
    assert family.country_of_return == "AM" and family.stage == Stage.CLOSED  # figures stay
    narek = Person.objects.get(pk=cast.narek.pk)
    assert (narek.given_name, narek.family_name) == (privacy.ERASED_NAME, privacy.ERASED_NAME)
    assert narek.date_of_birth == date(2011, 1, 1)  # the birth year only
    assert list(family.members.values_list("sex", flat=True)) == sexes
    factor = ChildFactor.objects.get(child=narek)
    assert factor.free_text == "" and factor.note == "" and factor.kind  # the kind is a figure
    assert PlanItem.objects.get(family=family).what == ""
    assert not family.timeline.exclude(subject="").exists()
    assert family.team.get(pk=cast.grandmother.pk).name == ""
    assert Family.objects.get(pk=cast.petrosyan.pk).name == "Petrosyan"
    event = AuditEvent.objects.get(action="erase")
    assert event.family_id == family.pk and "cases.Person" in event.detail

    call_command("apply_retention", stdout=StringIO())  # once erased, not again
    assert AuditEvent.objects.filter(action="erase").count() == 1


@pytest.mark.django_db
def test_the_retention_period_is_configurable(settings):
    cast = make_cast()
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        close(cast.hakobyan, cast.casemanager)
    settings.KAKETOE_RETENTION_YEARS = 5
    assert list(retention.expired_families()) == []
    settings.KAKETOE_RETENTION_YEARS = 1
    assert list(retention.expired_families()) == [Family.objects.get(pk=cast.hakobyan.pk)]
