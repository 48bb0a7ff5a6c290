"""`duban remind [--date YYYY-MM-DD] [--loop [--interval SECONDS]]`: send due reminders once.

Safe to run from cron and twice in a row: every reminder is claimed by its unique key.
``--loop`` is the bundled scheduler: it runs the same service every ``--interval`` seconds.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from duban.supervision.management.commands.status import parse_day
from duban.supervision.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send reminders (催办) for reports and deadlines coming due or overdue; escalate."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind for (default: today)")
        parser.add_argument("--loop", action="store_true", help="keep running (scheduler)")
        parser.add_argument("--interval", type=int, default=300, help="seconds between runs")
        parser.add_argument("--times", type=int, default=0, help="stop after N runs (0: never)")

    def handle(self, *args, **options):
        runs = 0
        while True:
            today = parse_day(options["date"]) if options["date"] else timezone.localdate()
            result = send_due_reminders(today)
            self.stdout.write(
                f"{today:%Y-%m-%d}: {result.reminders} reminders, {result.escalations} "
                f"escalations, {result.sent} sent, {result.failed} failed"
            )
            runs += 1
            if not options["loop"] or (options["times"] and runs >= options["times"]):
                return
            time.sleep(options["interval"])
