"""The team lead's overview of the organisation's cases (issue 17 §3): a queryset of families in,
plain rows out, in a fixed number of queries however many colleagues and cases there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from kaketoe.accounts.models import Role
from kaketoe.cases.models import Family, Stage, TeamMember
from kaketoe.cases.queries import next_deadline_day

SHOWN = 20  # rows per list; the counts say how many there are


@dataclass
class Colleague:
    username: str
    name: str
    role: str
    cases: int
    overdue: int


@dataclass
class Overview:
    colleagues: list[Colleague]
    overdue_cases: list[Family]
    overdue_count: int
    work: list  # (ScheduledWork, state), the most urgent first
    unowned_alerts: list
    unowned_alert_count: int
    without_regievoerder: list[Family]
    without_regievoerder_count: int

    def family_ids(self) -> set[int]:
        """The cases this page names (for the audit log's listing event)."""
        ids = {f.pk for f in self.overdue_cases + self.without_regievoerder}
        ids |= {work.family_id for work, _state in self.work}
        return ids | {alert.family_id for alert in self.unowned_alerts}


def overdue_families(families: QuerySet[Family], today: date) -> QuerySet[Family]:
    """Families whose next deadline (the caseload's rule) has passed."""
    return families.annotate(next_day=next_deadline_day()).filter(next_day__lt=today)


def colleagues(families: QuerySet[Family], organisation_id: int, today: date) -> list[Colleague]:
    """Active cases and overdue cases per colleague of the organisation: one aggregate query."""
    overdue = overdue_families(families, today).values("pk")
    rows = (
        TeamMember.objects.filter(
            organisation_id=organisation_id, removed_at__isnull=True, user__isnull=False
        )
        .values("user__first_name", "user__last_name", "user__username", "role")
        .annotate(
            cases=Count("family", distinct=True),
            overdue=Count("family", distinct=True, filter=Q(family__in=overdue)),
        )
        .order_by("-overdue", "-cases", "user__last_name", "user__username")
    )
    return [
        Colleague(
            r["user__username"],
            f"{r['user__first_name']} {r['user__last_name']}".strip() or r["user__username"],
            str(Role(r["role"]).label) if r["role"] else "",
            r["cases"],
            r["overdue"],
        )
        for r in rows
    ]


def without_regievoerder(families: QuerySet[Family]) -> QuerySet[Family]:
    regie = TeamMember.objects.filter(removed_at__isnull=True, role=Role.REGIEVOERDER)
    return families.exclude(stage=Stage.CLOSED).exclude(pk__in=regie.values("family_id"))


def overview(families: QuerySet[Family], organisation_id: int, today: date) -> Overview:
    from kaketoe.monitoring import queries as monitoring  # monitoring builds on cases

    overdue = overdue_families(families, today).order_by("next_day", "name")
    alerts = monitoring.open_alerts(families).filter(owner__isnull=True)
    missing = without_regievoerder(families).order_by("name")
    return Overview(
        colleagues=colleagues(families, organisation_id, today),
        overdue_cases=list(overdue[:SHOWN]),
        overdue_count=overdue.count(),
        work=monitoring.open_work(families, today, limit=SHOWN),
        unowned_alerts=list(alerts[:SHOWN]),
        unowned_alert_count=alerts.count(),
        without_regievoerder=list(missing[:SHOWN]),
        without_regievoerder_count=missing.count(),
    )
