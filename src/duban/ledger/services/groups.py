"""Unit groups (单位组): group phrases of documents that stand for several units.

- A unit name matching a pattern of ``reference/unit_groups.yaml`` (各成员单位, 各县（市、区）政府,
  各级X部门 …) is a group of the document's region, never a unit.
- A task names the group once (``GroupAssignment``); each member unit gets its own line
  (``Assignment`` with ``via_group``), so the member's reporters see the task in their 责任清单.
  A member already named by the task itself keeps its own line.
- The office defines and edits the members (``set_group_members``); every task of the group is
  brought in line at once. A new 各级X部门 group starts with the departments of kind X of its
  region and the regions under it; other groups start empty (undefined: flagged on import).
"""

from __future__ import annotations

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from duban.ledger.choices import ChangeAction
from duban.ledger.models import Assignment, GroupAssignment, Region, Unit, UnitGroup
from duban.ledger.permissions import require_office
from duban.ledger.services.audit import record_change
from duban.ledger.services.search import refresh_search_text
from duban.ledger.unitnames import kind_of
from duban.reference import load


@cache
def group_patterns() -> tuple[tuple[re.Pattern, ...], re.Pattern]:
    data = load("unit_groups")
    return tuple(re.compile(p) for p in data["patterns"]), re.compile(data["define_by_kind"])


def is_group_name(name: str) -> bool:
    """Whether a unit name as written is a group phrase."""
    text = "".join(name.split())
    return any(pattern.search(text) for pattern in group_patterns()[0])


def region_tree(region: Region | None) -> list[int | None]:
    """The region's id and those of every region under it."""
    if region is None:
        return [None]
    ids, frontier = [region.pk], [region.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def default_members(name: str, region: Region | None) -> list[Unit]:
    """The departments a 各级X部门 group means: kind X in its region and below (else none)."""
    from duban.ledger.services.units import kind_forms

    text = "".join(name.split())
    if not group_patterns()[1].search(text):
        return []
    kind_id = kind_of(text, kind_forms())
    if kind_id is None:
        return []
    units = Unit.objects.filter(kind_id=kind_id, is_generic=False, region_id__in=region_tree(region))
    return list(units)


def find_group(name: str, region: Region | None) -> UnitGroup | None:
    return UnitGroup.objects.filter(name="".join(name.split()), region=region).first()


def get_or_create_group(name: str, region: Region | None, actor=None) -> tuple[UnitGroup, bool]:
    """(the group ``name`` of ``region``, created?), created with its default members."""
    text = "".join(name.split())[:100]
    group = find_group(text, region)
    if group is not None:
        return group, False
    group = UnitGroup.objects.create(name=text, region=region)
    group.members.set(default_members(text, region))
    record_change(actor, ChangeAction.CREATE, group, after=group_snapshot(group),
                  message="导入时识别为单位组")
    return group, True


def group_snapshot(group: UnitGroup) -> dict:
    return group.snapshot() | {"members": sorted(group.members.values_list("pk", flat=True))}


def sync_groups(group_ids, task_ids=None) -> int:
    """Give each member of the groups its own line of every task (of ``task_ids``) assigned to
    the group, and drop the lines of units no longer members; returns the lines changed."""
    links = GroupAssignment.objects.filter(group_id__in=list(group_ids))
    if task_ids is not None:
        links = links.filter(task_id__in=list(task_ids))
    links = list(links.select_related("group"))
    members = {
        g.pk: set(g.members.values_list("pk", flat=True))
        for g in UnitGroup.objects.filter(pk__in={link.group_id for link in links})
    }
    tasks = {link.task_id for link in links}
    taken = set(Assignment.objects.filter(task_id__in=tasks).values_list("task_id", "unit_id"))
    new = []
    for link in links:
        for unit_id in sorted(members[link.group_id]):
            if (link.task_id, unit_id) not in taken:
                taken.add((link.task_id, unit_id))
                new.append(Assignment(task_id=link.task_id, unit_id=unit_id, role=link.role,
                                      name_as_written=link.name_as_written, via_group=link.group,
                                      order=100 + link.order))
    Assignment.objects.bulk_create(new, batch_size=500)
    gone = Q(pk__in=[])
    for group_id, units in members.items():
        gone |= Q(via_group_id=group_id) & ~Q(unit_id__in=units)
    stale = Assignment.objects.filter(gone)
    dropped = list(stale.values_list("task_id", flat=True))
    stale.delete()
    refresh_search_text({a.task_id for a in new} | set(dropped))
    return len(new) + len(dropped)


@transaction.atomic
def set_group_members(actor, group: UnitGroup, units) -> UnitGroup:
    """Define or change a group's member units (office only); its tasks follow at once."""
    require_office(actor)
    before = group_snapshot(group)
    group.members.set(list(units))
    group.save(update_fields=["last_updated"])
    sync_groups([group.pk])
    record_change(actor, ChangeAction.UPDATE, group, before=before, after=group_snapshot(group),
                  message="修改单位组成员")
    return group


@transaction.atomic
def create_group(actor, name: str, region: Region | None, units=()) -> UnitGroup:
    """A group the office defines before a document names it (office only)."""
    require_office(actor)
    text = "".join(name.split())
    if not text:
        raise ValidationError({"name": "请填写单位组名称"})
    group = UnitGroup(name=text[:100], region=region)
    group.validate_constraints()
    group.save()
    group.members.set(list(units))
    record_change(actor, ChangeAction.CREATE, group, after=group_snapshot(group))
    return group
