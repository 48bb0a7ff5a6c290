"""Query filters of the list endpoints, applied on top of the ledger's ``visible_to`` querysets.

Task filters reuse the ledger's own rules: ``units_responsibility_list`` for a unit's lead and
participating tasks, ``search_tasks`` for text, unit (with its generic units), category and due
range, and the web's ``overdue_q`` for what counts as overdue.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema

from duban.api.types import Id, Text
from duban.ledger.choices import AssignmentRole, ReviewStatus, TaskState
from duban.ledger.models import Assignment, ProgressReport, Task, Unit
from duban.ledger.services import search_tasks, units_responsibility_list
from duban.supervision.choices import Light
from duban.web.views.common import overdue_q


class TaskFilter(Schema):
    document: Id | None = Field(None, description="文件 id")
    unit: Id | None = Field(None, description="责任单位 id（含其泛指单位）")
    role: AssignmentRole | None = Field(None, description="与 unit 同用：牵头或参与")
    state: TaskState | None = None
    light: Light | None = None
    category: Text(300) | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: Text(100) | None = Field(None, description="全文检索（空格分隔的词都要出现）")
    overdue: bool | None = Field(None, description="只列逾期未办结的任务")


class ReportFilter(Schema):
    task: Id | None = None
    unit: Id | None = None
    review_status: ReviewStatus | None = None


def with_task_rows(tasks: QuerySet) -> QuerySet:
    """What a task row shows, fetched in a fixed number of queries whatever the page size."""
    assignments = Assignment.objects.select_related("unit__region").order_by("role", "order", "pk")
    return tasks.select_related("supervision").prefetch_related(
        Prefetch("assignments", queryset=assignments)
    )


def responsibility_ids(unit: Unit, role: str, filters: dict) -> QuerySet:
    lists = units_responsibility_list(unit, filters)
    chosen = lists.lead if role == AssignmentRole.LEAD else lists.participating
    return chosen.values("pk")


def filter_tasks(user, f: TaskFilter) -> QuerySet:
    """The tasks ``user`` may see that match every given filter."""
    tasks = Task.objects.visible_to(user)
    unit = get_object_or_404(Unit, pk=f.unit) if f.unit is not None else None
    if unit is not None and f.role:
        tasks = tasks.filter(pk__in=responsibility_ids(unit, f.role, {}))
        unit = None
    if f.q or unit is not None or f.category or f.due_from or f.due_to or f.document:
        tasks = search_tasks(f.q or "", unit, f.category, f.due_from, f.due_to, f.document,
                             base=tasks)
    if f.state:
        tasks = tasks.filter(state=f.state)
    if f.light:
        tasks = tasks.filter(supervision__light=f.light)
    if f.overdue:
        tasks = tasks.filter(overdue_q(timezone.localdate()))
    return tasks


def filter_reports(user, f: ReportFilter) -> QuerySet:
    """Progress reports on the tasks ``user`` may see."""
    reports = ProgressReport.objects.filter(task__in=Task.objects.visible_to(user).values("pk"))
    if f.task is not None:
        reports = reports.filter(task_id=f.task)
    if f.unit is not None:
        reports = reports.filter(unit_id=f.unit)
    if f.review_status:
        reports = reports.filter(review_status=f.review_status)
    return reports.select_related("unit__region", "author").prefetch_related(
        "files", "indicator_values"
    )


def overdue_tasks(user) -> QuerySet:
    return Task.objects.visible_to(user).filter(overdue_q(timezone.localdate())).exclude(
        state=TaskState.DONE
    )
