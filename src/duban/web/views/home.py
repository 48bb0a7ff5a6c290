"""Sign-in landing page: one home per role (office, unit reporter, leader)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, Q, Value, When
from django.shortcuts import render

from duban.ledger.choices import ReviewStatus, Role, TaskState
from duban.ledger.models import Document, ProgressReport, Unit
from duban.ledger.permissions import reporter_unit, role_of
from duban.ledger.services import units_responsibility_list
from duban.supervision.models import EscalationNotice
from duban.supervision.services.counts import overdue_tasks, status_counts
from duban.web.views.common import today, with_progress


@login_required
def home(request):
    role = role_of(request.user)
    if role == Role.OFFICE:
        return render(request, "web/home_office.html", office_context(request.user))
    if role == Role.REPORTER:
        return render(request, "web/home_reporter.html", reporter_context(request.user))
    return render(request, "web/home_leader.html", leader_context(request.user))


# A unit's to-do list: red first (逾期, 节点滞后, 未按期报送), then 临期, then the rest by date.
URGENCY = Case(
    When(state__in=[TaskState.OVERDUE, TaskState.BEHIND, TaskState.REPORT_LATE], then=Value(0)),
    When(state=TaskState.DUE_SOON, then=Value(1)),
    default=Value(2),
)


def office_context(user) -> dict:
    counts = status_counts(today())
    pending = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING)
    return {
        "counts": counts,
        "documents_count": Document.objects.count(),
        "tasks_count": counts.total,
        "units_count": Unit.objects.filter(assignments__isnull=False).distinct().count(),
        "overdue_count": counts.overdue,
        "pending_count": pending.count(),
        "recent_documents": Document.objects.annotate(n_tasks=Count("tasks"))[:8],
        "pending_reports": pending.select_related("task", "unit__region", "author")[:10],
        "overdue": with_progress(overdue_tasks().order_by("deadline_due", "order", "pk"), user)[:10],
    }


def reporter_context(user) -> dict:
    unit = reporter_unit(user)
    lists = units_responsibility_list(unit)
    on = today()
    counts = status_counts(on, lists.lead | lists.participating)
    upcoming = (lists.lead | lists.participating).filter(~Q(state=TaskState.DONE))
    return {
        "unit": unit,
        "counts": counts,
        "lead_count": lists.lead.count(),
        "participating_count": lists.participating.count(),
        "overdue_count": counts.overdue,
        "upcoming": with_progress(upcoming.annotate(urgency=URGENCY).order_by(
            "urgency", F("deadline_due").asc(nulls_last=True), "order", "pk").distinct(), user)[:10],
        "returned": ProgressReport.objects.filter(unit=unit, review_status=ReviewStatus.RETURNED)
        .select_related("task")[:10],
        "notices": EscalationNotice.objects.filter(unit=unit, answered_at__isnull=True)
        .order_by("deadline", "pk")[:10],
        "today": on,
    }


def leader_context(user) -> dict:
    counts = status_counts(today())
    documents = Document.objects.annotate(
        n_tasks=Count("tasks"), n_done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)),
        n_overdue=Count("tasks", filter=Q(tasks__state=TaskState.OVERDUE)))
    return {
        "counts": counts,
        "tasks_count": counts.total,
        "states": counts.state_rows(),
        "overdue_count": counts.overdue,
        "documents": documents,
        "overdue": with_progress(overdue_tasks().order_by("deadline_due", "order", "pk"),
                                 user)[:20],
    }
