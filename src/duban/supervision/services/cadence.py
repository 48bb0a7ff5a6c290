"""Reporting cadence (报送周期): the periods a document's units report in and who missed one.

A period is a calendar week, month or quarter; its report is due on the document's report day
(weekday 1-7 for weekly, day of the month for monthly, day of the quarter's last month for
quarterly; clamped to the period). A report counts for a period when it was filed inside it
and was not sent back (退回).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from duban.ledger.choices import ReportCadence, ReviewStatus, TaskState
from duban.ledger.models import Assignment, Document, ProgressReport, Task, Unit


@dataclass(frozen=True)
class Period:
    """One reporting period with the day its report is due."""

    start: dt.date
    end: dt.date
    due: dt.date
    label: str

    @property
    def key(self) -> str:
        return self.start.isoformat()

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def clamp_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def month_period(day: dt.date, report_day: int) -> Period:
    start = day.replace(day=1)
    end = clamp_day(day.year, day.month, 31)
    return Period(
        start, end, clamp_day(day.year, day.month, report_day), f"{day.year}年{day.month}月"
    )


def week_period(day: dt.date, report_day: int) -> Period:
    start = day - dt.timedelta(days=day.weekday())
    weekday = min(max(report_day, 1), 7)
    iso = start.isocalendar()
    return Period(
        start,
        start + dt.timedelta(days=6),
        start + dt.timedelta(days=weekday - 1),
        f"{iso.year}年第{iso.week}周",
    )


def quarter_period(day: dt.date, report_day: int) -> Period:
    quarter = (day.month - 1) // 3
    start = dt.date(day.year, quarter * 3 + 1, 1)
    last_month = quarter * 3 + 3
    end = clamp_day(day.year, last_month, 31)
    return Period(
        start, end, clamp_day(day.year, last_month, report_day), f"{day.year}年第{quarter + 1}季度"
    )


PERIOD_OF = {
    ReportCadence.WEEKLY: week_period,
    ReportCadence.MONTHLY: month_period,
    ReportCadence.QUARTERLY: quarter_period,
}


def period_of(document: Document, day: dt.date) -> Period:
    """The reporting period of ``document`` that contains ``day``."""
    build = PERIOD_OF.get(document.report_cadence, month_period)
    return build(day, document.report_day)


def previous_period(document: Document, period: Period) -> Period:
    return period_of(document, period.start - dt.timedelta(days=1))


def last_due_period(document: Document, today: dt.date) -> Period | None:
    """The latest period whose report day is on or before ``today`` (None before the first)."""
    period = period_of(document, today)
    if period.due > today:
        period = previous_period(document, period)
    start = document.period_start
    if start is not None and period.end < start:
        return None
    return period


def periods_between(document: Document, start: dt.date, end: dt.date) -> list[Period]:
    """Every period that overlaps [start, end], in order."""
    periods, day = [], start
    while day <= end:
        period = period_of(document, day)
        periods.append(period)
        day = period.end + dt.timedelta(days=1)
    return periods


def counted_reports(reports: QuerySet) -> QuerySet:
    """Reports that count: not sent back (退回)."""
    return reports.exclude(review_status=ReviewStatus.RETURNED)


def reported_in(task: Task, period: Period, unit_ids=None, until: dt.date | None = None) -> bool:
    """Whether ``task`` has a counted report filed inside ``period`` (up to ``until``)."""
    last = min(period.end, until) if until else period.end
    reports = counted_reports(task.reports.all()).filter(
        created__date__gte=period.start, created__date__lte=last
    )
    if unit_ids is not None:
        reports = reports.filter(unit_id__in=unit_ids)
    return reports.exists()


def active_tasks(document: Document, period: Period) -> QuerySet:
    """Tasks expected to report in ``period``: not closed before it began."""
    tasks = Task.objects.filter(document=document)
    if document.period_start and period.end < document.period_start:
        return tasks.none()
    return tasks.exclude(state=TaskState.DONE, closed_at__date__lt=period.start)


def missing_reports(
    document: Document, period: Period, until: dt.date | None = None
) -> dict[Unit, list[Task]]:
    """Per assigned unit, the active tasks it filed no counted report on during ``period``."""
    tasks = active_tasks(document, period)
    last = min(period.end, until) if until else period.end
    reported = set(
        counted_reports(ProgressReport.objects.filter(task__in=tasks))
        .filter(created__date__gte=period.start, created__date__lte=last)
        .values_list("task_id", "unit_id")
    )
    missing: dict[Unit, list[Task]] = {}
    assignments = Assignment.objects.filter(task__in=tasks).select_related("unit__region", "task")
    for assignment in assignments.order_by("unit__name", "task__order", "task_id"):
        if (assignment.task_id, assignment.unit_id) not in reported:
            missing.setdefault(assignment.unit, []).append(assignment.task)
    return missing
