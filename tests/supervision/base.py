"""Supervision's test base: the ledger personas plus seed 000 (岳阳市 倒排表) imported, a
reporter of its lead unit 市卫健委, and a helper that files a report on a given day."""

from __future__ import annotations

import datetime as dt

import time_machine

from duban.ledger.choices import ProgressState, Role
from duban.ledger.models import Task, Unit
from duban.ledger.services import save_account, submit_progress_report
from ledger.base import BaseTestCase, gold, import_extraction

NOON = dt.time(12, 0)


def at(day: dt.date) -> dt.datetime:
    """Noon of ``day`` in the project's time zone (Asia/Shanghai)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.combine(day, NOON, tzinfo=ZoneInfo("Asia/Shanghai"))


class SupervisionTestCase(BaseTestCase):
    """Personas of the ledger tests, seed 000 as ``plan`` with ``plan_tasks`` in source order,
    and ``yy_reporter``, reporter of 岳阳市 市卫健委 (lead unit of the first 000 tasks)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = import_extraction(gold("000"), name="000.txt")
        cls.plan_tasks = list(Task.objects.filter(document=cls.plan).order_by("order", "pk"))
        cls.yy_health = Unit.objects.get(region__name="岳阳市", name="市卫健委")
        cls.yy_reporter = save_account(
            None,
            "yy-weijian",
            Role.REPORTER,
            password="pw-yy-123",
            unit=cls.yy_health,
            email="weijian@yy.example",
        )

    def report(self, task, day: dt.date, *, milestone=None, done=False, user=None, unit=None):
        """File a report on ``task`` at noon of ``day`` (as the 岳阳 reporter by default)."""
        state = ProgressState.DONE if done else ProgressState.IN_PROGRESS
        with time_machine.travel(at(day), tick=False):
            return submit_progress_report(
                user or self.yy_reporter,
                task,
                f"{day} 进展",
                None,
                state,
                milestone=milestone,
                unit=unit,
            )

    def milestone(self, task, month: int):
        return next(m for m in task.milestones.all() if m.due and m.due.month == month)
