"""The office's decision on a re-imported document, and a revision applied to the ledger as a
delta: matched tasks are updated in place (their reports, indicator values and audit history
stay), new tasks are added, dropped tasks without reports are removed. Every change is audited;
a changed deadline gets its own audit row saying so."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.crossdoc.models import ImportDecision, RepeatChoice
from duban.crossdoc.services.diff import CARRIED, DROPPED, NEW, diff_records
from duban.crossdoc.services.records import from_document, from_extraction
from duban.ledger.choices import ChangeAction
from duban.ledger.models import Assignment, Document, Indicator, Milestone, Task
from duban.ledger.permissions import require_office
from duban.ledger.services.audit import record_change
from duban.ledger.services.landing import (
    DecidedUnits,
    build_assignments,
    build_children,
    build_task,
    clip_char_fields,
    parse_decimal,
)
from duban.ledger.services.search import refresh_search_text
from duban.supervision.services.status import recompute_task

TASK_FIELDS = ("seq", "category", "content", "order", "deadline_text", "deadline_kind",
               "deadline_start", "deadline_due", "target")


def record_decision(actor, choice: str, *, matched: Document | None, filename: str,
                    sha256: str = "", reason: str = "", similarity: dict | None = None,
                    result: Document | None = None, summary: dict | None = None
                    ) -> ImportDecision:
    """Save the decision and its audit row (on the matched document's history)."""
    if choice not in RepeatChoice.values:
        raise ValidationError(f"未知的处理方式：{choice}")
    if choice == RepeatChoice.SEPARATE and not reason.strip():
        raise ValidationError("作为独立文件导入时请填写理由")
    decision = ImportDecision.objects.create(
        matched=matched, result=result, choice=choice, reason=reason.strip(),
        filename=filename[:255], sha256=sha256, similarity=similarity or {},
        summary=summary or {}, actor=actor if getattr(actor, "pk", None) else None)
    label = RepeatChoice(choice).label
    message = f"重复文件《{filename}》：{label}" + (f"，理由：{reason.strip()}" if reason.strip() else "")
    record_change(actor, ChangeAction.CREATE, decision, related=matched,
                  after={"choice": choice, "reason": decision.reason, "filename": filename,
                         "result": result.pk if result else None, "summary": summary or {}},
                  message=message)
    return decision


def update_assignments(task: Task, data: dict, units: DecidedUnits) -> bool:
    """Make the task's assignments those of ``data``; assignments of kept units keep their
    rows (and so their history). Returns whether anything changed."""
    wanted = {a.unit_id: a for a in build_assignments(task, data, units)}
    current = {a.unit_id: a for a in task.assignments.all()}
    changed = False
    for unit_id, assignment in current.items():
        if unit_id not in wanted:
            assignment.delete()
            changed = True
    for unit_id, new in wanted.items():
        old = current.get(unit_id)
        if old is None:
            new.save()
            changed = True
        elif (old.role, old.order, old.name_as_written) != (new.role, new.order,
                                                            new.name_as_written):
            changed = changed or old.role != new.role
            old.role, old.order, old.name_as_written = new.role, new.order, new.name_as_written
            old.save()
    return changed


def update_children(task: Task, data: dict) -> dict:
    """Milestones and indicators updated by position; extra ones added; surplus milestones
    removed (their reports stay), surplus indicators removed unless they hold reported values."""
    milestones, indicators = build_children(task, data)
    kept = {"indicators_kept": 0}
    old_milestones = list(task.milestones.order_by("order", "pk"))
    for position, new in enumerate(milestones):
        if position < len(old_milestones):
            old = old_milestones[position]
            old.due, old.text, old.order = new.due, new.text, new.order
            old.save()
        else:
            new.save()
    for old in old_milestones[len(milestones):]:
        old.delete()
    old_indicators = list(task.indicators.order_by("order", "pk"))
    for position, new in enumerate(indicators):
        if position < len(old_indicators):
            old = old_indicators[position]
            old.text, old.value, old.unit, old.op = new.text, new.value, new.unit, new.op
            old.order = new.order
            clip_char_fields(old).save()
        else:
            new.save()
    for old in old_indicators[len(indicators):]:
        if old.values.exists():
            kept["indicators_kept"] += 1
        else:
            old.delete()
    return kept


def deadline_label(snapshot: dict) -> str:
    return snapshot.get("deadline_text") or str(snapshot.get("deadline_due") or "未注明")


def update_task(task: Task, data: dict, order: int, changed: list[str], units: DecidedUnits,
                actor, document: Document) -> None:
    before = task.snapshot()
    fresh = build_task(document, order, data)
    for name in TASK_FIELDS:
        setattr(task, name, getattr(fresh, name))
    if changed:
        task.version += 1
    task.save()
    if "lead" in changed or "participating" in changed:
        update_assignments(task, data, units)
    if "milestones" in changed or "target" in changed:
        update_children(task, data)
    if not changed:
        return
    after = task.snapshot()
    labels = "、".join(changed)
    record_change(actor, ChangeAction.UPDATE, task, before=before, after=after, related=document,
                  message=f"修订：{labels}")
    if "deadline" in changed:
        record_change(actor, ChangeAction.UPDATE, task,
                      before={k: before[k] for k in ("deadline_text", "deadline_kind",
                                                      "deadline_start", "deadline_due")},
                      after={k: after[k] for k in ("deadline_text", "deadline_kind",
                                                    "deadline_start", "deadline_due")},
                      related=document,
                      message=f"修订调整完成时限：{deadline_label(before)} → {deadline_label(after)}")


def create_task(document: Document, data: dict, order: int, units: DecidedUnits, actor) -> Task:
    task = build_task(document, order, data)
    task.save()
    Assignment.objects.bulk_create(build_assignments(task, data, units))
    milestones, indicators = build_children(task, data)
    Milestone.objects.bulk_create(milestones)
    Indicator.objects.bulk_create(indicators)
    record_change(actor, ChangeAction.CREATE, task, after=task.snapshot(), related=document,
                  message="修订新增任务")
    return task


@transaction.atomic
def apply_revision(actor, document: Document, extraction: dict, decisions: dict | None = None
                   ) -> dict:
    """Apply a revised extraction of ``document`` to the ledger as a delta; returns the counts
    and the ids touched. Dropped tasks that hold progress reports are kept (listed as
    ``dropped_kept``) so no report is lost; the office decides about them on the task page."""
    require_office(actor)
    for task in extraction.get("tasks") or []:
        for indicator in task.get("indicators") or []:
            parse_decimal(indicator.get("value"))
    old = from_document(document)
    new = from_extraction(extraction)
    diff = diff_records(old, new)
    tasks_data = extraction.get("tasks") or []
    index_of_new = {id(record): j for j, record in enumerate(new)}
    units = DecidedUnits(document, decisions or {}, actor)
    tasks = {t.pk: t for t in document.tasks.prefetch_related("assignments")}
    summary = {"updated": [], "unchanged": 0, "created": [], "deleted": [], "dropped_kept": [],
               "deadline_changed": []}
    for item in diff.items:
        if item.kind == CARRIED:
            j = index_of_new[id(item.new)]
            task = tasks[item.old.task_id]
            update_task(task, tasks_data[j], j, item.changed, units, actor, document)
            if item.changed:
                summary["updated"].append(task.pk)
                if "deadline" in item.changed:
                    summary["deadline_changed"].append(task.pk)
            else:
                summary["unchanged"] += 1
        elif item.kind == NEW:
            j = index_of_new[id(item.new)]
            summary["created"].append(create_task(document, tasks_data[j], j, units, actor).pk)
        elif item.kind == DROPPED:
            task = tasks[item.old.task_id]
            if task.reports.exists():
                summary["dropped_kept"].append(task.pk)
                continue
            record_change(actor, ChangeAction.DELETE, task, before=task.snapshot(),
                          related=document, message="修订删除任务")
            summary["deleted"].append(task.pk)
            task.delete()
    touched = summary["updated"] + summary["created"]
    refresh_search_text(touched)
    today = timezone.localdate()
    for task in Task.objects.filter(pk__in=touched):
        recompute_task(task, today)
    summary["units_created"] = [unit.name for unit in units.created]
    summary["counts"] = diff.counts
    return summary

