"""Every list endpoint runs a fixed number of SQL queries, whatever the page size (no N+1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.base import ApiTestCase
from duban.ledger.models import (
    Assignment,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressReport,
    Task,
)
from duban.ledger.services.search import refresh_search_text
from duban.supervision.models import Notification

EXTRA_TASKS = 30

# (path builder, most queries allowed, note): auth (1) + the rows + one query per related
# table (task lists: assignments, then their units)
LISTS = [
    (lambda t: "/documents", 3, "documents"),
    (lambda t: "/tasks", 5, "tasks"),
    (lambda t: "/tasks?q=批量", 5, "text search"),
    (lambda t: f"/tasks?unit={t.health.pk}&role=lead", 7, "unit filter with role"),
    (lambda t: f"/tasks?unit={t.health.pk}", 7, "unit filter"),
    (lambda t: "/tasks/overdue", 5, "overdue list"),
    (lambda t: "/units", 4, "units with aliases"),
    (lambda t: f"/units/{t.health.pk}/tasks?role=participating", 8, "responsibility list"),
    (lambda t: "/assignments", 3, "assignments"),
    (lambda t: "/milestones", 3, "milestones"),
    (lambda t: "/indicators", 4, "indicators with values"),
    (lambda t: "/reports", 5, "reports with files and values"),
    (lambda t: f"/tasks/{t.own_task.pk}/reports", 7, "a task's reports"),
    (lambda t: "/notifications", 3, "inbox"),
    (lambda t: "/tokens", 3, "tokens"),
    (lambda t: f"/tasks/{t.own_task.pk}/assignments", 4, "a task's assignments"),
    (lambda t: f"/tasks/{t.own_task.pk}/indicators", 5, "a task's indicators"),
]


class ListQueriesTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_tasks(cls.document, cls.health, cls.finance, cls.lead_reporter)

    @pytest.fixture(autouse=True)
    def query_bound(self, django_assert_max_num_queries):
        self.max_queries = django_assert_max_num_queries

    def queries_for(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.get("office", url)
        self.assertEqual(response.status_code, 200, response.content)
        return len(captured)

    def test_it_bounds_queries_independently_of_page_size(self):
        self.get("office", "/tokens")  # the token's last_used is written once a minute
        for path, bound, note in LISTS:
            with self.subTest(note=note):
                url = path(self)
                joiner = "&" if "?" in url else "?"
                small = self.queries_for(f"{url}{joiner}limit=2")
                with self.max_queries(bound):
                    self.get("office", f"{url}{joiner}limit=50")
                self.assertEqual(self.queries_for(f"{url}{joiner}limit=50"), small)


def add_tasks(document, lead, participant, author):
    """EXTRA_TASKS more tasks with units, a milestone, an indicator with a value and a report."""
    tasks = Task.objects.bulk_create(
        Task(document=document, seq=str(n), category="批量任务", content=f"批量任务{n}",
             order=100 + n, deadline_due=dt.date(2022, 1, 1) + dt.timedelta(days=n))
        for n in range(EXTRA_TASKS))
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=lead, role="lead") for t in tasks]
        + [Assignment(task=t, unit=participant, role="participating") for t in tasks])
    Milestone.objects.bulk_create(Milestone(task=t, text="节点", due=t.deadline_due) for t in tasks)
    refresh_search_text(t.pk for t in tasks)
    indicators = Indicator.objects.bulk_create(
        Indicator(task=t, text="达到90%", value=Decimal(90), unit="%") for t in tasks)
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(task=t, unit=lead, author=author, text="进展", percent=50) for t in tasks)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, value=Decimal(80), reported_on=dt.date(2022, 6, 1), report=r)
        for i, r in zip(indicators, reports, strict=True))
    Notification.objects.bulk_create(
        Notification(key=f"n{n}", channel="inbox", user=author, subject="催办", body="请报送")
        for n in range(EXTRA_TASKS))
