"""What step 1A asks for on the route map (cases/route_map.py, docs/route-map.md)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaketoe.assessments import instruments, rules
from kaketoe.assessments.models import BestInterestsAssessment, ChildFactor, PreconditionAnswer
from kaketoe.cases.route_map import Need, blocker, evidence
from kaketoe.catalogues import loader

# Appendix 1: "The child has been informed about the return (procedure) in a child-friendly and
# age-appropriate manner."
INFORMED = "B1-LEG-07"


@evidence("1A")
def step_1a(family, children) -> list:
    return [
        _preconditions(family, children),
        _safety(family),
        *_per_child(family, children),
    ]


def _preconditions(family, children) -> Need:
    """Every precondition answered (anything but 'unknown') for the family and each child."""
    catalogue = loader.load(instruments.PRECONDITIONS)
    scopes = {row.code: row.scope for row in instruments.checklist_rows(catalogue)}
    slots = rules.slots(scopes, [child.pk for child in children])
    answers = {
        (child_id, code): status
        for child_id, code, status in PreconditionAnswer.objects.filter(
            family=family, catalogue_version=catalogue.version
        ).values_list("child_id", "item_code", "status")
    }
    progress = rules.progress(slots, answers)
    open_count = progress.total - progress.answered
    return Need(
        "1A:preconditions",
        _("Preconditions checklist: %(open)s of %(total)s answers still open")
        % {"open": open_count, "total": progress.total}
        if open_count
        else _("Preconditions checklist answered"),
        reverse("assessments:preconditions", args=[family.pk]),
        met=open_count == 0,
    )


def _safety(family) -> Need:
    latest = family.safety_assessments.order_by("-assessed_on").values_list(
        "assessed_on", flat=True
    )
    latest = latest.first()
    outdated = latest is not None and (
        rules.safety_warning(
            latest,
            timezone.localdate(),
            None,
            max_age_months=settings.SAFETY_ASSESSMENT_MAX_AGE_MONTHS,
            warn_days=0,
        )
        == "outdated"
    )
    text = (
        _("A safety assessment that is not out of date (the latest is out of date)")
        if outdated
        else _("A safety assessment of the country of return")
    )
    url = reverse("assessments:safety", args=[family.pk])
    return Need("1A:safety", text, url, met=latest is not None and not outdated)


def _per_child(family, children) -> list[Need]:
    ids = [child.pk for child in children]
    with_factors = set(
        ChildFactor.objects.filter(child_id__in=ids, withdrawn_at__isnull=True).values_list(
            "child_id", flat=True
        )
    )
    final = set(
        BestInterestsAssessment.objects.filter(
            child_id__in=ids, status=BestInterestsAssessment.Status.FINAL
        ).values_list("child_id", flat=True)
    )
    needs = []
    for child in children:
        name = child.given_name
        needs.append(
            Need(
                f"1A:factors:{child.pk}",
                _("Risk and protective factors of %(name)s reviewed") % {"name": name},
                reverse("assessments:factors", args=[family.pk, child.pk]),
                met=child.pk in with_factors,
                notable=True,  # reviewed with nothing to record: a note says so
            )
        )
        needs.append(
            Need(
                f"1A:best_interests:{child.pk}",
                _("A final best-interests assessment of %(name)s") % {"name": name},
                reverse("assessments:best_interests", args=[family.pk, child.pk]),
                met=child.pk in final,
            )
        )
    return needs


@blocker
def before_departure(family, children) -> list[str]:
    """Step 1A's blockers: open or unmet preconditions, the safety assessment, the children's
    final best-interests assessments, and children not yet informed about the return (appendix
    1, B1-LEG-07, answered "met" for the child)."""
    needs = step_1a(family, children)
    texts = [need.text for need in needs if not need.met and not need.key.startswith("1A:fac")]
    catalogue = loader.load(instruments.PRECONDITIONS)
    answers = PreconditionAnswer.objects.filter(family=family, catalogue_version=catalogue.version)
    unmet = answers.filter(status=rules.NOT_MET).count()
    if unmet:
        texts.append(_("%(count)s preconditions not met") % {"count": unmet})
    informed = set(
        answers.filter(item_code=INFORMED, status=rules.MET).values_list("child_id", flat=True)
    )
    texts += [
        _("%(name)s not yet informed about the return (precondition %(code)s)")
        % {"name": child.given_name, "code": INFORMED}
        for child in children
        if child.pk not in informed
    ]
    return texts
