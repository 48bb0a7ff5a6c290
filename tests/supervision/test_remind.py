"""`duban remind`: each reminder once (run twice), mail through a real loopback SMTP server, a
webhook to a local HTTP server, the inbox, and escalation to a 督办单 after unanswered reminders."""

from __future__ import annotations

import datetime as dt
import io

import docx
from django.core.management import call_command
from django.test import override_settings

from duban.supervision.choices import Channel, DeliveryStatus, ReminderKind
from duban.supervision.models import (
    EscalationNotice,
    Notification,
    Reminder,
    SupervisionSettings,
    UnitContact,
)
from duban.supervision.reports.escalation import escalation_docx
from duban.supervision.services.channels import mark_read, unread_count
from duban.supervision.services.reminders import send_due_reminders
from supervision.base import SupervisionTestCase
from supervision.servers import smtp_server, webhook_server

D = dt.date
SMTP = "django.core.mail.backends.smtp.EmailBackend"


class RemindTests(SupervisionTestCase):
    def setUp(self):
        UnitContact.objects.create(
            unit=self.yy_health,
            head_name="张三",
            head_title="主任",
            email="office@yy.example",
            head_email="head@yy.example",
        )
        self.rules = SupervisionSettings.current()

    def enable_webhook(self, url, escalate_after=3):
        self.rules.webhook_enabled, self.rules.webhook_url = True, url
        self.rules.escalate_after = escalate_after
        self.rules.save()

    def test_it_sends_each_reminder_once_by_mail_webhook_and_inbox(self):
        with smtp_server() as (sink, port), webhook_server() as (hooks, url):
            self.enable_webhook(url)
            with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
                first = send_due_reminders(D(2020, 7, 28))
                out = io.StringIO()
                call_command("remind", "--date", "2020-07-28", stdout=out)
            mails, posts = len(sink.messages), len(hooks)
        self.assertGreater(first.reminders, 0)
        self.assertEqual(first.failed, 0)
        self.assertIn("0 reminders, 0 escalations, 0 sent", out.getvalue())
        kinds = set(Reminder.objects.filter(unit=self.yy_health).values_list("kind", flat=True))
        self.assertEqual(
            kinds,
            {ReminderKind.REPORT_OVERDUE, ReminderKind.DEADLINE_OVERDUE, ReminderKind.DEADLINE_DUE},
        )
        own = Reminder.objects.filter(unit=self.yy_health).count()
        self.assertEqual(mails, own * 2)  # the reporter's mailbox and the unit's contact
        self.assertEqual(posts, Reminder.objects.count())
        self.assertEqual(first.sent, Notification.objects.count())
        self.assertFalse(Notification.objects.exclude(status=DeliveryStatus.SENT).exists())
        recipients = sorted({r for rcpt, _ in sink.messages for r in rcpt})
        self.assertEqual(recipients, ["office@yy.example", "weijian@yy.example"])
        subjects = [str(m["Subject"]).strip() for _, m in sink.messages]
        self.assertTrue(any(s.startswith("【逾期催办】岳阳市卫健委") for s in subjects))
        self.assertIn("text", hooks[0]["msgtype"])
        self.assertEqual(unread_count(self.yy_reporter), own)
        mark_read(self.yy_reporter)
        self.assertEqual(unread_count(self.yy_reporter), 0)

    def test_a_failed_delivery_is_recorded_with_its_error(self):
        self.enable_webhook("http://127.0.0.1:9/none")
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            result = send_due_reminders(D(2020, 7, 28))
        failed = Notification.objects.filter(channel=Channel.WEBHOOK)
        self.assertEqual(result.failed, failed.count())
        self.assertTrue(all(n.status == DeliveryStatus.FAILED and n.error for n in failed))

    def test_unanswered_reminders_escalate_to_a_notice_for_the_head(self):
        self.enable_webhook("", escalate_after=2)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            send_due_reminders(D(2020, 7, 28))
            self.assertFalse(EscalationNotice.objects.exists())
            result = send_due_reminders(D(2020, 8, 27))
        self.assertGreater(result.escalations, 0)
        notice = EscalationNotice.objects.get(unit=self.yy_health)
        self.assertRegex(notice.number, r"^督办〔2020〕\d+号$")
        self.assertEqual(notice.deadline, D(2020, 9, 3))
        mail_to = set(
            Notification.objects.filter(escalation=notice, channel=Channel.EMAIL).values_list(
                "address", flat=True
            )
        )
        self.assertEqual(mail_to, {"head@yy.example", "weijian@yy.example"})
        document = docx.Document(io.BytesIO(escalation_docx(notice)))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("督 办 单", text)
        self.assertIn("张三", text)
        self.assertEqual(len(document.tables[0].rows), notice.tasks.count() + 1)

    def test_a_report_answers_the_reminders_on_its_task(self):
        self.enable_webhook("", escalate_after=2)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            send_due_reminders(D(2020, 7, 28))
            for task in self.plan_tasks:
                if task.assignments.filter(unit=self.yy_health).exists():
                    self.report(task, D(2020, 8, 3))
            send_due_reminders(D(2020, 8, 27))
        self.assertFalse(EscalationNotice.objects.filter(unit=self.yy_health).exists())


class RemindOnceTests(SupervisionTestCase):
    """Each message reaches each mailbox and inbox once, however often ``duban remind`` runs
    and however the same mailbox is spelled (the reporter's address and the unit's contact)."""

    def test_repeated_runs_deliver_each_message_once_per_inbox(self):
        UnitContact.objects.create(unit=self.yy_health, email=" WeiJian@YY.example")
        days = [D(2020, 7, 28), D(2020, 7, 28), D(2020, 7, 29), D(2020, 7, 28)]
        with smtp_server() as (sink, port):
            with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
                results = [send_due_reminders(day) for day in days]
                call_command("remind", "--date", "2020-07-29", stdout=io.StringIO())
            mails = list(sink.messages)
        own = Reminder.objects.filter(unit=self.yy_health)
        self.assertGreater(own.count(), 0)
        self.assertEqual([r.reminders for r in results[1:]], [0, 0, 0])
        delivered = [(str(m["Subject"]),) for rcpt, m in mails
                     if "weijian@yy.example" in [r.strip().lower() for r in rcpt]]
        self.assertEqual(len(delivered), own.count())
        self.assertEqual(len(set(delivered)), len(delivered))
        inbox = Notification.objects.filter(user=self.yy_reporter, channel=Channel.INBOX)
        self.assertEqual(inbox.count(), own.count())
        self.assertEqual(inbox.values("reminder").distinct().count(), own.count())
