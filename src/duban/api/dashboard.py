"""Dashboard counts (by state, by light, overdue, reports awaiting review) as SQL aggregates,
cached per day and dropped whenever a task, a report or a computed status is saved.

The cache is Django's default one; with the per-process memory cache, another worker's change
shows after at most ``DASHBOARD_TTL`` seconds.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Q

from duban.ledger.choices import ReviewStatus, TaskState
from duban.ledger.models import ProgressReport, Task, overdue_q
from duban.supervision.choices import Light
from duban.supervision.models import TaskStatus

DASHBOARD_TTL = 30
CACHE_KEY = "duban-api-dashboard"


def cache_key(on: dt.date) -> str:
    return f"{CACHE_KEY}:{on.isoformat()}"


def compute_counts(on: dt.date) -> dict:
    """Three aggregate queries over the whole ledger."""
    per_state = {f"s_{value}": Count("pk", filter=Q(state=value)) for value in TaskState.values}
    tasks = Task.objects.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q(on)),
                                   **per_state)
    per_light = {light: Count("pk", filter=Q(light=light)) for light in Light.values}
    lights = TaskStatus.objects.aggregate(**per_light)
    pending = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING).count()
    return {
        "total": tasks["total"],
        "overdue": tasks["overdue"],
        "states": {value: tasks[f"s_{value}"] for value in TaskState.values},
        "lights": lights,
        "reports_pending_review": pending,
        "as_of": on,
    }


def dashboard_counts(on: dt.date) -> dict:
    """The counts for ``on``, from the cache when nothing changed since they were computed."""
    key = cache_key(on)
    counts = cache.get(key)
    if counts is None:
        counts = compute_counts(on)
        cache.set(key, counts, DASHBOARD_TTL)
    return counts


def forget_counts(*args, **kwargs) -> None:
    """Signal receiver: a change to the ledger makes today's counts stale."""
    from django.utils import timezone

    cache.delete(cache_key(timezone.localdate()))
