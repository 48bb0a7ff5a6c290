"""Dashboard counts (by state, by light, overdue, reports awaiting review), the same as every
page's (``supervision.services.counts``),
cached per day and dropped whenever a task, a report or a computed status is saved.

The cache is Django's default one; with the per-process memory cache, another worker's change
shows after at most ``DASHBOARD_TTL`` seconds.
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache

from duban.ledger.choices import ReviewStatus
from duban.ledger.models import ProgressReport
from duban.supervision.services.counts import status_counts

DASHBOARD_TTL = 30
CACHE_KEY = "duban-api-dashboard"


def cache_key(on: dt.date) -> str:
    return f"{CACHE_KEY}:{on.isoformat()}"


def compute_counts(on: dt.date) -> dict:
    """The pages' own counts (``supervision.services.counts``) and the reports to review."""
    counts = status_counts(on)
    pending = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING).count()
    return {
        "total": counts.total,
        "overdue": counts.overdue,
        "states": counts.states,
        "lights": counts.lights,
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
