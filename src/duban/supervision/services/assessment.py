"""Assessment (考核): a score per unit for a period, with a breakdown explaining every point.

The weights come from ``reference/assessment.yaml`` (see its comments for each formula). Each
part's points are rounded to 0.01 and the score is the exact sum of the parts, so a score can
always be re-added from its breakdown. Units are ranked by score (ties share a rank).
Red-light days count the days a task the unit leads had a deadline or milestone overdue; for an
ongoing task, the days after a report day passed with no report in that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from duban.ledger.choices import AssignmentRole, DeadlineKind, ProgressState, ReviewStatus
from duban.ledger.models import Assignment, Document, ProgressReport, Task, Unit
from duban.reference import load
from duban.supervision.services.cadence import periods_between
from duban.supervision.services.status import closed_by

CENT = Decimal("0.01")


def points(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Part:
    """One part of a score: the rule, the points it gave and why."""

    key: str
    label: str
    weight: Decimal
    points: Decimal
    explanation: str


@dataclass
class UnitScore:
    unit: Unit
    parts: list[Part] = field(default_factory=list)
    rank: int = 0

    @property
    def score(self) -> Decimal:
        return sum((p.points for p in self.parts), Decimal("0.00"))


def scoring_rules() -> dict:
    return load("assessment")


def share(weight: Decimal, good: int, total: int, what: str) -> tuple[Decimal, str]:
    if total == 0:
        return points(weight), f"无{what}，得满分 {points(weight)}"
    value = points(weight * good / total)
    return value, f"{what} {total} 项，达成 {good} 项：{weight} × {good}/{total} = {value}"


def local_day(moment) -> dt.date:
    from django.utils import timezone

    return timezone.localtime(moment).date()


def completion_part(rule, led: list[Task], start, as_of) -> Part:
    due = [t for t in led if (d := t.effective_due()) and start <= d <= as_of]
    on_time = [t for t in due if t.closed_at and local_day(t.closed_at) <= t.effective_due()]
    weight = Decimal(str(rule["weight"]))
    value, text = share(weight, len(on_time), len(due), "期内到期任务")
    return Part("completion", rule["label"], weight, value, text)


def timeliness_part(rule, unit: Unit, tasks: list[Task], start, as_of) -> Part:
    """Reports owed: each period with a passed report day × each task assigned to the unit."""
    filed: dict[int, list[dt.date]] = {}
    reports = ProgressReport.objects.filter(unit=unit, task__in=tasks).exclude(
        review_status=ReviewStatus.RETURNED
    )
    for task_id, created in reports.values_list("task_id", "created"):
        filed.setdefault(task_id, []).append(local_day(created))
    owed = on_time = 0
    for task in tasks:
        doc = task.document
        first = max(start, doc.period_start or start)
        for period in periods_between(doc, first, as_of):
            if period.due > as_of or period.due < first or closed_by(task, period.start):
                continue
            owed += 1
            on_time += any(period.start <= day <= period.due for day in filed.get(task.pk, []))
    weight = Decimal(str(rule["weight"]))
    value, text = share(weight, on_time, owed, "应报送")
    return Part("timeliness", rule["label"], weight, value, text)


def cadence_spans(task: Task, start: dt.date, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """An ongoing task is red from a report day passed without a report in its period until
    the next report (as the status engine judges it)."""
    document = task.document
    days = sorted(
        local_day(r.created) for r in task.reports.all() if r.review_status != ReviewStatus.RETURNED
    )
    end = local_day(task.closed_at) if task.closed_at else as_of
    spans = []
    for period in periods_between(document, max(start, document.period_start or start), end):
        if period.due >= end or any(period.start <= d <= period.due for d in days):
            continue
        following = next((d for d in days if d > period.due), None)
        last = following - dt.timedelta(days=1) if following else end
        spans.append((period.due + dt.timedelta(days=1), min(last, end)))
    return spans


def overdue_spans(task: Task, as_of: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first overdue day, last overdue day) of the task's deadline and milestones."""
    end_of_task = local_day(task.closed_at) if task.closed_at else as_of
    done = {
        r.milestone_id: local_day(r.created)
        for r in task.reports.all()
        if r.milestone_id
        and r.state == ProgressState.DONE
        and r.review_status != ReviewStatus.RETURNED
    }
    spans = []
    checkpoints = [(task.effective_due(), end_of_task)]
    checkpoints += [
        (m.due, min(done.get(m.pk, end_of_task), end_of_task))
        for m in task.milestones.all()
        if m.due
    ]
    for due, finished in checkpoints:
        if due is not None and finished > due:
            spans.append((due + dt.timedelta(days=1), min(finished, as_of)))
    return spans


def red_days_of(task: Task, start: dt.date, as_of: dt.date) -> int:
    """Days in [start, as_of] on which the task had something overdue."""
    by_cadence = task.deadline_kind == DeadlineKind.ONGOING or (
        task.effective_due() is None and not task.milestones.all()
    )
    spans = cadence_spans(task, start, as_of) if by_cadence else overdue_spans(task, as_of)
    days = set()
    for first, last in spans:
        day = max(first, start)
        while day <= last:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


def red_days_part(rule, led: list[Task], start, as_of) -> Part:
    days = sum(red_days_of(t, start, as_of) for t in led)
    weight, per_day = Decimal(str(rule["weight"])), Decimal(str(rule["per_day"]))
    value = points(max(Decimal(0), weight - per_day * days))
    text = f"牵头任务红灯 {days} 天：{weight} − {per_day} × {days} = {value}（不低于 0）"
    return Part("red_days", rule["label"], weight, value, text)


def indicators_part(rule, led: list[Task], as_of) -> Part:
    total = met = 0
    for task in led:
        for indicator in task.indicators.all():
            total += 1
            latest = (
                indicator.values.filter(reported_on__lte=as_of)
                .order_by("-reported_on", "-pk")
                .first()
            )
            met += bool(latest and indicator.is_met(latest.value))
    weight = Decimal(str(rule["weight"]))
    value, text = share(weight, met, total, "量化指标")
    return Part("indicators", rule["label"], weight, value, text)


def score_unit(unit: Unit, tasks, start: dt.date, as_of: dt.date, rules: dict) -> UnitScore:
    assigned = [t for t in tasks if any(a.unit_id == unit.pk for a in t.assignments.all())]
    led = [
        t
        for t in assigned
        if any(a.unit_id == unit.pk and a.role == AssignmentRole.LEAD for a in t.assignments.all())
    ]
    parts = rules["parts"]
    return UnitScore(
        unit,
        [
            completion_part(parts["completion"], led, start, as_of),
            timeliness_part(parts["timeliness"], unit, assigned, start, as_of),
            red_days_part(parts["red_days"], led, start, as_of),
            indicators_part(parts["indicators"], led, as_of),
        ],
    )


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Highest score first; equal scores share a rank (1, 2, 2, 4)."""
    scores.sort(key=lambda s: (-s.score, s.unit.full_name))
    for index, score in enumerate(scores):
        same = index and scores[index - 1].score == score.score
        score.rank = scores[index - 1].rank if same else index + 1
    return scores


def score_assessment(
    start: dt.date, end: dt.date, today: dt.date, document: Document | None = None
) -> list[UnitScore]:
    """Every assigned unit's score for [start, end] judged as of min(end, today), ranked."""
    as_of = min(end, today)
    tasks = Task.objects.select_related("document").prefetch_related(
        "assignments", "milestones", "reports", "indicators"
    )
    tasks = (
        tasks.filter(document=document)
        if document
        else tasks.exclude(document__period_end__lt=start)
    )
    tasks = list(tasks)
    unit_ids = Assignment.objects.filter(task__in=[t.pk for t in tasks]).values("unit_id")
    units = Unit.objects.filter(pk__in=unit_ids).select_related("region")
    rules = scoring_rules()
    return rank([score_unit(unit, tasks, start, as_of, rules) for unit in units])
