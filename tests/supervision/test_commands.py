"""The `status` and `remind` management commands (`duban status`, `duban remind`)."""

from __future__ import annotations

import io

from django.core.management import CommandError, call_command
from django.test import override_settings

from duban.ledger.choices import TaskState
from duban.supervision.models import Reminder, TaskStatus
from supervision.base import SupervisionTestCase

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class CommandTests(SupervisionTestCase):
    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_status_recompute_judges_every_task_on_the_day(self):
        # The day after the tasks' own deadline (2020-12-31): every one is 逾期.
        output = self.run_command("status", "--recompute", "--date", "2021-01-01")
        self.assertIn(f"recomputed {len(self.plan_tasks)} tasks on 2021-01-01", output)
        self.assertEqual(
            TaskStatus.objects.filter(state=TaskState.OVERDUE).count(), len(self.plan_tasks)
        )
        self.assertIn("overdue      red", output)

    def test_status_refuses_a_bad_date_and_an_unknown_document(self):
        for args in (("--date", "2020-13-01"), ("--document", "999999")):
            with self.subTest(args=args), self.assertRaises(CommandError):
                self.run_command("status", *args)

    @override_settings(EMAIL_BACKEND=LOCMEM)
    def test_remind_loop_runs_the_given_number_of_times_and_sends_once(self):
        output = self.run_command(
            "remind", "--date", "2020-07-28", "--loop", "--times", "2", "--interval", "0"
        )
        first, second = output.strip().splitlines()
        self.assertNotIn(" 0 reminders", first)
        self.assertIn("0 reminders, 0 escalations, 0 sent", second)
        self.assertEqual(len({r.key for r in Reminder.objects.all()}), Reminder.objects.count())
