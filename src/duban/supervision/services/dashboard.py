"""The leaders' dashboard (领导驾驶舱) as plain data: counts by state and light, by document and
category, the red list, the unit ranking, indicator progress and a document's milestone timeline.
Chart series are JSON-ready dicts the page hands to ECharts."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count

from duban.ledger.choices import TaskState
from duban.ledger.models import Document, Indicator, Milestone
from duban.supervision.choices import Light
from duban.supervision.models import TaskStatus
from duban.supervision.services.assessment import assessment_period, score_assessment
from duban.supervision.services.counts import StatusCounts, status_counts
from duban.supervision.services.status import ensure_current

LIGHT_COLORS = {Light.GREEN: "#1a7f37", Light.YELLOW: "#d69e2e", Light.RED: "#c53030"}
STATE_COLORS = {
    TaskState.NOT_STARTED: "#9aa5b1",
    TaskState.ON_TRACK: "#1a7f37",
    TaskState.DUE_SOON: "#d69e2e",
    TaskState.OVERDUE: "#c53030",
    TaskState.BEHIND: "#e05d44",
    TaskState.REPORT_LATE: "#9b2c2c",
    TaskState.DONE: "#2b6cb0",
}
TOP_CATEGORIES = 12
TOP_INDICATORS = 20
RED_LIST = 20


def state_counts(counts: StatusCounts) -> list[dict]:
    return [
        {"value": value, "label": label, "count": count, "color": STATE_COLORS[value]}
        for value, label, count in counts.state_rows()
    ]


def stacked_by(statuses, field: str, labels: dict | None = None, limit: int | None = None):
    """{"names": [...], "series": [{"name": 红灯, "data": [...]}, ...]} grouped by ``field``."""
    rows = statuses.values(field, "light").annotate(n=Count("pk")).order_by()
    table: dict = {}
    for row in rows:
        table.setdefault(row[field], Counter())[row["light"]] += row["n"]
    keys = sorted(table, key=lambda k: -sum(table[k].values()))[:limit]
    names = [(labels or {}).get(k, k) or "（未分类）" for k in keys]
    series = [
        {
            "name": Light(light).label,
            "color": LIGHT_COLORS[light],
            "data": [table[k][light] for k in keys],
        }
        for light in Light.values
    ]
    return {"names": names, "series": series}


def indicator_chart(limit: int = TOP_INDICATORS) -> dict:
    """Target and latest reported value of the indicators that have a value."""
    names, targets, actuals = [], [], []
    indicators = Indicator.objects.filter(values__isnull=False).distinct().select_related("task")
    for indicator in indicators.order_by("task__document", "task__order", "order")[:limit]:
        latest = indicator.latest_value()
        names.append(f"{indicator.text[:16]}")
        targets.append(float(indicator.value))
        actuals.append(float(latest.value))
    return {"names": names, "targets": targets, "actuals": actuals}


def ranking(today: dt.date, limit: int = 10) -> tuple[tuple[dt.date, dt.date], list]:
    """The assessment period (the 考核 page's default) and its top ranked units."""
    start, end = assessment_period(today)
    scores = [s for s in score_assessment(start, end, today) if s.ranked]
    return (start, end), scores[:limit]


def dashboard_data(today: dt.date) -> dict:
    """Everything the dashboard shows, with statuses brought up to ``today`` first."""
    counts = status_counts(today)
    statuses = TaskStatus.objects.all()
    titles = dict(Document.objects.values_list("pk", "title"))
    red = statuses.filter(light=Light.RED).select_related("task__document")
    period, top = ranking(today)
    return {
        "today": today,
        "counts": counts,
        "total": counts.total,
        "states": state_counts(counts),
        "lights": counts.lights,
        "by_document": stacked_by(statuses, "task__document", titles),
        "by_category": stacked_by(statuses, "task__category", limit=TOP_CATEGORIES),
        "red": red.order_by("due", "task__document", "task__order")[:RED_LIST],
        "red_more": max(0, red.count() - RED_LIST),
        "ranking_period": period,
        "ranking": top,
        "indicators": indicator_chart(),
        "documents": Document.objects.order_by("-imported_at"),
    }


def timeline_data(document: Document, today: dt.date) -> dict:
    """A Gantt-like timeline: one row per task, one point per milestone, coloured by state."""
    ensure_current(today)
    tasks = list(document.tasks.order_by("order", "pk"))
    rows = [f"{n}. {t.content[:18]}" for n, t in enumerate(tasks, 1)]
    index = {t.pk: n for n, t in enumerate(tasks)}
    points = []
    milestones = Milestone.objects.filter(task__document=document, due__isnull=False)
    for m in milestones.select_related("task"):
        points.append(
            {
                "value": [m.due.isoformat(), index[m.task_id]],
                "text": m.text[:60],
                "state": m.get_state_display(),
                "itemStyle": {"color": STATE_COLORS.get(m.state, "#9aa5b1")},
            }
        )
    for task in tasks:
        due = task.effective_due()
        if due and not task.milestones.exists():
            points.append(
                {
                    "value": [due.isoformat(), index[task.pk]],
                    "text": "完成时限",
                    "state": task.get_state_display(),
                    "itemStyle": {"color": STATE_COLORS.get(task.state, "#9aa5b1")},
                }
            )
    return {
        "rows": rows,
        "points": points,
        "today": today.isoformat(),
        "start": (document.period_start or today).isoformat(),
        "end": (document.period_end or today).isoformat(),
    }
