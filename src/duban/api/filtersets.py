"""Query filters of the list endpoints, applied on top of the ledger's ``visible_to`` querysets.

Task filters reuse the ledger's own rules: ``tasks_in_role`` for a unit's lead and
participating tasks, ``search_tasks`` for unit (with its generic units), category and due range,
and the ledger's ``overdue_q`` for what counts as overdue. Text goes through the ledger's
``word_q``, as in ``search_tasks`` (its search index on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Schema

from duban.api.types import Id, Text
from duban.ledger.choices import AssignmentRole, ReviewStatus, TaskState
from duban.ledger.models import (
    Assignment,
    IndicatorValue,
    ProgressReport,
    Task,
    Unit,
    overdue_q,
)
from duban.ledger.models.units import full_unit_name
from duban.ledger.services import covering_unit_ids, search_tasks, tasks_in_role
from duban.ledger.services.search import word_q
from duban.ledger.services.units import UNIT_REGION_CHAIN
from duban.supervision.choices import Light


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


TASK_ROW_FIELDS = ("id", "document_id", "seq", "category", "content", "deadline_text",
                   "deadline_kind", "deadline_due", "state")


def with_task_rows(tasks: QuerySet) -> QuerySet:
    """Task rows as dicts (what the list shows, the light joined in): no model instances, so a
    page of 200 costs little more than a page of 2; ``attach_units`` adds the units."""
    return tasks.values(*TASK_ROW_FIELDS, light=F("supervision__light"))


def with_latest_value(indicators: QuerySet) -> QuerySet:
    """Indicators with ``latest_value``: the value last reported (by date, then entry), in the
    same query as the indicators themselves."""
    latest = (IndicatorValue.objects.filter(indicator=OuterRef("pk"))
              .order_by("-reported_on", "-pk").values("value")[:1])
    return indicators.annotate(latest_value=Subquery(latest))


def unit_ref(unit_id: int, name: str, region_name: str | None) -> dict:
    return {"id": unit_id, "name": name, "full_name": full_unit_name(name, region_name)}


def attach_units(rows: list[dict]) -> list[dict]:
    """Add ``lead_units`` and ``participating_units`` to task rows (one query in all)."""
    by_task = {row["id"]: row for row in rows}
    for row in rows:
        row["lead_units"], row["participating_units"] = [], []
    links = (Assignment.objects.filter(task_id__in=list(by_task))
             .order_by("task_id", "role", "order", "pk")
             .values_list("task_id", "role", "unit_id", "unit__name", "unit__region__name"))
    refs: dict[int, dict] = {}
    for task_id, role, unit_id, name, region_name in links:
        if unit_id not in refs:
            refs[unit_id] = unit_ref(unit_id, name, region_name)
        key = "lead_units" if role == AssignmentRole.LEAD else "participating_units"
        by_task[task_id][key].append(refs[unit_id])
    return rows


def filter_tasks(user, f: TaskFilter, unit: Unit | None = None) -> QuerySet:
    """The tasks ``user`` may see that match every given filter (``unit``: the unit ``f.unit``
    names, when the caller has read it already)."""
    tasks = Task.objects.visible_to(user)
    if unit is None and f.unit is not None:
        unit = get_object_or_404(Unit.objects.select_related(*UNIT_REGION_CHAIN), pk=f.unit)
    if unit is not None and f.role:
        tasks = tasks_in_role(tasks, covering_unit_ids(unit), f.role)
        unit = None
    for word in (f.q or "").split():
        tasks = tasks.filter(word_q(word))
    if unit is not None or f.category or f.due_from or f.due_to or f.document:
        tasks = search_tasks("", unit, f.category, f.due_from, f.due_to, f.document, base=tasks)
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
    return Task.objects.visible_to(user).overdue(timezone.localdate())
