"""Working on tasks: progress reports and their review, task edits, responsibility lists, search."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from duban.ledger.choices import (
    AssignmentRole,
    ChangeAction,
    DocumentStatus,
    ProgressState,
    ReviewStatus,
)
from duban.ledger.models import (
    Assignment,
    Document,
    EvidenceFile,
    IndicatorValue,
    Milestone,
    ProgressReport,
    Task,
    Unit,
)
from duban.ledger.models.documents import assignment_exists
from duban.ledger.permissions import can_report, reporter_unit, require_office
from duban.ledger.services.audit import record_change
from duban.ledger.services.search import matching, refresh_search_text
from duban.ledger.services.units import covering_unit_ids
from duban.ledger.services.uploads import check_upload_size

EDITABLE_TASK_FIELDS = {
    "seq",
    "category",
    "content",
    "order",
    "deadline_text",
    "deadline_kind",
    "deadline_start",
    "deadline_due",
    "target",
    "state",
    "closed_at",
}


def read_upload(upload) -> tuple[str, bytes]:
    """(name, bytes) of an uploaded file or of a ``(name, bytes)`` pair."""
    if isinstance(upload, tuple):
        return upload
    upload.seek(0)
    return upload.name, upload.read()


def attach_evidence(report: ProgressReport, upload) -> EvidenceFile:
    check_upload_size(getattr(upload, "name", None) or upload[0], upload)
    name, data = read_upload(upload)
    evidence = EvidenceFile(
        report=report,
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    evidence.file.save(name, ContentFile(data), save=False)
    evidence.save()
    return evidence


def reporting_unit_for(user, task: Task, unit: Unit | None) -> Unit:
    """The unit a report is filed for: the reporter's own; the office names one (default lead)."""
    own = reporter_unit(user)
    if own is not None:
        return own
    if unit is not None:
        return unit
    lead = task.assignments.filter(role=AssignmentRole.LEAD).select_related("unit").first()
    any_assignment = lead or task.assignments.select_related("unit").first()
    if any_assignment is None:
        raise ValidationError("该任务没有责任单位，请先指定单位")
    return any_assignment.unit


# A report is read by a person in the review queue; longer material belongs in an attachment.
MAX_REPORT_CHARS = 10_000


def check_report(user, task: Task, percent, state: str, milestone: Milestone | None,
                 text: str = "") -> None:
    """Refuse a report the user may not file (PermissionDenied) or that is malformed."""
    if not can_report(user, task):
        raise PermissionDenied("无权对此任务报送进展")
    if len(text or "") > MAX_REPORT_CHARS:
        raise ValidationError({"text": (
            f"进展情况共 {len(text)} 字，超过 {MAX_REPORT_CHARS} 字的上限；"
            "请精简文字，详细材料作为附件上传")})
    if percent is not None and not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": "完成比例应在 0 到 100 之间"})
    if state not in ProgressState.values:
        raise ValidationError({"state": f"未知进展状态：{state}"})
    if milestone is not None and milestone.task_id != task.pk:
        raise ValidationError({"milestone": "时间节点不属于该任务"})


def submit_progress_report(
    user,
    task: Task,
    text: str,
    percent: int | None = None,
    state: str = "in_progress",
    indicator_values: dict | None = None,
    files=(),
    *,
    milestone: Milestone | None = None,
    unit: Unit | None = None,
    reported_on: dt.date | None = None,
) -> ProgressReport:
    """File a unit's progress report with indicator values and evidence files, in one go.

    ``indicator_values`` maps indicator id -> actual value; ``files`` are uploaded files or
    ``(name, bytes)`` pairs. Raises PermissionDenied unless ``can_report(user, task)``.
    """
    check_report(user, task, percent, state, milestone, text)
    stored = []
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                task=task,
                milestone=milestone,
                unit=reporting_unit_for(user, task, unit),
                author=user,
                text=text,
                percent=percent,
                state=state,
            )
            record_indicator_values(report, indicator_values or {}, reported_on)
            for upload in files or ():
                stored.append(attach_evidence(report, upload))
            message = f"报送进展（{len(stored)} 个附件）"
            record_change(
                user,
                ChangeAction.CREATE,
                report,
                after=report.snapshot(),
                related=task,
                message=message,
            )
    except Exception:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return report


def record_indicator_values(report: ProgressReport, values: dict, on: dt.date | None) -> None:
    indicators = {ind.pk: ind for ind in report.task.indicators.all()}
    for indicator_id, value in values.items():
        if value in (None, ""):
            continue
        indicator = indicators.get(int(indicator_id))
        if indicator is None:
            raise ValidationError("指标不属于该任务")
        IndicatorValue.objects.create(
            indicator=indicator,
            value=Decimal(str(value)),
            report=report,
            reported_on=on or timezone.localdate(),
        )


@transaction.atomic
def review_report(actor, report: ProgressReport, status: str, comment: str = "") -> ProgressReport:
    """The office accepts a report or returns it (退回) with a comment."""
    require_office(actor)
    if status not in (ReviewStatus.ACCEPTED, ReviewStatus.RETURNED):
        raise ValidationError({"review_status": "审核结果只能是采纳或退回"})
    if status == ReviewStatus.RETURNED and not comment.strip():
        raise ValidationError({"review_comment": "退回时请填写意见"})
    before = report.snapshot()
    report.review_status, report.review_comment = status, comment
    report.reviewed_by, report.reviewed_at = actor, timezone.now()
    report.save()
    record_change(
        actor,
        ChangeAction.REVIEW,
        report,
        before=before,
        after=report.snapshot(),
        related=report.task,
    )
    return report


def task_with_units(task: Task) -> dict:
    data = task.snapshot()
    data["lead_units"] = sorted(u.pk for u in task.units.filter(assignments__role="lead"))
    data["participating_units"] = sorted(
        u.pk for u in task.units.filter(assignments__role="participating")
    )
    return data


class EditConflict(ValidationError):
    """The task was changed by someone else since the edit form was shown (optimistic lock)."""

    def __init__(self, task: Task, expected: int):
        super().__init__(
            f"任务已被他人修改（您编辑的是第 {expected} 版，当前为第 {task.version} 版）。"
            "为免覆盖他人的修改，本次保存未生效，请刷新页面查看最新内容后重新修改。",
            code="conflict",
        )
        self.task = task
        self.expected = expected


def claim_next_version(task: Task, expected_version: int | None) -> None:
    """Bump the task's version in the database, only from ``expected_version`` when given.

    The conditional UPDATE is the lock: of two edits made from the same version, the second
    waits for the first and then matches no row.
    """
    rows = Task.objects.filter(pk=task.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) == 0:
        current = Task.objects.get(pk=task.pk)
        raise EditConflict(current, expected_version)


@transaction.atomic
def edit_task(
    actor,
    task: Task,
    changes: dict | None = None,
    *,
    lead_units: list[Unit] | None = None,
    participating_units: list[Unit] | None = None,
    expected_version: int | None = None,
) -> Task:
    """Change a task's fields and/or its units (office only), with before/after in the audit.

    ``expected_version`` is the task version the edit was made from (the form's hidden field);
    if the task has moved on since, EditConflict is raised and nothing changes. Without it the
    edit applies to the current row (still one version step, still serialised).
    """
    require_office(actor)
    changes = changes or {}
    unknown = set(changes) - EDITABLE_TASK_FIELDS
    if unknown:
        raise ValidationError(f"不能修改字段：{', '.join(sorted(unknown))}")
    claim_next_version(task, expected_version)
    task.refresh_from_db()
    before = task_with_units(task) | {"version": task.version - 1}
    for name, value in changes.items():
        setattr(task, name, value)
    task.full_clean(exclude=["document"])
    task.save()
    if lead_units is not None or participating_units is not None:
        replace_assignments(task, lead_units, participating_units)
    refresh_search_text([task.pk])
    record_change(
        actor,
        ChangeAction.UPDATE,
        task,
        before=before,
        after=task_with_units(task),
        related=task.document,
    )
    return task


def replace_assignments(task: Task, lead: list[Unit] | None, participating: list[Unit] | None):
    current = {a.unit_id: a for a in task.assignments.all()}
    lead = lead if lead is not None else [a.unit for a in current.values() if a.role == "lead"]
    participating = (
        participating
        if participating is not None
        else [a.unit for a in current.values() if a.role == "participating"]
    )
    task.assignments.all().delete()
    seen: set[int] = set()
    for role, units in ((AssignmentRole.LEAD, lead), (AssignmentRole.PARTICIPATING, participating)):
        for unit in units:
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            written = current[unit.pk].name_as_written if unit.pk in current else ""
            Assignment.objects.create(
                task=task, unit=unit, role=role, order=len(seen), name_as_written=written
            )


@transaction.atomic
def confirm_document(actor, document: Document) -> Document:
    """Turn a draft document into a confirmed part of the ledger."""
    require_office(actor)
    before = document.snapshot()
    document.status = DocumentStatus.CONFIRMED
    document.save(update_fields=["status", "last_updated"])
    record_change(actor, ChangeAction.UPDATE, document, before=before, after=document.snapshot())
    return document


@transaction.atomic
def delete_document(actor, document: Document) -> None:
    """Remove a wrongly imported document with its tasks and reports (office only).

    The original file is deleted once the transaction has committed; the audit row keeps the
    document's fields and its task count.
    """
    require_office(actor)
    before = document.snapshot() | {"tasks": document.tasks.count()}
    record_change(actor, ChangeAction.DELETE, document, before=before)
    files = [document.original] if document.original else []
    files += [e.file for e in EvidenceFile.objects.filter(report__task__document=document)]
    document.delete()
    for stored in files:
        transaction.on_commit(lambda f=stored: f.storage.delete(f.name))


@dataclass
class Responsibilities:
    """A unit's 责任清单: the tasks it leads and those it takes part in."""

    unit: Unit
    lead: QuerySet
    participating: QuerySet


def filter_tasks(tasks: QuerySet, filters: dict | None) -> QuerySet:
    """Apply the list filters: document, state, category, due_from, due_to (all optional)."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    if "document" in filters:
        tasks = tasks.filter(document=filters["document"])
    if "state" in filters:
        tasks = tasks.filter(state=filters["state"])
    if "category" in filters:
        tasks = tasks.filter(category=filters["category"])
    if "due_from" in filters:
        tasks = tasks.filter(deadline_due__gte=filters["due_from"])
    if "due_to" in filters:
        tasks = tasks.filter(deadline_due__lte=filters["due_to"])
    return tasks


def units_responsibility_list(unit: Unit, filters: dict | None = None) -> Responsibilities:
    """The unit's lead and participating tasks, including those of its generic units."""
    tasks = filter_tasks(Task.objects.select_related("document"), filters)
    unit_ids = covering_unit_ids(unit)
    return Responsibilities(
        unit=unit,
        lead=tasks_in_role(tasks, unit_ids, AssignmentRole.LEAD),
        participating=tasks_in_role(tasks, unit_ids, AssignmentRole.PARTICIPATING),
    )


def tasks_in_role(tasks: QuerySet, unit_ids: list[int], role: str | None) -> QuerySet:
    """Those of ``tasks`` the units (a unit with its generic units) take in ``role`` (in any
    role when None); a task they lead is not listed again among the ones they take part in."""
    chosen = tasks.assigned_to(unit_ids, role)
    if role == AssignmentRole.PARTICIPATING:
        chosen = chosen.filter(~assignment_exists(unit_ids, AssignmentRole.LEAD))
    return chosen


def search_tasks(
    q: str = "",
    unit: Unit | None = None,
    category: str | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    document: Document | None = None,
    base: QuerySet | None = None,
) -> QuerySet:
    """Tasks matching every word of ``q`` (see ``services.search``: content, category, target,
    seq, document title, milestones or unit names) and the given unit (with its generic units),
    category and due range.
    """
    tasks = matching(base if base is not None else Task.objects.all(), q)
    if unit is not None:
        tasks = tasks.assigned_to(covering_unit_ids(unit))
    tasks = filter_tasks(
        tasks, {"category": category, "due_from": due_from, "due_to": due_to, "document": document}
    )
    return tasks.select_related("document").order_by("document", "order", "pk")
