"""The data of a dispatch report (调度通报) for a document and a reporting period.

Tasks are judged as of the period's end (or ``today`` if earlier) in memory, without touching the
stored statuses. One ``DispatchReport`` feeds the browser preview, the .docx and the .xlsx, so
the three always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.ledger.choices import TaskState
from duban.ledger.formats import cn_date
from duban.ledger.models import Document, Indicator, IndicatorValue, Task
from duban.supervision.choices import Light
from duban.supervision.services.cadence import Period, missing_reports, period_of
from duban.supervision.services.reminders import responsible_units
from duban.supervision.services.status import judge_tasks

STATE_ORDER = [
    TaskState.DONE,
    TaskState.ON_TRACK,
    TaskState.DUE_SOON,
    TaskState.OVERDUE,
    TaskState.BEHIND,
    TaskState.REPORT_LATE,
    TaskState.NOT_STARTED,
]


@dataclass
class RiskRow:
    """An overdue or at-risk task of a unit."""

    unit: str
    task: Task
    due: dt.date | None
    state: str
    light: str
    reasons: str

    @property
    def state_label(self) -> str:
        return TaskState(self.state).label

    @property
    def light_label(self) -> str:
        return Light(self.light).label

    @property
    def due_text(self) -> str:
        return cn_date(self.due) if self.due else self.task.due_display()


@dataclass
class IndicatorRow:
    task: Task
    indicator: Indicator
    latest: IndicatorValue | None

    @property
    def met(self) -> bool | None:
        return None if self.latest is None else self.indicator.is_met(self.latest.value)

    @property
    def met_text(self) -> str:
        return {None: "未报送", True: "已达标", False: "未达标"}[self.met]

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return "—"
        return f"{self.latest.value.normalize():f}{self.indicator.unit}"


@dataclass
class DispatchReport:
    """Everything a 调度通报 shows."""

    document: Document
    period: Period
    as_of: dt.date
    counts: dict[str, int] = field(default_factory=dict)
    lights: dict[str, int] = field(default_factory=dict)
    risks: list[RiskRow] = field(default_factory=list)
    not_reported: list[tuple[str, int]] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def title(self) -> str:
        return f"关于《{self.document.title}》{self.period.label}推进情况的通报"

    @property
    def number_placeholder(self) -> str:
        return f"督办通报〔{self.period.end.year}〕第　　号"

    def count_rows(self) -> list[tuple[str, int]]:
        rows = [("任务总数", self.total)]
        rows += [(TaskState(s).label, self.counts.get(s, 0)) for s in STATE_ORDER]
        rows += [(Light(light).label, self.lights.get(light, 0)) for light in Light.values]
        return rows


def judged_tasks(document: Document, as_of: dt.date):
    tasks = Task.objects.filter(document=document)
    verdicts = {facts.id: verdict for facts, verdict, _ in judge_tasks(tasks, as_of)}
    tasks = tasks.select_related("document").prefetch_related("assignments__unit__region")
    return [(task, verdicts[task.pk]) for task in tasks.order_by("order", "pk")]


def indicator_rows(document: Document, as_of: dt.date) -> list[IndicatorRow]:
    rows = []
    indicators = Indicator.objects.filter(task__document=document).select_related("task")
    for indicator in indicators.order_by("task__order", "task_id", "order", "pk"):
        latest = (
            indicator.values.filter(reported_on__lte=as_of).order_by("-reported_on", "-pk").first()
        )
        rows.append(IndicatorRow(indicator.task, indicator, latest))
    return rows


def build_dispatch(document: Document, day: dt.date, today: dt.date) -> DispatchReport:
    """The dispatch report of the period of ``document`` containing ``day``, as of the period's
    end or ``today`` if that comes first."""
    period = period_of(document, day)
    as_of = min(period.end, today)
    report = DispatchReport(document, period, as_of)
    for task, verdict in judged_tasks(document, as_of):
        report.counts[verdict.state] = report.counts.get(verdict.state, 0) + 1
        report.lights[verdict.light] = report.lights.get(verdict.light, 0) + 1
        if verdict.state == TaskState.DUE_SOON or verdict.light != Light.GREEN:
            for unit in responsible_units(task) or [None]:
                report.risks.append(
                    RiskRow(
                        unit.full_name if unit else "（未指定）",
                        task,
                        verdict.due or task.effective_due(),
                        verdict.state,
                        verdict.light,
                        "；".join(verdict.reasons),
                    )
                )
    report.risks.sort(key=lambda r: (r.unit, r.light != Light.RED, r.task.order, r.task.pk))
    missing = missing_reports(document, period, until=as_of)
    report.not_reported = sorted(
        ((u.full_name, len(t)) for u, t in missing.items()), key=lambda pair: (-pair[1], pair[0])
    )
    report.indicators = indicator_rows(document, as_of)
    return report


def risks_by_unit(report: DispatchReport) -> list[tuple[str, list[RiskRow]]]:
    """The risk rows grouped by unit, in the report's order."""
    groups: dict[str, list[RiskRow]] = {}
    for row in report.risks:
        groups.setdefault(row.unit, []).append(row)
    return list(groups.items())
