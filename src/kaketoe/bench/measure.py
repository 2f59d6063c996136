"""The measuring process: runs on a fresh benchmark database with kaketoe.bench.settings."""

from __future__ import annotations

import platform
import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaketoe.audit.models import AuditEvent
from kaketoe.bench import data
from kaketoe.cases import access, synthetic
from kaketoe.cases.models import Family, Person, TeamMember
from kaketoe.monitoring.models import MonitoringVisit
from kaketoe.plans.models import PlanItem
from kaketoe.testing import login

WARM_UP = 3
LOAD_SESSIONS = 8  # one session per load-generator thread, as real users each have their own

# (key, label, user key) in table order; URLs are filled in once the data exists.
PAGES = [
    ("trivial", "trivial view (framework floor)", "cm"),
    ("caseload_cm", "caseload, case manager (~40 families)", "cm"),
    ("caseload_lead", "caseload, team lead (all of the organisation)", "lead"),
    ("family", "case overview", "cm"),
    ("preconditions", "preconditions overview", "cm"),
    ("factors", "factor grid (one child)", "cm"),
    ("audit", "audit log, privacy officer (no filter)", "privacy"),
    ("audit_search", "audit log search (user + period)", "privacy"),
    ("audit_case", "audit log search (one case)", "privacy"),
    ("plan", "return plan", "cm"),
    ("trend", "monitoring trend (one child)", "cm"),
    ("toolkit", "toolkit: the child's page", "cm"),
    ("abroad", "partner workspace: families abroad", "partner"),
    ("cohort", "cohort figures (whole organisation)", "lead"),
    ("api_families", "API: families list, team lead", "lead"),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _page(client: Client, url: str, requests: int) -> dict:
    for _ in range(WARM_UP):
        _get(client, url)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    queries = len(captured)  # now: the next request resets the connection's query log
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        _get(client, url)
        seconds.append(time.perf_counter() - started)
    return {
        "url": url,
        "queries": queries,
        "p50_ms": round(statistics.median(seconds) * 1000, 1),
        "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
        "requests": requests,
    }


def _export(client: Client, url: str, runs: int = 3) -> dict:
    """Wall time and peak Python memory (tracemalloc) of a whole download, consumed as a client
    would: chunk by chunk."""
    _get(client, url)
    seconds, peaks, size = [], [], 0
    for _ in range(runs):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(url)
        size = 0
        chunks = response.streaming_content if response.streaming else [response.content]
        for chunk in chunks:
            size += len(chunk)
        seconds.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return {
        "url": url,
        "streaming": response.streaming,
        "bytes": size,
        "seconds": round(statistics.median(seconds), 2),
        "peak_mb": round(max(peaks) / 1024 / 1024, 1),
    }


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def database_description() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (WAL, file under var/bench/)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    age = connection.settings_dict["CONN_MAX_AGE"]
    return f"PostgreSQL {version} on 127.0.0.1 (CONN_MAX_AGE {age} s)"


def run(families: int, seed: int, requests: int, pdf_requests: int = 5) -> dict:
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    synthetic.create(families, seed)
    users = synthetic.designated_users()
    rng = random.Random(seed)
    audit_events = data.audit_log(rng)
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Planner statistics, and on PostgreSQL the visibility map that index-only scans need,
        # as autovacuum keeps them in a live database.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    cm, lead, privacy = (
        users[synthetic.CASE_MANAGER],
        users[synthetic.TEAM_LEAD],
        users[synthetic.PRIVACY_OFFICER],
    )
    partner = synthetic.partner_user()
    for user in (cm, lead, privacy, partner):
        data.with_second_factor(user)
    family, child = data.measured_family(cm)
    data.fill_instruments(family, cm, rng)
    plan_family = data.family_with_children(cm, 3)
    monitored = data.monitored_child(cm)
    clients = {
        "cm": _client(cm),
        "lead": _client(lead),
        "privacy": _client(privacy),
        "partner": _client(partner),
    }
    since = (timezone.localdate() - timedelta(days=90)).isoformat()
    urls = {
        "trivial": "/bench/trivial/",
        "caseload_cm": "/",
        "caseload_lead": "/",
        "family": f"/families/{family.pk}/",
        "preconditions": f"/families/{family.pk}/preconditions/",
        "factors": f"/families/{family.pk}/children/{child.pk}/factors/",
        "audit": "/audit/",
        "audit_search": f"/audit/?user={cm.username}&since={since}",
        "audit_case": f"/audit/?case=KKT-{family.pk:06d}",
        "plan": f"/families/{family.pk}/plan/",
        "trend": f"/families/{monitored.family_id}/monitoring/children/{monitored.pk}/trend/",
        "toolkit": f"/families/{family.pk}/children/{child.pk}/toolkit/",
        "abroad": "/monitoring/",
        "cohort": "/monitoring/cohort/",
        "api_families": "/api/v1/families/",
    }
    pages = {}
    for key, label, who in PAGES:
        pages[key] = {"label": label, **_page(clients[who], urls[key], requests)}
    pdf_url = f"/families/{family.pk}/children/{child.pk}/factors.pdf"
    pdf = {"label": "factor grid PDF (one child)", **_page(clients["cm"], pdf_url, pdf_requests)}
    plan_pdf = {
        "label": "return plan PDF (three children)",
        **_page(clients["cm"], f"/families/{plan_family.pk}/plan.pdf", pdf_requests),
    }
    export = {
        "label": "CSV export of all monitoring data (every visit the team lead sees)",
        **_export(clients["lead"], "/monitoring/export.csv"),
    }
    sessions = {
        who: [_client(user).cookies["sessionid"].value for _ in range(LOAD_SESSIONS)]
        for who, user in (("cm", cm), ("lead", lead))
    }
    return {
        "families": families,
        "seed": seed,
        "seed_seconds": round(seed_seconds, 1),
        "database": database_description(),
        "python": platform.python_version(),
        "counts": {
            "families": Family.objects.count(),
            "people": Person.objects.count(),
            "team places": TeamMember.objects.count(),
            "audit events": audit_events,
            "case manager's families": access.visible_families(cm).count(),
            "team lead's families": access.visible_families(lead).count(),
            "privacy officer's events": AuditEvent.objects.filter(
                family_id__in=access.audit_family_ids(privacy)
            ).count(),
            "plan items": PlanItem.objects.count(),
            "monitoring visits": MonitoringVisit.objects.count(),
            "partner's families": access.visible_families(partner).count(),
        },
        "pages": pages,
        "pdf": pdf,
        "plan_pdf": plan_pdf,
        "export": export,
        "urls": urls,
        "sessions": sessions,
    }
