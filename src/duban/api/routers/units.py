"""Units (责任单位) with their aliases, and a unit's responsibility list (责任清单)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from duban.api.errors import ERRORS
from duban.api.filtersets import attach_units, covering_ids_of
from duban.api.pages import unit_task_rows
from duban.api.pagination import PageParams, keyset_page, read_page
from duban.api.routers.tasks import TaskPage
from duban.api.schemas import UnitOut, page_of
from duban.api.types import Id, PathId, Text
from duban.ledger.choices import AssignmentRole
from duban.ledger.models import Task, Unit

router = Router(tags=["units"])
UnitPage = page_of(UnitOut, "UnitPage")


class UnitFilter(Schema):
    q: Text(100) | None = Field(None, description="名称或别名包含")
    region: Id | None = None
    kind: Id | None = None


class ResponsibilityFilter(Schema):
    role: AssignmentRole = AssignmentRole.LEAD
    document: Id | None = None


def visible_units(user):
    """Units are visible to whoever may see tasks (every signed-in user)."""
    if Task.objects.visible_to(user).query.is_empty():
        return Unit.objects.none()
    return Unit.objects.select_related("region", "kind").prefetch_related("aliases")


@router.get("/units", response={200: UnitPage, **ERRORS})
def list_units(request, filters: Query[UnitFilter], page: Query[PageParams]):
    units = visible_units(request.user)
    if filters.q:
        match = Q(name__icontains=filters.q) | Q(aliases__text__icontains=filters.q)
        units = units.filter(pk__in=Unit.objects.filter(match).values("pk"))
    if filters.region is not None:
        units = units.filter(region_id=filters.region)
    if filters.kind is not None:
        units = units.filter(kind_id=filters.kind)
    return keyset_page(units, page)


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def unit_detail(request, unit_id: PathId):
    return get_object_or_404(visible_units(request.user), pk=unit_id)


@router.get("/units/{unit_id}/tasks", response={200: TaskPage, **ERRORS})
def responsibility_list(request, unit_id: PathId, filters: Query[ResponsibilityFilter],
                        page: Query[PageParams]):
    """The unit's lead (or participating) tasks, including those of its generic units."""
    if Task.objects.visible_to(request.user).query.is_empty():
        raise Http404("单位不存在")
    unit_ids = covering_ids_of(unit_id)

    def read(after: int | None, limit: int) -> list[dict]:
        return unit_task_rows(unit_ids, filters.role, document=filters.document, after=after,
                              limit=limit)

    return read_page(read, page, finish=attach_units)
