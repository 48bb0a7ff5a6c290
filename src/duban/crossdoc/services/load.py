"""One unit's whole load: its 责任清单 across every document in force, the month-by-month count
of its deadlines, the same work given to it by two documents (by task text), and the
deadlines of that work that disagree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from duban.crossdoc.services.similarity import top_k
from duban.ledger.choices import AssignmentRole, DeadlineKind, DocumentStatus
from duban.ledger.models import Task, Unit
from duban.ledger.services.tasks import tasks_in_role
from duban.ledger.services.units import covering_unit_ids

SAME_WORK = 0.6


@dataclass
class SameWork:
    """Two tasks of two documents that give the unit the same work."""

    first: Task
    second: Task
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def conflicting(self) -> bool:
        return deadline_key(self.first) != deadline_key(self.second)


@dataclass
class UnitLoad:
    unit: Unit
    lead: list[Task]
    participating: list[Task]
    months: list[tuple[str, int, int]] = field(default_factory=list)
    ongoing: int = 0
    same_work: list[SameWork] = field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return self.lead + self.participating

    @property
    def conflicts(self) -> list[SameWork]:
        return [pair for pair in self.same_work if pair.conflicting]

    @property
    def documents(self) -> int:
        return len({t.document_id for t in self.tasks})


def deadline_key(task: Task):
    """What two deadlines are compared by: the due date (the document's period end for a task
    without one), or 持续推进."""
    if task.deadline_kind == DeadlineKind.ONGOING:
        return DeadlineKind.ONGOING
    return task.effective_due()


def in_force(on: dt.date | None) -> Q:
    """Confirmed documents whose period has not ended on ``on`` (every confirmed one if None)."""
    q = Q(document__status=DocumentStatus.CONFIRMED)
    if on is not None:
        q &= Q(document__period_end__isnull=True) | Q(document__period_end__gte=on)
    return q


def month_counts(tasks: list[Task], lead_ids: set[int]) -> tuple[list[tuple[str, int, int]], int]:
    """(YYYY-MM, deadlines, of which as lead) in month order, and the count of ongoing tasks."""
    total, lead = Counter(), Counter()
    ongoing = 0
    for task in tasks:
        due = task.effective_due()
        if due is None:
            ongoing += 1
            continue
        key = f"{due:%Y-%m}"
        total[key] += 1
        lead[key] += task.pk in lead_ids
    return [(key, total[key], lead[key]) for key in sorted(total)], ongoing


def same_work(tasks: list[Task], threshold: float = SAME_WORK) -> list[SameWork]:
    """Pairs of tasks of different documents whose texts say the same work, best first."""
    texts = [t.content for t in tasks]
    pairs: dict[tuple[int, int], SameWork] = {}
    for i, candidates in enumerate(top_k(texts, texts, k=min(6, len(texts)))):
        for candidate in candidates:
            j = candidate.index
            if candidate.score < threshold:
                break
            a, b = tasks[i], tasks[j]
            if a.document_id == b.document_id:
                continue
            key = (min(a.pk, b.pk), max(a.pk, b.pk))
            if key not in pairs:
                first, second = sorted((a, b), key=lambda t: t.pk)
                pairs[key] = SameWork(first, second, candidate.score)
    return sorted(pairs.values(), key=lambda p: (-p.score, p.first.pk))


def unit_load(unit: Unit, on: dt.date | None = None) -> UnitLoad:
    """The unit's load over the documents in force on ``on`` (all confirmed ones if None)."""
    unit_ids = covering_unit_ids(unit)
    tasks = Task.objects.filter(in_force(on)).select_related("document").order_by(
        "document_id", "order", "pk")
    lead = list(tasks_in_role(tasks, unit_ids, AssignmentRole.LEAD))
    participating = list(tasks_in_role(tasks, unit_ids, AssignmentRole.PARTICIPATING))
    load = UnitLoad(unit, lead, participating)
    load.months, load.ongoing = month_counts(load.tasks, {t.pk for t in lead})
    load.same_work = same_work(load.tasks)
    return load
