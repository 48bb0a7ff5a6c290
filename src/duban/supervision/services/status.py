"""The status engine: the state and traffic light of every task and milestone on a given day.

Rules (issue 4, item 1; N = ``SupervisionSettings.yellow_days``):
- a closed task (销号) and its milestones are done (green);
- a milestone is done when a counted report on it says 已完成 (or 100%);
- past its due date and not done: overdue (逾期, red) — for a task, only its own (effective)
  due date makes it 逾期; a milestone missed before that makes it 节点滞后 (red);
- before its window (the day after the previous milestone, or the task's / document's start):
  not started;
- within N days of its due date with no counted report since its window began: due soon
  (yellow); otherwise on track (green);
- a task with milestones takes the worst of them; a task with no stated deadline runs to the
  document's period end (``Task.effective_due``);
- an ``ongoing`` task (持续推进) is judged by its reporting cadence: no report in the current
  period after the report day, or none in the previous period, is 未按期报送 (red); within N days
  of the report day without one, due soon (yellow);
- a task whose last due report is missing turns yellow (reason given) while its state stays,
  when ``missing_report_yellow`` is on;
- an open task on a 督办单 left unanswered past the notice's own deadline is red (reason given)
  while its state stays.
Every function takes ``today``; nothing reads the clock.

The rules are pure functions of a small per-task summary (``status_facts.TaskFacts``: the task
row, its milestones and a few facts about its counted reports, read set-wise in SQL); what
changed is written set-wise by ``status_store``. A recompute of one task and of a province take
the same path.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from duban.ledger.choices import DeadlineKind, TaskState
from duban.ledger.formats import cn_date
from duban.ledger.models import Task
from duban.supervision.choices import Light
from duban.supervision.models import StatusRun, SupervisionSettings, TaskStatus
from duban.supervision.services.cadence import (
    Period,
    last_due_period,
    period_of,
    previous_period,
)
from duban.supervision.services.status_facts import (
    DocumentFacts,
    MilestoneFacts,
    TaskFacts,
    task_facts,
)
from duban.supervision.services.status_store import store_verdicts

# The choices as plain strings: reading a member off its choices class runs Python code, and
# the rules below run a few times per task.
OVERDUE, BEHIND, REPORT_LATE, DUE_SOON, ON_TRACK, NOT_STARTED, DONE = (
    TaskState.OVERDUE.value,
    TaskState.BEHIND.value,
    TaskState.REPORT_LATE.value,
    TaskState.DUE_SOON.value,
    TaskState.ON_TRACK.value,
    TaskState.NOT_STARTED.value,
    TaskState.DONE.value,
)
RED, YELLOW, GREEN = Light.RED.value, Light.YELLOW.value, Light.GREEN.value
ONGOING = DeadlineKind.ONGOING.value
SEVERITY = [OVERDUE, BEHIND, REPORT_LATE, DUE_SOON, ON_TRACK, NOT_STARTED, DONE]
RED_STATES = frozenset({OVERDUE, BEHIND, REPORT_LATE})


@dataclass
class Verdict:
    """A computed state with its light and the reasons behind it."""

    state: str
    reasons: list[str] = field(default_factory=list)
    light: str = ""
    due: dt.date | None = None

    def __post_init__(self):
        if not self.light:
            self.light = light_of(self.state)


def light_of(state: str) -> str:
    return RED if state in RED_STATES else YELLOW if state == DUE_SOON else GREEN


def closed_by(task: Task, today: dt.date) -> bool:
    """Whether the task was closed (销号) on or before ``today``."""
    return task.closed_at is not None and timezone.localtime(task.closed_at).date() <= today


def task_start(task: TaskFacts) -> dt.date | None:
    return task.deadline_start or task.document.period_start


@lru_cache(maxsize=1024)
def periods(document: DocumentFacts, today: dt.date) -> tuple[Period, Period, Period | None]:
    """The current period, the one before it and the last whose report day has passed (the
    same for every task of a document, so computed once)."""
    current = period_of(document, today)
    return current, previous_period(document, current), last_due_period(document, today)


def judge_checkpoint(due, window_start, reports, today, yellow_days, what) -> Verdict:
    """State of a dated checkpoint (a milestone or a task's own deadline) not yet done."""
    if due is None:
        return Verdict(ON_TRACK, [f"{what}未设截止日期"])
    if today > due:
        return Verdict(OVERDUE, [f"{what}已过截止日期 {cn_date(due)} 未完成"], due=due)
    if window_start is not None and today < window_start:
        return Verdict(NOT_STARTED, [f"{what}自 {cn_date(window_start)} 起"], due=due)
    days = (due - today).days
    reported = reports.since(window_start) if window_start else reports.any()
    if days <= yellow_days and not reported:
        return Verdict(DUE_SOON, [f"距{what}截止还有 {days} 天，期内无报送"], due=due)
    return Verdict(ON_TRACK, due=due)


def milestone_verdicts(task: TaskFacts, today, rules) -> list[tuple[MilestoneFacts, Verdict]]:
    """Each milestone of ``task`` (in order) with its verdict."""
    done_ids = task.reports.done_milestones
    window_start = task_start(task)
    verdicts = []
    for milestone in sorted(task.milestones, key=lambda m: (m.due or dt.date.max, m.order)):
        due = milestone.due or task.effective_due()
        if task.closed_by(today) or milestone.done_at or milestone.id in done_ids:
            verdict = Verdict(DONE, ["已完成"], due=due)
        else:
            verdict = judge_checkpoint(
                due, window_start, task.reports, today, rules.yellow_days, "节点"
            )
        verdicts.append((milestone, verdict))
        if due is not None:
            window_start = due + dt.timedelta(days=1)
    return verdicts


def judge_by_cadence(task: TaskFacts, today, rules) -> Verdict:
    """An ongoing task (or one with no date at all) judged by its reporting cadence."""
    document = task.document
    start = task_start(task)
    if start is not None and today < start:
        return Verdict(NOT_STARTED, [f"自 {cn_date(start)} 起"])
    period, previous, _ = periods(document, today)

    def reported(p):
        return task.reports.within(p.start, min(p.end, today))

    if reported(period):
        return Verdict(ON_TRACK, [f"{period.label}已报送"], due=period.due)
    if today > period.due:
        return Verdict(REPORT_LATE, [f"{period.label}报送日已过未报送"], due=period.due)
    if (start is None or previous.due >= start) and not reported(previous):
        return Verdict(REPORT_LATE, [f"{previous.label}未报送"], due=period.due)
    days = (period.due - today).days
    if days <= rules.yellow_days:
        return Verdict(DUE_SOON, [f"距报送日还有 {days} 天"], due=period.due)
    return Verdict(ON_TRACK, due=period.due)


def worst(verdicts: list[Verdict]) -> Verdict:
    return min(verdicts, key=lambda v: SEVERITY.index(v.state))


def combine_milestones(task: TaskFacts, verdicts: list[Verdict], today, rules) -> Verdict:
    """A task's verdict from its milestones' and its own deadline's."""
    own = judge_checkpoint(
        task.effective_due(), task_start(task), task.reports, today, rules.yellow_days, "任务"
    )
    if all(v.state == NOT_STARTED for v in verdicts):
        return Verdict(NOT_STARTED, ["尚未到第一个节点期"], due=verdicts[0].due)
    open_ = [v for v in verdicts if v.state not in (DONE, NOT_STARTED)]
    if not open_:
        return Verdict(ON_TRACK, ["节点均已完成，待销号"], due=own.due)
    verdict = worst([*open_, own] if own.state == OVERDUE else open_)
    late = sum(v.state == OVERDUE for v in verdicts)
    reasons = [f"{late} 个节点逾期"] if late else list(verdict.reasons)
    # 逾期 is the task's own deadline passing; a missed milestone before it is 节点滞后.
    state = BEHIND if verdict.state == OVERDUE and own.state != OVERDUE else verdict.state
    if state == OVERDUE and late:
        reasons = [*own.reasons, *reasons]
    return Verdict(state, reasons, due=verdict.due)


def missing_report_reason(task: TaskFacts, today) -> str | None:
    """'X月未按期报送' when the latest period whose report day passed has no report."""
    period = periods(task.document, today)[2]
    start = task_start(task)
    if period is None or (start is not None and period.due < start):
        return None
    if task.reports.within(period.start, min(period.end, today)):
        return None
    return f"{period.label}未报送进展"


def judge_task(task: TaskFacts, today: dt.date, rules: SupervisionSettings):
    """(task verdict, [(milestone, verdict)]) of ``task`` on ``today``: the rules above, then a
    督办单 unanswered past its own deadline turns an open task red (issue 14)."""
    verdict, milestones = judge_task_rules(task, today, rules)
    if task.late_notices and verdict.state != DONE:
        verdict.reasons.extend(task.late_notices)
        verdict.light = RED
    return verdict, milestones


def judge_task_rules(task: TaskFacts, today: dt.date, rules: SupervisionSettings):
    """(task verdict, [(milestone, verdict)]) of ``task`` on ``today`` by its dates and reports."""
    if task.closed_by(today):
        done = Verdict(DONE, ["已销号"])
        return done, [(m, Verdict(DONE, ["已销号"])) for m in task.milestones]
    milestones = milestone_verdicts(task, today, rules)
    if milestones:
        verdict = combine_milestones(task, [v for _, v in milestones], today, rules)
    elif task.deadline_kind == ONGOING or task.effective_due() is None:
        return judge_by_cadence(task, today, rules), []
    else:
        verdict = judge_checkpoint(
            task.effective_due(), task_start(task), task.reports, today, rules.yellow_days, "任务"
        )
    reason = missing_report_reason(task, today)
    if reason and verdict.state != NOT_STARTED:
        verdict.reasons.append(reason)
        if rules.missing_report_yellow and verdict.light == GREEN:
            verdict.light = YELLOW
    return verdict, milestones


def judge_tasks(tasks: QuerySet, today: dt.date, rules=None) -> list[tuple]:
    """[(task summary, verdict, [(milestone summary, verdict)])] of ``tasks`` on ``today``,
    judged in memory from a few set-wise queries; nothing is stored."""
    rules = rules or SupervisionSettings.current()
    return [(task, *judge_task(task, today, rules)) for task in task_facts(tasks, today)]


@contextmanager
def cycle_collector_paused():
    """Pause the cyclic garbage collector: judging a province allocates a few million small
    objects without cycles, and every full collection would walk all of them (about doubling
    the time); plain reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def recompute_tasks(tasks: QuerySet, today: dt.date, rules=None,
                    mark_unchanged: bool = True) -> int:
    """Recompute and store the state and light of ``tasks`` on ``today``; returns the count.
    ``mark_unchanged=False`` is for a recompute of every task (see ``StatusRun``)."""
    with cycle_collector_paused(), transaction.atomic():
        judged = judge_tasks(tasks, today, rules)
        store_verdicts(judged, tasks, today, mark_unchanged)
    return len(judged)


def recompute_task(task: Task, today: dt.date) -> Task:
    """Recompute one task (after a report, a review or an edit)."""
    recompute_tasks(Task.objects.filter(pk=task.pk), today)
    task.refresh_from_db(fields=["state"])
    return task


def recompute_all(today: dt.date, document=None, jobs: int = 1) -> int:
    """Recompute every task (of one document if given): ``duban status --recompute``. With
    ``jobs`` > 1 on PostgreSQL, every task is recomputed in that many processes at once, unless
    a transaction is open (other processes would not see its rows)."""
    if document is not None:
        return recompute_tasks(Task.objects.filter(document=document), today)
    if jobs > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        count = recompute_in_slices(today, jobs)
        StatusRun.objects.create(day=today, tasks=count)
        return count
    with transaction.atomic():
        count = recompute_tasks(Task.objects.all(), today, mark_unchanged=False)
        StatusRun.objects.create(day=today, tasks=count)
    return count


def id_slices(count: int) -> list[tuple[int, int]]:
    """``count`` ranges of task ids holding about as many tasks each."""
    ids = list(Task.objects.order_by("pk").values_list("pk", flat=True))
    size = -(-len(ids) // count) if ids else 1
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]


def recompute_slice(span: tuple[int, int], today: dt.date) -> int:
    return recompute_tasks(Task.objects.filter(pk__range=span), today, mark_unchanged=False)


def recompute_in_slices(today: dt.date, jobs: int) -> int:
    """Every task, one id range per process, each in its own transaction.

    Judging is Python, so one process uses one core however fast the database answers; with a
    process per core the judging and the database's share run side by side. Statuses are
    derived data: a slice that fails leaves the others' new statuses and its own old ones, and
    the error is raised here (no ``StatusRun`` is recorded); the next run recomputes it.
    """
    slices = id_slices(jobs)
    if len(slices) <= 1:
        return recompute_tasks(Task.objects.all(), today, mark_unchanged=False)
    connections.close_all()  # each process opens its own connection
    with multiprocessing.get_context("fork").Pool(len(slices)) as pool:
        return sum(pool.starmap(recompute_slice, [(span, today) for span in slices]))


def judged_every_task_on(today: dt.date) -> bool:
    return StatusRun.objects.filter(day=today).exists()


def is_current(status: TaskStatus | None, today: dt.date) -> bool:
    """Whether a stored status holds for ``today``: computed today, or left unchanged by a
    recompute of every task today."""
    if status is None:
        return False
    return status.computed_on == today or judged_every_task_on(today)


def ensure_current(today: dt.date) -> int:
    """Recompute the tasks whose stored status is missing or not judged ``today``."""
    if judged_every_task_on(today):
        stale = Task.objects.filter(supervision__isnull=True)
    else:
        stale = Task.objects.exclude(supervision__computed_on=today)
    return recompute_tasks(stale, today) if stale.exists() else 0
