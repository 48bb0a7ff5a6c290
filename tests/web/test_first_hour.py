"""The small breaks a user meets in the first hour (issue 14, item 6), each fixed and held."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.test import override_settings
from openpyxl import load_workbook

from duban.ledger.choices import ProgressState
from duban.ledger.models import Task
from duban.ledger.services import submit_progress_report
from duban.ledger.services.tasks import MAX_REPORT_CHARS, edit_task
from duban.supervision.reports.dispatch import dispatch_xlsx
from duban.supervision.services.closing import close_task
from duban.supervision.services.dispatch import build_dispatch
from web.base import WebTestCase


class FirstHourTests(WebTestCase):
    def file(self, text="已召开推进会", percent=40, files=()):
        return submit_progress_report(self.lead_reporter, self.own_task, text, percent,
                                      ProgressState.IN_PROGRESS, {}, files)

    def test_the_review_queue_shows_the_document_the_percent_and_the_evidence(self):
        self.file(files=[("会议纪要.txt", "纪要".encode())])
        self.sign_in("office")
        page = self.client.get("/supervision/review/").content.decode()
        self.assertIn("督办测试分工表", page)
        self.assertIn("40%", page)
        self.assertIn("会议纪要.txt", page)

    def test_dates_are_chinese_whatever_language_the_browser_asks_for(self):
        self.file()
        self.sign_in("lead_reporter")
        page = self.client.get(f"/tasks/{self.own_task.pk}/",
                               HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        self.assertIn("2022年8月31日", page)
        self.assertNotRegex(page, r"\b(Jan|Aug|Dec)\. \d")
        self.assertNotIn("2022-08-31", page)

    @override_settings(DEBUG=False)
    def test_403_and_404_are_chinese_pages(self):
        self.sign_in("lead_reporter")
        forbidden = self.client.get("/supervision/review/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(forbidden.status_code, 403)
        self.assertIn("无权访问", forbidden.content.decode())
        missing = self.client.get("/tasks/999999/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(missing.status_code, 404)
        self.assertIn("页面不存在", missing.content.decode())
        self.assertNotIn("Not Found", missing.content.decode())

    def test_the_change_log_names_fields_in_chinese(self):
        close_task(self.office, self.own_task, "完成", dt.date(2022, 8, 20))
        self.sign_in("office")
        page = self.client.get(f"/tasks/{self.own_task.pk}/").content.decode()
        self.assertIn("办结时间", page)
        self.assertNotIn("closed_at", page)
        self.assertNotRegex(page, r"修改：[^<]*\bstate\b")

    def test_a_start_after_the_due_date_is_refused_with_a_message(self):
        self.sign_in("office")
        task = self.own_task
        response = self.client.post(f"/tasks/{task.pk}/edit/", {
            "content": task.content, "deadline_kind": "date", "deadline_text": "2022年8月底前",
            "deadline_start": "2022-09-01", "deadline_due": "2022-08-31",
            "version": task.version})
        self.assertEqual(response.status_code, 200)
        self.assertIn("开始日期晚于截止日期", response.content.decode())
        with self.assertRaises(ValidationError) as caught:
            edit_task(self.office, task, {"deadline_start": dt.date(2022, 9, 1)})
        self.assertIn("晚于截止日期", str(caught.exception))
        task.refresh_from_db()
        self.assertIsNone(task.deadline_start)

    def test_an_over_long_report_is_refused_with_a_message(self):
        with self.assertRaises(ValidationError) as caught:
            self.file(text="进" * (MAX_REPORT_CHARS + 1))
        self.assertIn("超过 10000 字", str(caught.exception))
        self.sign_in("lead_reporter")
        response = self.client.post(f"/tasks/{self.own_task.pk}/report/", {
            "text": "进" * 120_000, "percent": "10", "state": "in_progress"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("10000", response.content.decode())
        self.assertFalse(self.own_task.reports.exists())

    def test_the_dispatch_xlsx_stores_numbers_as_numbers(self):
        indicator = self.own_task.indicators.get()
        submit_progress_report(self.lead_reporter, self.own_task, "进展", 50,
                               ProgressState.IN_PROGRESS, {indicator.pk: "68.5"})
        report = build_dispatch(self.document, dt.date.today(), dt.date.today())
        sheet = load_workbook(io.BytesIO(dispatch_xlsx(report)))["指标进展"]
        header = [c.value for c in sheet[2]]
        row = [c.value for c in sheet[3]]
        self.assertEqual(row[header.index("目标值")], 75)
        self.assertEqual(row[header.index("最新值")], 68.5)
        counts = load_workbook(io.BytesIO(dispatch_xlsx(report)))["总体情况"]
        self.assertIsInstance(counts["B3"].value, int)

    def test_a_malformed_date_filter_is_shown_not_ignored(self):
        self.sign_in("office")
        page = self.client.get("/search/", {"q": "DRG", "due_from": "2022-13-45"})
        text = page.content.decode()
        self.assertIn("时限自", text)
        self.assertIn("有效的日期", text)
        self.assertIn("推进DRG付费改革", text)  # the valid part of the query still applies
        assessment = self.client.get("/supervision/assessment/",
                                     {"start": "2022-12-31", "end": "2022-01-01"})
        self.assertIn("起始日期晚于截止日期", assessment.content.decode())

    def test_the_assessment_page_explains_its_rules_in_words(self):
        self.sign_in("leader")
        page = self.client.get("/supervision/assessment/").content.decode()
        self.assertNotIn("assessment.yaml", page)
        self.assertIn("不参评", page)
        self.assertIn("扣 0.1 分", page)

    def test_the_leader_home_never_prints_none(self):
        Task.objects.filter(pk=self.para_task.pk).update(deadline_text="")
        self.sign_in("leader")
        page = self.client.get("/").content.decode()
        self.assertNotIn("None", page)
