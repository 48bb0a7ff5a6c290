"""`duban nudge --as USER (--red | --unit ID [--task ID …]) [--channel C …] [--notice
[--deadline YYYY-MM-DD]] [--text TEXT]`: the office's 催办 or 督办单 from the command line.

The same services as the web pages and the API (``supervision/services/manual.py``): ``--red``
reminds every unit with red tasks (批量催办); ``--unit`` reminds one unit about the given tasks
(default: its red and yellow ones); ``--notice`` issues a 督办单 instead.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.ledger.models import Task, Unit
from duban.supervision.choices import Channel, DeliveryStatus
from duban.supervision.management.commands.status import parse_day
from duban.supervision.services import manual


class Command(BaseCommand):
    help = "催办或签发督办单（医改办账号）"

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", required=True, help="医改办用户名")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--red", action="store_true", help="催办全部有红灯任务的单位")
        target.add_argument("--unit", type=int, help="单位 id")
        parser.add_argument("--task", type=int, action="append", default=[], help="任务 id")
        parser.add_argument("--channel", action="append", choices=Channel.values,
                            help="发送渠道（可重复；默认站内消息）")
        parser.add_argument("--notice", action="store_true", help="签发督办单而非催办")
        parser.add_argument("--deadline", help="督办单反馈期限 YYYY-MM-DD")
        parser.add_argument("--text", default="", help="正文（默认自动起草）")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"找不到用户：{options['username']}")
        channels = options["channel"] or [Channel.INBOX]
        today = timezone.localdate()
        try:
            if options["red"]:
                done = manual.send_bulk_reminders(user, channels, today)
                self.stdout.write(f"已催办 {len(done)} 个单位")
                return
            self.one_unit(user, options, channels, today)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError("；".join(getattr(exc, "messages", [str(exc)]))) from exc

    def one_unit(self, user, options, channels, today) -> None:
        unit = Unit.objects.filter(pk=options["unit"]).first()
        if unit is None:
            raise CommandError(f"找不到单位：id={options['unit']}")
        if options["task"]:
            tasks = list(Task.objects.filter(pk__in=options["task"]))
        else:
            tasks = manual.unit_target(unit, today).tasks
        if options["notice"]:
            deadline = parse_day(options["deadline"]) if options["deadline"] else None
            notice = manual.issue_notice(user, unit, tasks, channels, today, deadline=deadline,
                                         text=options["text"])
            self.stdout.write(f"已签发 {notice.number}（反馈期限 {notice.deadline:%Y-%m-%d}）")
            return
        reminder = manual.send_reminder(user, unit, tasks, channels, today, options["text"])
        sent = reminder.notifications.filter(status=DeliveryStatus.SENT).count()
        self.stdout.write(f"已催办 {unit.full_name}：{len(tasks)} 项任务，送达 {sent} 条")
