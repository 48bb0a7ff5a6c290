"""Assessment (考核): a score per unit for a period, with a breakdown explaining every point
and the tasks behind it.

The weights and the wording of each rule come from ``reference/assessment.yaml``. Each part's
points are rounded to 0.01 and the score is the exact sum of the parts, so a score can always
be re-added from its breakdown.

What makes a ranking a reform office would sign:
- the tasks judged for completion are the unit's led tasks due in the period, those due
  before it and still open when it began (an overdue task never drops out of the count), and
  those due later but closed early within it;
- a unit with no led task due in the period is 不参评: listed after the ranked units, with no
  rank, never above a unit that delivered;
- a part with nothing to judge (no indicator, say) is scored at the unit's rate on its other
  parts, never at full weight;
- red-light days count the days a led task had its deadline or a milestone overdue; for an
  ongoing task, the days after a report day passed with no report in that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from duban.ledger.choices import AssignmentRole, DeadlineKind, ProgressState, ReviewStatus
from duban.ledger.formats import cn_date
from duban.ledger.models import Assignment, Document, ProgressReport, Task, Unit
from duban.reference import load
from duban.supervision.services.cadence import periods_between
from duban.supervision.services.status import closed_by

CENT = Decimal("0.01")


def points(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def assessment_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period the 考核 page, the API and the dashboard's ranking use by default: the
    calendar year of ``today``."""
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


@dataclass
class Part:
    """One part of a score: the rule, the points it gave and why. ``applicable`` is False for
    a part with nothing to judge (scored at the rate of the other parts)."""

    key: str
    label: str
    weight: Decimal
    points: Decimal
    explanation: str
    applicable: bool = True


@dataclass
class TaskLine:
    """One task's share of a unit's score, for the breakdown by task."""

    task: Task
    role: str
    due: dt.date | None
    outcome: str
    owed: int = 0
    on_time: int = 0
    red_days: int = 0

    @property
    def role_label(self) -> str:
        return AssignmentRole(self.role).label

    @property
    def due_text(self) -> str:
        return cn_date(self.due) if self.due else self.task.due_display()


@dataclass
class UnitScore:
    unit: Unit
    parts: list[Part] = field(default_factory=list)
    rank: int | None = 0
    lines: list[TaskLine] = field(default_factory=list)
    ranked: bool = True
    reason: str = ""

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
    return timezone.localtime(moment).date()


def closed_on(task: Task) -> dt.date | None:
    return local_day(task.closed_at) if task.closed_at else None


def judged_for_completion(task: Task, start: dt.date, as_of: dt.date) -> bool:
    """Due in [start, as_of]; due before ``start`` and still open when it began; or due later
    but closed (finished early) in [start, as_of]."""
    due = task.effective_due()
    if due is None:
        return False
    if due > as_of:
        closed = closed_on(task)
        return closed is not None and start <= closed <= as_of
    if due >= start:
        return True
    closed = closed_on(task)
    return closed is None or closed >= start


def on_time(task: Task) -> bool:
    closed = closed_on(task)
    return closed is not None and closed <= task.effective_due()


def outcome_of(task: Task, start: dt.date, as_of: dt.date) -> str:
    due, closed = task.effective_due(), closed_on(task)
    if closed is not None and closed <= as_of:
        return "按期办结" if due is None or closed <= due else "逾期办结"
    if task.deadline_kind == DeadlineKind.ONGOING or due is None:
        return "持续推进"
    if due > as_of:
        return "未到期"
    return "逾期未办结"


def completion_part(rule, led: list[Task], start, as_of) -> Part:
    due = [t for t in led if judged_for_completion(t, start, as_of)]
    done = [t for t in due if on_time(t)]
    weight = Decimal(str(rule["weight"]))
    if not due:
        return Part("completion", rule["label"], weight, Decimal("0.00"),
                    "无期内到期或办结的牵头任务", applicable=False)
    value, text = share(weight, len(done), len(due), "期内到期或提前办结（含此前逾期未办结）的牵头任务")
    overdue = sum(1 for t in due if closed_on(t) is None)
    if overdue:
        text += f"；其中逾期未办结 {overdue} 项"
    return Part("completion", rule["label"], weight, value, text)


def filed_days(unit: Unit, tasks: list[Task]) -> dict[int, list[dt.date]]:
    filed: dict[int, list[dt.date]] = {}
    reports = ProgressReport.objects.filter(unit=unit, task__in=tasks).exclude(
        review_status=ReviewStatus.RETURNED
    )
    for task_id, created in reports.values_list("task_id", "created"):
        filed.setdefault(task_id, []).append(local_day(created))
    return filed


def reports_owed(task: Task, days: list[dt.date], start, as_of) -> tuple[int, int]:
    """(owed, filed on time) of one task: each period of its document in the assessment period
    whose report day has passed, while the task was open and its document running."""
    doc = task.document
    first = max(start, doc.period_start or start)
    last = min(as_of, doc.period_end or as_of)
    owed = filed = 0
    for period in periods_between(doc, first, last):
        if period.due > as_of or period.due < first or closed_by(task, period.start):
            continue
        owed += 1
        filed += any(period.start <= day <= period.due for day in days)
    return owed, filed


def timeliness_part(rule, lines: list[TaskLine]) -> Part:
    owed = sum(line.owed for line in lines)
    filed = sum(line.on_time for line in lines)
    weight = Decimal(str(rule["weight"]))
    if not owed:
        return Part("timeliness", rule["label"], weight, Decimal("0.00"), "考核期内无应报送",
                    applicable=False)
    value, text = share(weight, filed, owed, "应报送")
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


def red_days_part(rule, lines: list[TaskLine]) -> Part:
    led = [line for line in lines if line.role == AssignmentRole.LEAD]
    weight, per_day = Decimal(str(rule["weight"])), Decimal(str(rule["per_day"]))
    if not led:
        return Part("red_days", rule["label"], weight, Decimal("0.00"), "无牵头任务",
                    applicable=False)
    days = sum(line.red_days for line in led)
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
    if not total:
        return Part("indicators", rule["label"], weight, Decimal("0.00"), "牵头任务无量化指标",
                    applicable=False)
    value, text = share(weight, met, total, "量化指标")
    return Part("indicators", rule["label"], weight, value, text)


def fill_inapplicable(parts: list[Part]) -> None:
    """A part with nothing to judge earns the unit's rate on the parts that had something."""
    judged = [p for p in parts if p.applicable]
    weight = sum((p.weight for p in judged), Decimal(0))
    if not weight:
        return
    rate = sum((p.points for p in judged), Decimal(0)) / weight
    for part in parts:
        if not part.applicable:
            part.points = points(part.weight * rate)
            part.explanation = (f"{part.explanation}，按其余各项得分率 {rate:.1%} 折算："
                                f"{part.weight} × {rate:.1%} = {part.points}")


def task_lines(unit: Unit, assigned: list[tuple[Task, str]], start, as_of) -> list[TaskLine]:
    filed = filed_days(unit, [task for task, _ in assigned])
    lines = []
    for task, role in assigned:
        owed, in_time = reports_owed(task, filed.get(task.pk, []), start, as_of)
        red = red_days_of(task, start, as_of) if role == AssignmentRole.LEAD else 0
        lines.append(TaskLine(task, role, task.effective_due(), outcome_of(task, start, as_of),
                              owed, in_time, red))
    return lines


def score_unit(unit: Unit, tasks, start: dt.date, as_of: dt.date, rules: dict) -> UnitScore:
    assigned = []
    for task in tasks:
        roles = [a.role for a in task.assignments.all() if a.unit_id == unit.pk]
        if roles:
            lead = AssignmentRole.LEAD in roles
            assigned.append((task, AssignmentRole.LEAD if lead else AssignmentRole.PARTICIPATING))
    led = [task for task, role in assigned if role == AssignmentRole.LEAD]
    lines = task_lines(unit, assigned, start, as_of)
    parts = rules["parts"]
    score = UnitScore(unit, [
        completion_part(parts["completion"], led, start, as_of),
        timeliness_part(parts["timeliness"], lines),
        red_days_part(parts["red_days"], lines),
        indicators_part(parts["indicators"], led, as_of),
    ], lines=lines)
    if not score.parts[0].applicable:
        score.ranked = False
        score.reason = "考核期内没有到期或办结的牵头任务，不参评"
        for part in score.parts:
            if not part.applicable:
                part.explanation += "，不计分"
    else:
        fill_inapplicable(score.parts)
    return score


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Ranked units by score, highest first (ties share a rank: 1, 2, 2, 4), then the units
    not assessed (不参评) by name, with no rank."""
    ranked = sorted((s for s in scores if s.ranked), key=lambda s: (-s.score, s.unit.full_name))
    for index, score in enumerate(ranked):
        same = index and ranked[index - 1].score == score.score
        score.rank = ranked[index - 1].rank if same else index + 1
    rest = sorted((s for s in scores if not s.ranked), key=lambda s: s.unit.full_name)
    for score in rest:
        score.rank = None
    return ranked + rest


def in_period(task: Task, start: dt.date) -> bool:
    """Whether the task's document runs into the period, or the task is still open in it."""
    end = task.document.period_end
    closed = closed_on(task)
    return end is None or end >= start or closed is None or closed >= start


def score_assessment(
    start: dt.date, end: dt.date, today: dt.date, document: Document | None = None
) -> list[UnitScore]:
    """Every unit with a task in [start, end] scored as of min(end, today), ranked. A task
    counts when its document began by ``end`` (tasks of documents that ended before ``start``
    still count while they are open and overdue)."""
    as_of = min(end, today)
    tasks = Task.objects.select_related("document").prefetch_related(
        "assignments", "milestones", "reports", "indicators"
    )
    if document:
        tasks = tasks.filter(document=document)
    else:
        tasks = tasks.exclude(document__period_start__gt=end)
    tasks = [t for t in tasks if in_period(t, start)]
    unit_ids = Assignment.objects.filter(task__in=[t.pk for t in tasks]).values("unit_id")
    units = Unit.objects.filter(pk__in=unit_ids).select_related("region")
    rules = scoring_rules()
    return rank([score_unit(unit, tasks, start, as_of, rules) for unit in units])
