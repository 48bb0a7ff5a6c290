"""Landing a confirmed extraction: its tasks, their units (after the office's decisions),
milestones and indicators, with one audit row per task, in bulk so a 100-task plan is quick.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import models

from duban.ledger.choices import AssignmentRole, ChangeAction, DeadlineKind
from duban.ledger.models import (
    Assignment,
    Document,
    GroupAssignment,
    Indicator,
    Milestone,
    Task,
    Unit,
    UnitAlias,
    UnitGroup,
)
from duban.ledger.services.audit import build_change, record_change, record_changes
from duban.ledger.services.groups import (
    default_members,
    get_or_create_group,
    is_group_name,
    sync_groups,
)
from duban.ledger.services.search import refresh_search_text
from duban.ledger.services.units import UnitResolver

CREATE = "create"


class ImportFailed(ValueError):
    """An import that cannot land; nothing was changed."""


def clip_char_fields(obj: models.Model) -> models.Model:
    """Cut over-long text to its column's length: PostgreSQL refuses it, and one garbled cell
    should not sink a whole import."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.CharField) and field.max_length and isinstance(value, str):
            setattr(obj, field.attname, value[: field.max_length])
    return obj


def parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def parse_decimal(value) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ImportFailed(f"指标数值无法识别：{value!r}") from exc


class DecidedUnits:
    """Name as written -> unit for one import, applying the office's decisions."""

    def __init__(self, document: Document, decisions: dict, actor):
        self.document, self.decisions, self.actor = document, decisions, actor
        self.resolver = UnitResolver(document.region)
        self.cache: dict[str, Unit] = {}
        self.created: list[Unit] = []
        self.groups: dict[str, UnitGroup] = {}
        self.new_groups: set[str] = set()
        self.group_links: dict[tuple[int, int], GroupAssignment] = {}

    def link_group(self, task: Task, name: str, role: str) -> None:
        """The task's line for a group phrase (a lead line wins over a participating one)."""
        name = "".join(name.split())
        if name not in self.groups:
            self.groups[name], created = get_or_create_group(
                name, self.document.region, self.actor)
            if created:
                self.new_groups.add(name)
        group = self.groups[name]
        key = (task.pk, group.pk)
        if key not in self.group_links:
            self.group_links[key] = clip_char_fields(GroupAssignment(
                task=task, group=group, role=role, name_as_written=name,
                order=len(self.group_links)))

    def get(self, name: str) -> Unit:
        name = "".join(name.split())
        if name not in self.cache:
            self.cache[name] = self.decide(name)
        return self.cache[name]

    def decide(self, name: str) -> Unit:
        decision = self.decisions.get(name, CREATE)
        if decision not in (CREATE, None, ""):
            unit = Unit.objects.filter(pk=int(decision)).first()
            if unit is None:
                raise ImportFailed(f"单位“{name}”对应的单位不存在（id={decision}）")
            self.remember_alias(name, unit)
            return unit
        unit = self.resolver.resolve(name)
        if unit is None:
            unit = clip_char_fields(self.resolver.new_unit(name))
            unit.save()
            self.resolver.add(unit)
            self.created.append(unit)
            record_change(
                self.actor,
                ChangeAction.CREATE,
                unit,
                after=unit.snapshot(),
                message=f"导入《{self.document.title}》时新建",
            )
        return unit

    def remember_alias(self, name: str, unit: Unit) -> None:
        region = self.document.region
        if unit.name == name and unit.region_id == (region.pk if region else None):
            return
        if UnitAlias.objects.filter(region=region, text=name).exists():
            return
        if Unit.objects.filter(region=region, name=name).exists():
            return
        alias = UnitAlias.objects.create(unit=unit, text=name, region=region)
        record_change(self.actor, ChangeAction.CREATE, alias, after=alias.snapshot(), related=unit)


def build_task(document: Document, order: int, data: dict) -> Task:
    deadline = data.get("deadline") or {}
    lines = data.get("source_lines") or []
    task = Task(
        document=document,
        order=order,
        seq=data.get("seq") or "",
        category=data.get("category") or "",
        content=data.get("content") or "",
        deadline_text=deadline.get("text") or "",
        deadline_kind=deadline.get("kind") or DeadlineKind.NONE,
        deadline_start=parse_date(deadline.get("start")),
        deadline_due=parse_date(deadline.get("due")),
        target=data.get("target") or "",
        leaders=[str(name)[:50] for name in data.get("leaders") or [] if str(name).strip()],
        source_line_first=lines[0] if lines else None,
        source_line_last=lines[-1] if lines else None,
    )
    return clip_char_fields(task)


def build_assignments(task: Task, data: dict, units: DecidedUnits) -> list[Assignment]:
    """One assignment per unit; a unit named as lead and participant stays lead. Group phrases
    become the task's group lines (``units.group_links``), not assignments."""
    by_unit: dict[int, Assignment] = {}
    roles = [
        (AssignmentRole.LEAD, data.get("lead_units", [])),
        (AssignmentRole.PARTICIPATING, data.get("participating_units", [])),
    ]
    for role, names in roles:
        for name in names:
            if is_group_name(name):
                units.link_group(task, name, role)
                continue
            unit = units.get(name)
            if unit.pk not in by_unit:
                assignment = Assignment(
                    task=task, unit=unit, role=role, name_as_written=name, order=len(by_unit)
                )
                by_unit[unit.pk] = clip_char_fields(assignment)
    return list(by_unit.values())


def build_children(task: Task, data: dict) -> tuple[list[Milestone], list[Indicator]]:
    milestones = [
        Milestone(task=task, due=parse_date(m.get("due")), text=m.get("text") or "", order=i)
        for i, m in enumerate(data.get("milestones") or [])
    ]
    indicators = [
        clip_char_fields(
            Indicator(
                task=task,
                text=ind.get("text") or "",
                value=parse_decimal(ind.get("value")),
                unit=ind.get("unit") or "",
                op=ind.get("op") or ">=",
                order=i,
            )
        )
        for i, ind in enumerate(data.get("indicators") or [])
    ]
    return milestones, indicators


def land_tasks(document: Document, tasks_data: list[dict], decisions: dict, actor) -> dict:
    """Create every task with its assignments, milestones and indicators, and their audit rows."""
    units = DecidedUnits(document, decisions, actor)
    tasks = Task.objects.bulk_create(
        [build_task(document, i, data) for i, data in enumerate(tasks_data)], batch_size=500
    )
    assignments, milestones, indicators = [], [], []
    for task, data in zip(tasks, tasks_data, strict=True):
        assignments += build_assignments(task, data, units)
        task_milestones, task_indicators = build_children(task, data)
        milestones += task_milestones
        indicators += task_indicators
    Assignment.objects.bulk_create(assignments, batch_size=500)
    GroupAssignment.objects.bulk_create(units.group_links.values(), batch_size=500)
    for name in units.new_groups:
        # A new 各级X部门 group takes the departments the same document brought in too.
        group = units.groups[name]
        if not group.members.exists():
            group.members.set(default_members(group.name, document.region))
    sync_groups([g.pk for g in units.groups.values()], [t.pk for t in tasks])
    Milestone.objects.bulk_create(milestones, batch_size=500)
    Indicator.objects.bulk_create(indicators, batch_size=500)
    refresh_search_text(task.pk for task in tasks)
    summary = {
        "tasks": len(tasks),
        "assignments": len(assignments),
        "milestones": len(milestones),
        "indicators": len(indicators),
        "units_created": [unit.name for unit in units.created],
        "groups": sorted(units.groups),
        "undefined_groups": sorted(n for n, g in units.groups.items() if not g.members.exists()),
    }
    changes = [
        build_change(
            actor,
            ChangeAction.IMPORT,
            document,
            after=document.snapshot() | summary,
            message=f"导入 {document.filename}",
        )
    ]
    changes += [
        build_change(actor, ChangeAction.CREATE, task, after=task.snapshot(), related=document)
        for task in tasks
    ]
    record_changes(changes)
    return summary
