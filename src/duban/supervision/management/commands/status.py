"""`duban status [--recompute] [--date YYYY-MM-DD] [--document ID] [--jobs N]`: states and lights of tasks."""

from __future__ import annotations

import datetime as dt
import os

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from duban.ledger.models import Document
from duban.supervision.models import TaskStatus
from duban.supervision.services.status import ensure_current, recompute_all


def parse_day(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = "Show (and with --recompute, recompute) the status lights of every task."
    # A cron job that only reads and writes the database: the system checks would import the
    # whole web and API stack first (about half a second); ``duban check`` still runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--recompute", action="store_true", help="recompute every task")
        parser.add_argument("--date", help="the day to judge on (default: today)")
        parser.add_argument("--document", type=int, help="only this document id")
        parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1),
                            help="processes recomputing every task at once (PostgreSQL; "
                                 "default: one per core, at most 4)")

    def handle(self, *args, **options):
        today = parse_day(options["date"])
        document = None
        if options["document"]:
            document = Document.objects.filter(pk=options["document"]).first()
            if document is None:
                raise CommandError(f"没有编号为 {options['document']} 的文件")
        if options["recompute"]:
            count = recompute_all(today, document, jobs=max(1, options["jobs"]))
            self.stdout.write(f"recomputed {count} tasks on {today:%Y-%m-%d}")
        else:
            ensure_current(today)
        rows = TaskStatus.objects.all()
        if document is not None:
            rows = rows.filter(task__document=document)
        for row in rows.values("state", "light").annotate(n=Count("pk")).order_by("state", "light"):
            self.stdout.write(f"{row['state']:<12} {row['light']:<7} {row['n']}")
