"""Dashboard counts: SQL aggregates, served from the cache until a task, a report or a status
changes, and dropped in every server process at once when the cache is shared (Redis)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from api.base import ApiTestCase
from duban.api.dashboard import cache_key, compute_counts, dashboard_counts
from duban.ledger.models import Task
from duban.ledger.services import submit_progress_report

REDIS_URL = os.environ.get("DUBAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class DashboardCacheTests(ApiTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        caches["default"].delete(cache_key(self.today))

    def test_counts_are_what_the_ledger_holds(self):
        counts = self.get("office", "/dashboard").json()
        self.assertEqual(counts["total"], Task.objects.count())
        self.assertEqual(sum(counts["states"].values()), Task.objects.count())
        self.assertEqual(counts["overdue"], Task.objects.overdue(self.today).count())

    def test_second_read_comes_from_the_cache(self):
        first = dashboard_counts(self.today)
        with self.assertNumQueries(0):
            second = dashboard_counts(self.today)
        self.assertEqual(second, first)
        self.assertEqual(second, compute_counts(self.today))

    def test_a_saved_task_or_report_drops_the_counts(self):
        before = dashboard_counts(self.today)
        self.para_task.delete()
        after = dashboard_counts(self.today)
        self.assertEqual(after["total"], before["total"] - 1)
        submit_progress_report(self.lead_reporter, self.own_task, "又有进展", 60)
        self.assertEqual(dashboard_counts(self.today)["reports_pending_review"],
                         after["reports_pending_review"] + 1)


class RecomputeDropsCountsTests(ApiTestCase):
    """A recompute writes statuses in bulk (no post_save); it still drops the cached counts."""

    def test_counts_cached_before_a_recompute_are_not_served_after_it(self):
        from duban.supervision.models import TaskStatus
        from duban.supervision.services.status import recompute_all

        today = timezone.localdate()
        with self.captureOnCommitCallbacks(execute=True):
            recompute_all(today)
        caches["default"].delete(cache_key(today))
        right = dashboard_counts(today)
        self.assertLess(right["lights"]["green"], TaskStatus.objects.count())
        TaskStatus.objects.update(light="green")  # a stale store, bypassing every signal
        caches["default"].delete(cache_key(today))
        self.assertEqual(dashboard_counts(today)["lights"]["green"], TaskStatus.objects.count())
        with self.captureOnCommitCallbacks(execute=True):
            recompute_all(today)
        self.assertEqual(dashboard_counts(today), right)


@pytest.mark.skipif(not redis_reachable() and os.environ.get("CI") != "true",
                    reason="Redis not reachable")
class SharedCacheTests(ApiTestCase):
    """Two cache clients stand for two server processes sharing one Redis."""

    def test_a_change_in_one_process_drops_the_counts_for_all(self):
        location = {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": REDIS_URL, "KEY_PREFIX": uuid.uuid4().hex}
        with override_settings(CACHES={"default": location, "other": location}):
            today = timezone.localdate()
            dashboard_counts(today)
            self.assertIsNotNone(caches["other"].get(cache_key(today)))
            self.other_task.save(update_fields=["state"])
            self.assertIsNone(caches["other"].get(cache_key(today)))
            caches["default"].clear()
