"""The one count of the ledger's statuses that every page, the API and the 通报 show.

逾期 means one thing everywhere: the task's own effective due date (its deadline, or its
document's period end when it states none) has passed and it is not closed (销号). A task
whose milestone passed undone before that is 节点滞后; an ongoing task (持续推进) that missed a
report day is 未按期报送. The status engine writes that state on ``Task.state``; this module
brings the stored states up to the day and counts them, so no page counts its own way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from duban.ledger.choices import TaskState
from duban.ledger.models import Task
from duban.supervision.choices import Light
from duban.supervision.services.status import ensure_current


@dataclass(frozen=True)
class StatusCounts:
    """Tasks by state and by light on a day; ``overdue`` is the 逾期 count."""

    on: dt.date
    total: int
    states: dict[str, int]
    lights: dict[str, int]

    @property
    def overdue(self) -> int:
        return self.states[TaskState.OVERDUE]

    @property
    def red(self) -> int:
        return self.lights[Light.RED]

    def state_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) of every state, in the choices' order."""
        return [(value, label, self.states[value]) for value, label in TaskState.choices]


def overdue_tasks(tasks: QuerySet | None = None) -> QuerySet:
    """The 逾期 tasks among ``tasks`` (every task by default), as counted by ``status_counts``."""
    return (Task.objects.all() if tasks is None else tasks).filter(state=TaskState.OVERDUE)


def status_counts(on: dt.date, tasks: QuerySet | None = None, current: bool = True) -> StatusCounts:
    """Counts of ``tasks`` (every task by default) on ``on``, one aggregate query after the
    stored statuses are brought up to ``on`` (skip that with ``current=False`` when the caller
    just did)."""
    if current:
        ensure_current(on)
    # By id: a unit's list is a union of joins, whose rows would be counted once per join.
    tasks = Task.objects.all() if tasks is None else Task.objects.filter(pk__in=tasks.values("pk"))
    per_state = {f"s_{v}": Count("pk", filter=Q(state=v)) for v in TaskState.values}
    per_light = {f"l_{v}": Count("pk", filter=Q(supervision__light=v)) for v in Light.values}
    row = tasks.order_by().aggregate(total=Count("pk"), **per_state, **per_light)
    return StatusCounts(
        on,
        row["total"],
        {v: row[f"s_{v}"] for v in TaskState.values},
        {v: row[f"l_{v}"] for v in Light.values},
    )
