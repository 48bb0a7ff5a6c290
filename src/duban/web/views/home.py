"""Sign-in landing page: one home per role (office, unit reporter, leader)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import render

from duban.ledger.choices import ReviewStatus, Role, TaskState
from duban.ledger.models import Document, ProgressReport, Task, Unit, overdue_q
from duban.ledger.permissions import reporter_unit, role_of
from duban.ledger.services import units_responsibility_list
from duban.supervision.models import EscalationNotice
from duban.web.views.common import today, with_progress


@login_required
def home(request):
    role = role_of(request.user)
    if role == Role.OFFICE:
        return render(request, "web/home_office.html", office_context())
    if role == Role.REPORTER:
        return render(request, "web/home_reporter.html", reporter_context(request.user))
    return render(request, "web/home_leader.html", leader_context(request.user))


def state_counts(tasks) -> dict[str, int]:
    counts = dict(tasks.values_list("state").annotate(n=Count("pk")).order_by())
    return {value: counts.get(value, 0) for value in TaskState.values}


def office_context() -> dict:
    on = today()
    pending = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING)
    return {
        "documents_count": Document.objects.count(),
        "tasks_count": Task.objects.count(),
        "units_count": Unit.objects.count(),
        "overdue_count": Task.objects.filter(overdue_q(on)).count(),
        "pending_count": pending.count(),
        "recent_documents": Document.objects.annotate(n_tasks=Count("tasks"))[:8],
        "pending_reports": pending.select_related("task", "unit__region", "author")[:10],
    }


def reporter_context(user) -> dict:
    on = today()
    unit = reporter_unit(user)
    lists = units_responsibility_list(unit)
    upcoming = (lists.lead | lists.participating).filter(~Q(state=TaskState.DONE))
    return {
        "unit": unit,
        "lead_count": lists.lead.count(),
        "participating_count": lists.participating.count(),
        "overdue_count": upcoming.filter(overdue_q(on)).count(),
        "upcoming": with_progress(upcoming.order_by(
            F("deadline_due").asc(nulls_last=True), "order", "pk").distinct(), user)[:10],
        "returned": ProgressReport.objects.filter(unit=unit, review_status=ReviewStatus.RETURNED)
        .select_related("task")[:10],
        "notices": EscalationNotice.objects.filter(unit=unit, answered_at__isnull=True)
        .order_by("deadline", "pk")[:10],
        "today": on,
    }


def leader_context(user) -> dict:
    on = today()
    documents = Document.objects.annotate(
        n_tasks=Count("tasks"), n_done=Count("tasks", filter=Q(tasks__state=TaskState.DONE)),
        n_overdue=Count("tasks", filter=overdue_q(on, prefix="tasks__")))
    return {
        "tasks_count": Task.objects.count(),
        "states": [(value, label, count) for (value, label), count in zip(
            TaskState.choices, state_counts(Task.objects.all()).values(), strict=True)],
        "overdue_count": Task.objects.filter(overdue_q(on)).count(),
        "documents": documents,
        "overdue": with_progress(Task.objects.filter(overdue_q(on)).order_by("deadline_due"),
                                 user)[:20],
    }
