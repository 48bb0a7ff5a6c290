"""An import computes the statuses of the document's tasks in the import's own transaction."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from duban.ledger.choices import TaskState
from duban.supervision.models import MilestoneStatus, TaskStatus
from ledger.base import BaseTestCase, import_extraction
from web.base import EXTRACTION

NOON = dt.datetime(2022, 9, 15, 12, tzinfo=dt.UTC)


class ImportComputesStatusTests(BaseTestCase):
    def test_every_imported_task_has_its_status_on_the_day(self):
        with time_machine.travel(NOON, tick=False):
            document = import_extraction(EXTRACTION, name="status.txt")
            today = timezone.localdate()
        tasks = list(document.tasks.order_by("order"))
        statuses = {s.task_id: s for s in TaskStatus.objects.filter(task__document=document)}
        self.assertEqual(set(statuses), {t.pk for t in tasks})
        self.assertTrue(all(s.computed_on == today for s in statuses.values()))
        # Due 2022-08-31, no report: overdue on 2022-09-15, and the task row says the same.
        self.assertEqual(tasks[0].state, TaskState.OVERDUE)
        self.assertEqual(statuses[tasks[0].pk].state, TaskState.OVERDUE)
        self.assertEqual(MilestoneStatus.objects.filter(milestone__task=tasks[0]).count(), 1)
