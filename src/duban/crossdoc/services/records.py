"""One shape for a task, whether it comes from an extraction (a preview) or from the ledger.

A record holds what the diff compares: content, lead and participating units (names as written,
spaces removed), the deadline, milestones and the target with its indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from duban.crossdoc.services.similarity import unit_name
from duban.ledger.choices import AssignmentRole
from duban.ledger.models import Document, Task


def number(value) -> str:
    """A target value as a plain decimal string (75.0000 and 75 are the same target)."""
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)


@dataclass
class TaskRecord:
    seq: str
    category: str
    content: str
    lead: list[str]
    participating: list[str]
    deadline_text: str
    deadline_due: str | None
    milestones: list[tuple[str, str]]
    target: str
    indicators: list[tuple[str, str, str]]
    task_id: int | None = None
    state: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def deadline_label(self) -> str:
        return self.deadline_text or (self.deadline_due or "")

    def indicator_labels(self) -> list[str]:
        return [f"{op}{value}{unit}" for op, value, unit in self.indicators]


def from_extraction_task(task: dict) -> TaskRecord:
    deadline = task.get("deadline") or {}
    return TaskRecord(
        seq=str(task.get("seq") or ""),
        category=task.get("category") or "",
        content=task.get("content") or "",
        lead=[unit_name(n) for n in task.get("lead_units") or []],
        participating=[unit_name(n) for n in task.get("participating_units") or []],
        deadline_text=deadline.get("text") or "",
        deadline_due=deadline.get("due"),
        milestones=[(m.get("due") or "", m.get("text") or "") for m in task.get("milestones") or []],
        target=task.get("target") or "",
        indicators=[(i.get("op") or ">=", number(i.get("value")), i.get("unit") or "")
                    for i in task.get("indicators") or []],
    )


def from_extraction(extraction: dict) -> list[TaskRecord]:
    return [from_extraction_task(t) for t in extraction.get("tasks") or []]


def from_task(task: Task) -> TaskRecord:
    assignments = sorted(task.assignments.all(), key=lambda a: (a.order, a.pk))
    names = {role: [unit_name(a.name_as_written or a.unit.name) for a in assignments
                    if a.role == role] for role in AssignmentRole.values}
    return TaskRecord(
        seq=task.seq,
        category=task.category,
        content=task.content,
        lead=names[AssignmentRole.LEAD],
        participating=names[AssignmentRole.PARTICIPATING],
        deadline_text=task.deadline_text,
        deadline_due=task.deadline_due.isoformat() if task.deadline_due else None,
        milestones=[(m.due.isoformat() if m.due else "", m.text) for m in task.milestones.all()],
        target=task.target,
        indicators=[(i.op, number(i.value), i.unit) for i in task.indicators.all()],
        task_id=task.pk,
        state=task.state,
    )


def document_tasks(document: Document):
    return (document.tasks.order_by("order", "pk")
            .prefetch_related("assignments__unit", "milestones", "indicators"))


def from_document(document: Document) -> list[TaskRecord]:
    return [from_task(t) for t in document_tasks(document)]
