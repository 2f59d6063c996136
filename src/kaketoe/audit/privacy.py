"""Which fields hold personal data, why Kaketoe processes it, who receives it, how long it is kept.

One registry, read by two things: the privacy officer's records of processing (GDPR art. 30,
audit/views.py) and the retention run that erases what has expired (audit/retention.py). A test
(audit/tests/test_privacy.py) fails when a model gets a free-text field the registry does not
name, so new personal data cannot slip past either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _

PERSONAL = "personal"
SPECIAL = "special"  # GDPR art. 9 (health) or otherwise sensitive about a child

# How retention erases a field.
NAME = "name"  # replaced by ERASED_NAME (the field may not be empty)
TEXT = "text"  # emptied
BIRTH_DATE = "birth_date"  # only the year is kept (as 1 January of that year)
JSON = "json"  # emptied to the field's default
BINARY = "binary"  # removed
KEEP = "keep"  # not erased by retention (staff data, the audit log)

ERASED_NAME = "[erased]"


@dataclass(frozen=True)
class Entry:
    model: str  # app_label.ModelName
    family_path: str | None  # lookup from the model to its Family; None: not case data
    fields: dict[str, tuple[str, str]]  # field name -> (PERSONAL or SPECIAL, erase strategy)


def _p(erase=TEXT):
    return (PERSONAL, erase)


def _s(erase=TEXT):
    return (SPECIAL, erase)


REGISTRY: list[Entry] = [
    Entry(
        "cases.Family",
        "pk",
        {
            "name": _p(NAME),
            "place_of_return": _p(),
            "languages": _p(),
            "interpreter_language": _p(),
            "interpreter_dialect": _p(),
        },
    ),
    Entry(
        "cases.Person",
        "family",
        {
            "given_name": _p(NAME),
            "family_name": _p(NAME),
            "date_of_birth": _p(BIRTH_DATE),
            "languages": _p(),
            "name_key": _p(),
        },
    ),
    Entry(
        "cases.TeamMember",
        "family",
        {"name": _p(), "description": _p(), "contact": _p(), "removal_reason": _p()},
    ),
    # The timeline copies names and free text (a plan item, the child's words): special, encrypted.
    Entry("cases.TimelineEvent", "family", {"subject": _s(), "params": _s(JSON)}),
    Entry("cases.BreakGlass", "family", {"reason": _s()}),
    # Route-map notes and marks: free text about the case (why a piece is missing).
    Entry("cases.RouteNote", "family", {"text": _s()}),
    Entry("assessments.PreconditionAnswer", "family", {"note": _s()}),
    Entry("assessments.ChildFactor", "child__family", {"free_text": _s(), "note": _s()}),
    Entry("assessments.ProtectiveMeasure", "child__family", {"description": _s()}),
    Entry(
        "assessments.BestInterestsAssessment",
        "child__family",
        {
            "findings": _s(JSON),
            "child_view": _s(),
            "child_heard_how": _p(),
            "child_heard_by": _p(),
            "conclusion": _s(),
            "recommendations": _s(),
            "partner_contribution": _s(),
        },
    ),
    Entry("assessments.AssessmentVersion", "assessment__child__family", {"snapshot": _s(JSON)}),
    Entry(
        "assessments.SafetyAssessment",
        "family",
        {"place": _p(), "sources": _p(JSON), "child_risks": _s(), "measures": _s()},
    ),
    Entry("plans.ReturnPlan", "family", {"attention": _s(JSON)}),
    Entry("plans.Meeting", "family", {"minutes": _s()}),
    Entry("plans.PlanItem", "family", {"what": _s(), "drop_reason": _p()}),
    Entry("plans.ChildVoice", "child__family", {"said": _s(), "heard_how": _p(), "because": _s()}),
    Entry(
        "plans.PlanVersion",
        "plan__family",
        {"subject": _s(), "changes": _s(JSON), "snapshot": _s(JSON)},
    ),
    Entry(
        "consent.ConsentEntry",
        "family",
        {"scope": _p(), "child_assent": _s(), "interpreter_language": _p()},
    ),
    # The file name may name the family; erasure removes the scans and their files altogether
    # (consent.services.erase_scans, called by retention.erase_family).
    Entry("consent.ConsentScan", "entry__family", {"label": _p()}),
    Entry(
        "toolkit.ChildSession",
        "family",
        {
            "present": _p(),
            "interpreter": _p(),
            "how_it_went": _s(),
            "met_by": _p(),
            "started_without_parents_informed": _p(),
        },
    ),
    Entry(
        "toolkit.Answer",
        "family",
        {"words": _s(), "helper": _p(), "choices": _s(JSON), "drawing": _s(BINARY)},
    ),
    Entry(
        "toolkit.FarewellMessage",
        "family",
        {"name": _p(), "memory": _s(), "wish": _s(), "contact": _p()},
    ),
    Entry(
        "guidance.SignalObservation",
        "child__family",
        {"free_text": _s(), "context": _s(), "observed_by": _p()},
    ),
    Entry("guidance.GriefNote", "child__family", {"note": _s()}),
    Entry(
        "guidance.SchoolHandover",
        "child__family",
        {
            "school_nl": _p(),
            "teacher": _p(),
            "learning_development": _s(),
            "support_needs": _s(),
            "school_abroad": _p(),
        },
    ),
    Entry("guidance.SchoolHandoverVersion", "handover__child__family", {"snapshot": _s(JSON)}),
    Entry("guidance.ParentConversation", "family", {"interpreter": _p(), "notes": _s()}),
    Entry("monitoring.ScheduledWork", "family", {"note": _p()}),
    Entry("monitoring.Alert", "family", {"follow_up": _s(), "closing_note": _s()}),
    Entry("monitoring.MonitoringVisit", "family", {"window_reason": _s()}),
    Entry("monitoring.EarlyClosing", "family", {"reason": _s()}),
    Entry("monitoring.ProgressReport", "family", {"family_view": _s(), "new_needs": _s()}),
    Entry("monitoring.ProgressLine", "report__family", {"what": _s(), "notes": _s()}),
    # Staff and the log: not erased with a case.
    Entry(
        "auth.User",
        None,
        {"first_name": _p(KEEP), "last_name": _p(KEEP), "email": _p(KEEP), "username": _p(KEEP)},
    ),
    Entry("audit.AuditEvent", None, {"actor_username": _p(KEEP), "ip": _p(KEEP)}),
    Entry("monitoring.SentReminder", None, {"recipient": _p(KEEP)}),
]

# Text fields of case apps that hold no personal data (codes, catalogue versions, hashes).
NOT_PERSONAL = {
    "catalogue_version",
    "step",  # a route-map step (1A…3)
    "need",  # the key of a route-map piece of evidence, e.g. "1A:safety"
    "attention_catalogue_version",
    "code",
    "item_code",
    "question_code",
    "drawn_card",
    "shown_facts",  # which of the six case facts the child may see (codes, toolkit/rules.py)
    "only_part",  # a part letter
    "pin_hash",
    "part",
    "object_key",
    "source_ref",
    "owner_organisation",
    "domain",
    "indicator",
    "level",
    "phase",
    "category",
    "state",
    "sha256",  # of a scanned file: identifies the file, says nothing about the family
    "stored_name",  # a random file name in storage
}
CASE_APPS = ["cases", "assessments", "plans", "consent", "toolkit", "guidance", "monitoring"]

PURPOSES = {
    "cases": _("Case management of a family's return with children: who they are, the team."),
    "assessments": _("Assessing the child's situation and best interests before return."),
    "plans": _("The child-friendly return plan, meetings and the child's own voice."),
    "consent": _("Recording consent and handing the case over to a partner abroad."),
    "toolkit": _("Talking with the child through the toolkit (answers, drawings, farewell)."),
    "guidance": _("Guiding children and parents during return (signals, grief, school)."),
    "monitoring": _("Monitoring the child's re-integration after return."),
    "auth": _("Staff accounts: logging in and being accountable."),
    "audit": _("Accountability: who read or changed which case (GDPR art. 5(2), 32)."),
}
RECIPIENTS = {
    "cases": _("The family's team (Dutch organisations); emergency access is logged."),
    "assessments": _("The family's team."),
    "plans": _("The family's team; the partner abroad after a consented handover."),
    "consent": _("The family's team; the partner abroad named in the consent."),
    "toolkit": _("The family's team; only what the child agreed to share goes into the plan."),
    "guidance": _("The family's team; the school handover goes to the new school."),
    "monitoring": _(
        "The team and the partner abroad under consent; pseudonymised figures to "
        "the return organisation and the return authority."
    ),
    "auth": _("The organisation administrator of the person's own organisation."),
    "audit": _("The privacy officer of the organisation."),
}


def retention_years() -> int:
    return settings.KAKETOE_RETENTION_YEARS


def retention_text(entry: Entry) -> str:
    if entry.family_path is not None:
        return _(
            "%(years)s years after the case is closed, then erased by apply_retention "
            "(birth year and pseudonymised monitoring figures remain)."
        ) % {"years": retention_years()}
    if entry.model == "audit.AuditEvent":
        return _("Kept: append-only and hash-chained; holds no case content.")
    return _("While the person works with Kaketoe.")


def model_of(entry: Entry):
    return apps.get_model(entry.model)


def entries() -> list[Entry]:
    """The registry's entries whose model exists (one may be registered ahead of its app's
    migration landing; test_privacy checks the other direction: every text field is named)."""
    found = []
    for entry in REGISTRY:
        try:
            model_of(entry)
        except LookupError:
            continue
        found.append(entry)
    return found


def records_of_processing() -> list[dict]:
    """One record per model, grouped by app, generated from the registry and the models."""
    records = []
    for entry in entries():
        model = model_of(entry)
        app = model._meta.app_label
        records.append(
            {
                "app": app,
                "app_name": apps.get_app_config(app).verbose_name,
                "model": entry.model,
                "model_name": model._meta.verbose_name,
                "fields": [
                    {
                        "name": name,
                        "label": model._meta.get_field(name).verbose_name,
                        "special": category == SPECIAL,
                    }
                    for name, (category, _erase) in entry.fields.items()
                ],
                "purpose": PURPOSES.get(app, ""),
                "recipients": RECIPIENTS.get(app, ""),
                "retention": retention_text(entry),
            }
        )
    return records
