"""Assignments, milestones and indicators across tasks, filtered by task, document or unit."""

from __future__ import annotations

from ninja import Query, Router, Schema

from duban.api.errors import ERRORS
from duban.api.filtersets import with_latest_value
from duban.api.pagination import PageParams, keyset_page
from duban.api.schemas import AssignmentOut, IndicatorOut, MilestoneOut, page_of
from duban.api.types import Id
from duban.ledger.choices import AssignmentRole
from duban.ledger.models import Assignment, Indicator, Milestone, Task

router = Router(tags=["catalog"])
AssignmentPage = page_of(AssignmentOut, "AssignmentPage")
MilestonePage = page_of(MilestoneOut, "MilestonePage")
IndicatorPage = page_of(IndicatorOut, "IndicatorPage")


class PartFilter(Schema):
    task: Id | None = None
    document: Id | None = None


class AssignmentFilter(PartFilter):
    unit: Id | None = None
    role: AssignmentRole | None = None


def parts_of_visible_tasks(model, user, f: PartFilter):
    rows = model.objects.filter(task__in=Task.objects.visible_to(user).values("pk"))
    if f.task is not None:
        rows = rows.filter(task_id=f.task)
    if f.document is not None:
        rows = rows.filter(task__document_id=f.document)
    return rows


@router.get("/assignments", response={200: AssignmentPage, **ERRORS})
def list_assignments(request, filters: Query[AssignmentFilter], page: Query[PageParams]):
    rows = parts_of_visible_tasks(Assignment, request.user, filters).select_related("unit__region")
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.role:
        rows = rows.filter(role=filters.role)
    return keyset_page(rows, page)


@router.get("/milestones", response={200: MilestonePage, **ERRORS})
def list_milestones(request, filters: Query[PartFilter], page: Query[PageParams]):
    return keyset_page(parts_of_visible_tasks(Milestone, request.user, filters), page)


@router.get("/indicators", response={200: IndicatorPage, **ERRORS})
def list_indicators(request, filters: Query[PartFilter], page: Query[PageParams]):
    rows = with_latest_value(parts_of_visible_tasks(Indicator, request.user, filters),
                             request.user)
    return keyset_page(rows, page)
