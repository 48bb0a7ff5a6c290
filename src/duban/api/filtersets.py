"""Query filters of the list endpoints, applied on top of the ledger's ``visible_to`` querysets.

Task filters reuse the ledger's own rules: ``tasks_in_role`` for a unit's lead and
participating tasks, ``search_tasks`` for unit (with its generic units), category and due range,
and the ledger's ``overdue_q`` for what counts as overdue. Text goes through the ledger's
``word_q``, as in ``search_tasks`` (its search index on PostgreSQL).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import Http404
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
from duban.ledger.permissions import reads_all
from duban.ledger.services import search_tasks, tasks_in_role
from duban.ledger.services.directory import unit_directory
from duban.ledger.services.search import word_q
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


def with_latest_value(indicators: QuerySet, user) -> QuerySet:
    """Indicators with ``latest_value``: the value last reported (by date, then entry), in the
    same query as the indicators themselves; None on a task whose reports ``user`` may not
    read."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"))
    if not reads_all(user):
        latest = latest.filter(
            indicator__task__in=Task.objects.reports_visible_to(user).values("pk"))
    latest = latest.order_by("-reported_on", "-pk").values("value")[:1]
    return indicators.annotate(latest_value=Subquery(latest))


def unit_refs(unit_ids: set[int]) -> dict[int, dict]:
    """What task rows show of these units, from the unit directory (a unit created since it
    was loaded is read from the database)."""
    directory = unit_directory()
    refs = {i: entry.ref() for i in unit_ids if (entry := directory.unit(i)) is not None}
    missing = unit_ids - set(refs)
    if missing:
        for unit in Unit.objects.select_related("region").filter(pk__in=missing):
            refs[unit.pk] = {"id": unit.pk, "name": unit.name, "full_name": unit.full_name}
    return refs


def assignment_links_of(task_ids: list[int]) -> list[tuple[int, str, int]]:
    """(task id, role, unit id) of the tasks' assignments in list order. Every list and detail
    asks this, so it is written as SQL once instead of building the ORM query per request."""
    if not task_ids:
        return []
    quote = connection.ops.quote_name
    sql = (f"SELECT task_id, role, unit_id FROM {quote(Assignment._meta.db_table)} "
           f"WHERE task_id IN ({', '.join(['%s'] * len(task_ids))}) "
           f"ORDER BY task_id, role, {quote('order')}, id")
    with connection.cursor() as cursor:
        cursor.execute(sql, task_ids)
        return cursor.fetchall()


def attach_units(rows: list[dict]) -> list[dict]:
    """Add ``lead_units`` and ``participating_units`` to task rows (one query in all)."""
    by_task = {row["id"]: row for row in rows}
    for row in rows:
        row["lead_units"], row["participating_units"] = [], []
    links = assignment_links_of(list(by_task))
    refs = unit_refs({unit_id for _, _, unit_id in links})
    for task_id, role, unit_id in links:
        key = "lead_units" if role == AssignmentRole.LEAD else "participating_units"
        by_task[task_id][key].append(refs[unit_id])
    return rows


def covering_ids_of(unit_id: int) -> list[int]:
    """The unit and its generic units (404 for a unit that does not exist)."""
    directory = unit_directory()
    entry = directory.unit(unit_id)
    if entry is None:
        raise Http404("单位不存在")
    return directory.covering_ids(entry)


def filter_tasks(user, f: TaskFilter) -> QuerySet:
    """The tasks ``user`` may see that match every given filter."""
    tasks = Task.objects.visible_to(user)
    if f.unit is not None:
        tasks = tasks_in_role(tasks, covering_ids_of(f.unit), f.role)
    for word in (f.q or "").split():
        tasks = tasks.filter(word_q(word))
    if f.category or f.due_from or f.due_to or f.document:
        tasks = search_tasks("", None, f.category, f.due_from, f.due_to, f.document, base=tasks)
    if f.state:
        tasks = tasks.filter(state=f.state)
    if f.light:
        tasks = tasks.filter(supervision__light=f.light)
    if f.overdue:
        tasks = tasks.filter(overdue_q(timezone.localdate()))
    return tasks


def filter_reports(user, f: ReportFilter) -> QuerySet:
    """Progress reports ``user`` may read (those on its own units' tasks for a reporter)."""
    reports = ProgressReport.objects.visible_to(user)
    if f.task is not None:
        reports = reports.filter(task_id=f.task)
    if f.unit is not None:
        reports = reports.filter(unit_id=f.unit)
    if f.review_status:
        reports = reports.filter(review_status=f.review_status)
    return reports.select_related("unit__region", "author").prefetch_related(
        "files", "indicator_values"
    )
