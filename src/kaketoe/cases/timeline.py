"""Timeline text in the reader's language (issue 17 §2).

Services store what happened as a kind and plain parameters (codes, names), never as text in the
writer's language; the subject is rendered when it is read, so a partner abroad reads English
where the Dutch team reads Dutch. Each app registers the renderers of its own kinds (as the
route map does), so cases never imports a step app. Events written before this have no
parameters and show the subject as it was stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kaketoe.cases.models import Stage

Renderer = Callable[[dict], str]
_RENDERERS: dict[tuple[str, str], Renderer] = {}


def renders(kind: str, form: str = ""):
    """Register the renderer of a timeline kind (and `form` in params, if the kind has several)."""

    def register(function: Renderer) -> Renderer:
        _RENDERERS[(kind, form)] = function
        return function

    return register


def render(kind: str, params: dict | None) -> str | None:
    """The subject of an event of this kind, or None when it has no parameters to render."""
    if not params:
        return None
    function = _RENDERERS.get((kind, params.get("form", "")))
    if function is None:
        return None
    try:
        return function(params)
    except (KeyError, ValueError):  # a code that has been renamed since the event was written
        return None


@renders("stage")
def _stage(params: dict) -> str:
    return str(Stage(params["stage"]).label)


# Consent and handover (consent/services.py writes these parameters) ---------------------------


def _consent(params: dict) -> str:
    from kaketoe.consent.models import Decision, Purpose

    return _("%(purpose)s to %(organisation)s: %(decision)s") % {
        "purpose": Purpose(params["purpose"]).label,
        "organisation": params["organisation"],
        "decision": str(Decision(params["decision"]).label).lower(),
    }


renders("consent")(_consent)


@renders("consent", "scan")
def _consent_scan(params: dict) -> str:
    return _("scan of the signed form attached: %s") % _consent(params)


@renders("handover", "ended")
def _handover_ended(params: dict) -> str:
    return _("ended: %s") % params["organisation"]


# Monitoring after return (monitoring/services.py) ---------------------------------------------


def _day(params: dict) -> str:
    """An ISO date from the parameters as the reader writes dates (2 March 2026, 2 maart 2026)."""
    return date_format(date.fromisoformat(params["day"]), "j F Y")


@renders("monitoring_started")
def _monitoring_started(params: dict) -> str:
    return _("departed %(day)s") % {"day": _day(params)}


@renders("progress_report")
def _progress_report(params: dict) -> str:
    return _day(params)


@renders("monitoring_visit")
def _monitoring_visit(params: dict) -> str:
    return _("%(child)s, %(month)s months") % {"child": params["child"], "month": params["month"]}


def _alert_title(params: dict) -> str:
    from kaketoe.monitoring.models import Alert

    alert = Alert(domain=params["domain"], level=params["level"], indicator=params["indicator"])
    return f"{params['child']}: {alert.title}"


renders("alert")(_alert_title)


@renders("alert_changed")
def _alert_changed(params: dict) -> str:
    what = _("closed") if params["closed"] else _("followed up")
    return f"{_alert_title(params)}: {what}"


# Plans (plans/services.py) ---------------------------------------------------------------------


@renders("meeting")
def _meeting(params: dict) -> str:
    from kaketoe.plans.models import Meeting

    return f"{Meeting.Kind(params['meeting']).label} {_day(params)}"
