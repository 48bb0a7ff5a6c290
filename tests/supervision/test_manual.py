"""The office's own 催办 and 督办单: drafted text, channels (mail through a real loopback SMTP
server), numbering 督办〔year〕N号, the unit's answer, the red rule of an unanswered notice past
its deadline, permissions, the API routes, and 退回 announced to the reporter."""

from __future__ import annotations

import datetime as dt
import io

import docx
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings

from duban.ledger.choices import ReviewStatus, Role
from duban.ledger.services import save_account
from duban.supervision.choices import Channel, DeliveryStatus, Light, ReminderKind
from duban.supervision.models import EscalationNotice, Notification, TaskStatus, UnitContact
from duban.supervision.reports.escalation import escalation_docx
from duban.supervision.services import manual
from duban.supervision.services.closing import review_and_rejudge
from duban.supervision.services.notices import answer_notice, create_notice
from duban.supervision.services.status import recompute_task
from supervision.base import SupervisionTestCase, at
from supervision.servers import smtp_server

D = dt.date
SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class ManualTests(SupervisionTestCase):
    def setUp(self):
        self.task = self.plan_tasks[0]
        UnitContact.objects.create(unit=self.yy_health, email="Office@YY.example ")

    def test_it_sends_a_reminder_with_a_drafted_text_by_mail_and_inbox(self):
        with smtp_server() as (sink, port):
            with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
                reminder = manual.send_reminder(
                    self.office, self.yy_health, [self.task], [Channel.INBOX, Channel.EMAIL],
                    D(2020, 7, 28))
            mails = list(sink.messages)
        self.assertEqual(reminder.kind, ReminderKind.MANUAL)
        text = reminder.items[0]
        self.assertIn(self.task.content[:20], text)
        self.assertIn(f"原文第 {self.task.source_line_first} 行", text)
        self.assertIn("完成时限", text)
        statuses = set(reminder.notifications.values_list("channel", "status"))
        self.assertEqual(statuses, {(Channel.INBOX, DeliveryStatus.SENT),
                                    (Channel.EMAIL, DeliveryStatus.SENT)})
        rcpts = sorted(r for rcpt, _ in mails for r in rcpt)
        self.assertEqual(rcpts, ["office@yy.example", "weijian@yy.example"])
        self.assertIn(self.task.content[:20], mails[0][1].get_body().get_content())

    def test_only_the_chosen_channels_carry_it(self):
        with override_settings(EMAIL_BACKEND=LOCMEM):
            reminder = manual.send_reminder(self.office, self.yy_health, [self.task],
                                            [Channel.INBOX], D(2020, 7, 28), "请于本周内报送。")
        rows = reminder.notifications.all()
        self.assertEqual([(n.channel, n.user) for n in rows], [(Channel.INBOX, self.yy_reporter)])
        self.assertIn("请于本周内报送。", rows[0].body)

    def test_a_reporter_or_leader_cannot_send(self):
        for user in (self.yy_reporter, self.leader):
            with self.assertRaises(PermissionDenied):
                manual.send_reminder(user, self.yy_health, [self.task], [Channel.INBOX],
                                     D(2020, 7, 28))
            with self.assertRaises(PermissionDenied):
                manual.issue_notice(user, self.yy_health, [self.task], [Channel.INBOX],
                                    D(2020, 7, 28))

    def test_bad_requests_name_the_field(self):
        cases = [([], [Channel.INBOX], "tasks"), ([self.task], [], "channels"),
                 ([self.task], ["fax"], "channels")]
        for tasks, channels, field in cases:
            with self.assertRaises(ValidationError) as caught:
                manual.send_reminder(self.office, self.yy_health, tasks, channels, D(2020, 7, 28))
            self.assertIn(field, caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            manual.issue_notice(self.office, self.yy_health, [self.task], [Channel.INBOX],
                                D(2020, 7, 28), deadline=D(2020, 7, 28))
        self.assertIn("deadline", caught.exception.message_dict)

    def test_bulk_reaches_every_unit_with_red_tasks_once(self):
        with time_machine.travel(at(D(2020, 12, 20)), tick=False):
            with override_settings(EMAIL_BACKEND=LOCMEM):
                reminders = manual.send_bulk_reminders(self.office, [Channel.INBOX],
                                                       D(2020, 12, 20))
        red = TaskStatus.objects.filter(light=Light.RED)
        self.assertTrue(red.exists())
        expected = {u.pk for s in red for u in manual.responsible_units(s.task)}
        self.assertEqual({r.unit_id for r in reminders}, expected)
        self.assertEqual(len(reminders), len(expected))
        own = next(r for r in reminders if r.unit_id == self.yy_health.pk)
        self.assertEqual(set(own.tasks.all()),
                         {s.task for s in red if self.yy_health in manual.responsible_units(s.task)})


class NoticeTests(SupervisionTestCase):
    def setUp(self):
        self.task = self.plan_tasks[0]

    def issue(self, day=None, deadline=None, tasks=None):
        day, deadline = day or D(2020, 7, 28), deadline or D(2020, 8, 4)
        with override_settings(EMAIL_BACKEND=LOCMEM):
            return manual.issue_notice(self.office, self.yy_health, tasks or [self.task],
                                       [Channel.INBOX], day, deadline=deadline)

    def test_numbers_count_per_year_from_one(self):
        first, second = self.issue(), self.issue()
        next_year = self.issue(day=D(2021, 1, 5), deadline=D(2021, 1, 12))
        self.assertEqual([first.number, second.number, next_year.number],
                         ["督办〔2020〕1号", "督办〔2020〕2号", "督办〔2021〕1号"])

    def test_the_database_refuses_a_number_twice(self):
        notice = self.issue()
        with self.assertRaises(IntegrityError), transaction.atomic():
            EscalationNotice.objects.create(key="other", unit=self.yy_health, year=notice.year,
                                            seq=notice.seq, number="x", issued_on=D(2020, 7, 29),
                                            text="x")

    def test_a_taken_number_is_skipped(self):
        notice = self.issue()
        # A notice inserted between reading the last number and inserting (another process).
        EscalationNotice.objects.create(key="raced", unit=self.yy_health, year=2020, seq=2,
                                        number="督办〔2020〕2号", issued_on=D(2020, 7, 28), text="x")
        from duban.supervision.services import notices

        real = notices.next_seq
        calls = []

        def stale(year):
            calls.append(year)
            return real(year) - (1 if len(calls) == 1 else 0)

        notices.next_seq = stale
        try:
            third = create_notice(key="k3", unit=self.yy_health, issued_on=D(2020, 7, 30),
                                  text="x", tasks=[self.task])
        finally:
            notices.next_seq = real
        self.assertEqual((notice.seq, third.seq, len(calls)), (1, 3, 2))

    def test_the_docx_prints_number_addressee_text_tasks_and_deadline(self):
        notice = self.issue()
        document = docx.Document(io.BytesIO(escalation_docx(notice)))
        text = "\n".join(p.text for p in document.paragraphs)
        for part in ("督 办 单", "督办〔2020〕1号", "岳阳市卫健委", "2020年8月4日前", "医改办",
                     "2020年7月28日"):
            self.assertIn(part, text)
        rows = document.tables[0].rows
        self.assertEqual(len(rows), 2)
        self.assertIn(self.task.content[:20], rows[1].cells[1].text)

    def test_an_unanswered_notice_past_its_deadline_turns_the_task_red(self):
        task = self.plan_tasks[-1]
        recompute_task(task, D(2020, 6, 10))
        light = TaskStatus.objects.get(task=task).light
        self.assertNotEqual(light, Light.RED)
        self.issue(day=D(2020, 6, 10), deadline=D(2020, 6, 15), tasks=[task])
        recompute_task(task, D(2020, 6, 15))
        self.assertEqual(TaskStatus.objects.get(task=task).light, light)
        recompute_task(task, D(2020, 6, 16))
        status = TaskStatus.objects.get(task=task)
        self.assertEqual(status.light, Light.RED)
        self.assertIn("督办单 督办〔2020〕1号 已过反馈期限 2020-06-15 未反馈", status.reasons)

    def test_an_answer_lifts_the_red_and_only_the_unit_answers(self):
        task = self.plan_tasks[-1]
        notice = self.issue(day=D(2020, 6, 10), deadline=D(2020, 6, 15), tasks=[task])
        other = save_account(None, "other-unit", Role.REPORTER, password="pw-o-123",
                             unit=self.finance)
        for user in (other, self.office):
            with self.assertRaises(PermissionDenied):
                answer_notice(user, notice, "已办理", today=D(2020, 6, 16))
        with self.assertRaises(ValidationError):
            answer_notice(self.yy_reporter, notice, "  ", today=D(2020, 6, 16))
        with time_machine.travel(at(D(2020, 6, 18)), tick=False):
            answer = answer_notice(self.yy_reporter, notice, "已专题研究并推进",
                                   ("反馈.txt", b"evidence"), today=D(2020, 6, 18))
        notice.refresh_from_db()
        self.assertIsNotNone(notice.answered_at)
        self.assertEqual(answer.file_name, "反馈.txt")
        self.assertNotIn("督办单", "".join(TaskStatus.objects.get(task=task).reasons))
        # Judged for the day before the answer, the notice was still open and late.
        recompute_task(task, D(2020, 6, 17))
        self.assertEqual(TaskStatus.objects.get(task=task).light, Light.RED)

    def test_a_reporter_sees_only_its_units_notices_through_the_api(self):
        notice = self.issue()
        other = save_account(None, "other-unit", Role.REPORTER, password="pw-o-123",
                             unit=self.finance)
        self.client.force_login(other)
        self.assertEqual(self.client.get(f"/api/v1/escalations/{notice.pk}").status_code, 404)
        self.client.force_login(self.yy_reporter)
        self.assertEqual(self.client.get(f"/api/v1/escalations/{notice.pk}").status_code, 200)
        response = self.client.post(f"/api/v1/escalations/{notice.pk}/answer",
                                    {"text": "已落实"}, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIsNotNone(response.json()["answered_at"])


class ApiTests(SupervisionTestCase):
    def test_the_office_sends_and_issues_through_the_api(self):
        task = self.plan_tasks[0]
        self.client.force_login(self.office)
        with override_settings(EMAIL_BACKEND=LOCMEM):
            sent = self.client.post("/api/v1/reminders", {
                "unit": self.yy_health.pk, "tasks": [task.pk], "channels": ["inbox"]},
                content_type="application/json")
            issued = self.client.post("/api/v1/escalations", {
                "unit": self.yy_health.pk, "tasks": [task.pk], "channels": ["inbox"],
                "deadline": "2099-01-01", "text": "请限期整改。"},
                content_type="application/json")
        self.assertEqual(sent.status_code, 201, sent.content)
        self.assertEqual(sent.json()["deliveries"][0]["recipient"], "yy-weijian")
        self.assertEqual(issued.status_code, 201, issued.content)
        self.assertRegex(issued.json()["number"], r"^督办〔\d{4}〕1号$")
        self.assertEqual(issued.json()["text"], "请限期整改。")

    def test_a_reporter_cannot_send_through_the_api(self):
        self.client.force_login(self.yy_reporter)
        response = self.client.post("/api/v1/reminders", {
            "unit": self.yy_health.pk, "tasks": [self.plan_tasks[0].pk]},
            content_type="application/json")
        self.assertEqual(response.status_code, 403)
        response = self.client.post("/api/v1/reminders/red", {}, content_type="application/json")
        self.assertEqual(response.status_code, 403)


class ReturnedReportTests(SupervisionTestCase):
    def test_a_returned_report_tells_the_reporter_with_the_comment(self):
        UnitContact.objects.create(unit=self.yy_health, email="office@yy.example")
        report = self.report(self.plan_tasks[0], D(2020, 7, 20))
        with smtp_server() as (sink, port):
            with override_settings(EMAIL_BACKEND=SMTP, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port):
                review_and_rejudge(self.office, report, ReviewStatus.RETURNED,
                                   "缺少佐证材料，请补充会议纪要", D(2020, 7, 21))
                review_and_rejudge(self.office, report, ReviewStatus.ACCEPTED, "", D(2020, 7, 22))
            mails = list(sink.messages)
        inbox = Notification.objects.filter(user=self.yy_reporter, channel=Channel.INBOX)
        self.assertEqual(inbox.count(), 1)
        message = inbox.get()
        self.assertIn("缺少佐证材料，请补充会议纪要", message.body)
        self.assertTrue(message.subject.startswith("【报送退回】"))
        self.assertEqual(message.status, DeliveryStatus.SENT)
        self.assertEqual(sorted(r for rcpt, _ in mails for r in rcpt),
                         ["office@yy.example", "weijian@yy.example"])
        self.assertIn("缺少佐证材料", mails[0][1].get_body().get_content())

    def test_the_task_page_review_form_sends_it_too(self):
        report = self.report(self.plan_tasks[0], D(2020, 7, 20))
        self.client.force_login(self.office)
        with override_settings(EMAIL_BACKEND=LOCMEM):
            response = self.client.post(f"/reports/{report.pk}/review/", {
                "review_status": "returned", "review_comment": "数据不全"})
        self.assertEqual(response.status_code, 302)
        message = Notification.objects.get(user=self.yy_reporter, channel=Channel.INBOX)
        self.assertIn("数据不全", message.body)


class CommandTests(SupervisionTestCase):
    def test_duban_nudge_reminds_and_issues_through_the_same_services(self):
        from django.core.management import CommandError, call_command

        task = self.plan_tasks[0]
        out = io.StringIO()
        with override_settings(EMAIL_BACKEND=LOCMEM):
            call_command("nudge", "--as", "office", "--unit", str(self.yy_health.pk),
                         "--task", str(task.pk), stdout=out)
            call_command("nudge", "--as", "office", "--unit", str(self.yy_health.pk),
                         "--task", str(task.pk), "--notice", "--deadline", "2099-01-01",
                         stdout=out)
            with self.assertRaises(CommandError):
                call_command("nudge", "--as", "yy-weijian", "--red", stdout=out)
        self.assertIn("已催办 岳阳市卫健委：1 项任务，送达 1 条", out.getvalue())
        notice = EscalationNotice.objects.get()
        self.assertIn(f"已签发 {notice.number}（反馈期限 2099-01-01）", out.getvalue())
