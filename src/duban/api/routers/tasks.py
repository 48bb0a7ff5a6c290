"""Tasks: the filtered list (search, unit, status, due range), overdue list, detail, the office's
edits, and a task's assignments, milestones, indicators and progress reports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Status
from pydantic import StrictInt

from duban.api.errors import ERRORS
from duban.api.filtersets import (
    ReportFilter,
    TaskFilter,
    attach_units,
    filter_reports,
    filter_tasks,
    with_latest_value,
    with_task_rows,
)
from duban.api.pages import overdue_rows, search_rows, task_detail_rows
from duban.api.pagination import PageParams, keyset_page, read_page
from duban.api.schemas import (
    AssignmentOut,
    IndicatorOut,
    MilestoneOut,
    ReportIn,
    ReportOut,
    TaskDetailOut,
    TaskOut,
    page_of,
)
from duban.api.types import BodyIn, PathId, StrictId, Text
from duban.ledger.choices import DeadlineKind, TaskState
from duban.ledger.models import Assignment, Milestone, Task, Unit
from duban.ledger.permissions import can_read_reports, can_report, get_task_for_user
from duban.ledger.services import edit_task, submit_progress_report

router = Router(tags=["tasks"])
TaskPage = page_of(TaskOut, "TaskPage")
ReportPage = page_of(ReportOut, "TaskReportPage")


class TaskPatch(BodyIn):
    """The fields of a task the office may change (all optional) and the task's ``version``
    as last read (required: the optimistic lock; a stale one gives 409)."""

    seq: Text(20) | None = None
    category: Text(300) | None = None
    content: Text(20000, 1) | None = None
    deadline_text: Text(200) | None = None
    deadline_kind: DeadlineKind | None = None
    deadline_due: dt.date | None = None
    target: Text(20000) | None = None
    state: TaskState | None = None
    lead_unit_ids: list[StrictId] | None = Field(None, max_length=200)
    participating_unit_ids: list[StrictId] | None = Field(None, max_length=200)
    version: StrictInt = Field(
        ge=1, description="必填：读取任务时得到的 version；已被他人修改则返回 409")


def task_detail_for(user, task_id: int) -> dict:
    """The task with what its detail shows: units, light, reasons, milestones, indicators with
    their latest values (four fixed statements, see ``api.pages``)."""
    found = None
    if not Task.objects.visible_to(user).query.is_empty():
        found = task_detail_rows(task_id)
    if found is None:
        raise Http404("任务不存在")
    task, milestones, indicators = found
    attach_units([task])
    task["reasons"] = [str(reason) for reason in task["reasons"] or []]
    if not can_read_reports(user, Task(pk=task_id)):
        # Another unit's task: what it asks for, not what was reported.
        indicators = [{**row, "latest_value": None} for row in indicators]
    task["milestones"], task["indicators"] = milestones, indicators
    task["can_report"] = can_report(user, Task(pk=task_id))
    return task


def units_by_ids(ids: list[int] | None) -> list[Unit] | None:
    if ids is None:
        return None
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in units]
    if missing:
        from django.core.exceptions import ValidationError

        raise ValidationError(f"单位不存在：{missing}")
    return [units[i] for i in ids]


@router.get("/tasks", response={200: TaskPage, **ERRORS})
def list_tasks(request, filters: Query[TaskFilter], page: Query[PageParams]):
    words = (filters.q or "").split()
    if words and not filters.model_dump(exclude={"q"}, exclude_none=True):
        if Task.objects.visible_to(request.user).query.is_empty():
            return read_page(lambda after, limit: [], page)

        def read(after: int | None, limit: int) -> list[dict]:
            return search_rows(words, after=after, limit=limit)

        return read_page(read, page, finish=attach_units)
    return keyset_page(with_task_rows(filter_tasks(request.user, filters)), page,
                       finish=attach_units)


@router.get("/tasks/overdue", response={200: TaskPage, **ERRORS})
def list_overdue(request, page: Query[PageParams]):
    if Task.objects.visible_to(request.user).query.is_empty():
        return read_page(lambda after, limit: [], page)
    today = timezone.localdate()

    def read(after: int | None, limit: int) -> list[dict]:
        return overdue_rows(today, after=after, limit=limit)

    return read_page(read, page, finish=attach_units)


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS})
def task_detail(request, task_id: PathId):
    return task_detail_for(request.user, task_id)


@router.patch("/tasks/{task_id}", response={200: TaskDetailOut, **ERRORS})
def patch_task(request, task_id: PathId, payload: TaskPatch):
    task = get_task_for_user(request.user, task_id)
    changes = payload.dict(exclude_unset=True)
    lead = units_by_ids(changes.pop("lead_unit_ids", None))
    participating = units_by_ids(changes.pop("participating_unit_ids", None))
    expected = changes.pop("version")
    edit_task(request.user, task, {k: v for k, v in changes.items() if v is not None},
              lead_units=lead, participating_units=participating, expected_version=expected)
    return task_detail_for(request.user, task_id)


@router.get("/tasks/{task_id}/assignments", response={200: list[AssignmentOut], **ERRORS})
def task_assignments(request, task_id: PathId):
    task = get_task_for_user(request.user, task_id)
    return list(Assignment.objects.filter(task=task).select_related("unit__region"))


@router.get("/tasks/{task_id}/milestones", response={200: list[MilestoneOut], **ERRORS})
def task_milestones(request, task_id: PathId):
    return list(get_task_for_user(request.user, task_id).milestones.all())


@router.get("/tasks/{task_id}/indicators", response={200: list[IndicatorOut], **ERRORS})
def task_indicators(request, task_id: PathId):
    task = get_task_for_user(request.user, task_id)
    return list(with_latest_value(task.indicators.order_by("order", "pk"), request.user))


@router.get("/tasks/{task_id}/reports", response={200: ReportPage, **ERRORS})
def task_reports(request, task_id: PathId, page: Query[PageParams]):
    task = get_task_for_user(request.user, task_id, reports=True)
    return keyset_page(filter_reports(request.user, ReportFilter(task=task.pk)), page,
                       newest_first=True)


@router.post("/tasks/{task_id}/reports", response={201: ReportOut, **ERRORS})
def submit_report(request, task_id: PathId, payload: ReportIn):
    task = get_task_for_user(request.user, task_id, write=True)
    milestone = None
    if payload.milestone_id is not None:
        milestone = get_object_or_404(Milestone, pk=payload.milestone_id, task=task)
    unit = get_object_or_404(Unit, pk=payload.unit_id) if payload.unit_id is not None else None
    report = submit_progress_report(
        request.user, task, payload.text, payload.percent, payload.state,
        {str(k): v for k, v in payload.indicator_values.items()},
        milestone=milestone, unit=unit,
    )
    return Status(201, filter_reports(request.user, ReportFilter(task=task.pk)).get(pk=report.pk))
