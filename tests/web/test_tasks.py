"""Progress reports with evidence, the office's edits and reviews, and text never run as HTML."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.ledger.models import EvidenceFile, ProgressReport
from web.base import PARA, SCRIPT, WebTestCase

# (url builder, note): pages that show the document's text
TEXT_PAGES = [
    (lambda t: reverse("document", args=[t.document.pk]), "document view"),
    (lambda t: reverse("task", args=[t.other_task.pk]), "task detail"),
    (lambda t: reverse("task", args=[t.para_task.pk]), "task detail"),
    (lambda t: reverse("search") + "?q=script", "search"),
    (lambda t: reverse("unit", args=[t.finance.pk]) + "?x=1", "responsibility list"),
    (lambda t: reverse("home"), "office home"),
]


class ProgressReportTests(WebTestCase):
    def test_a_reporter_reports_with_an_indicator_value_and_evidence(self):
        self.sign_in("lead_reporter")
        indicator = self.own_task.indicators.get()
        milestone = self.own_task.milestones.get()
        response = self.client.post(
            reverse("task-report", args=[self.own_task.pk]),
            {
                "text": "已印发实施方案",
                "percent": 60,
                "state": "in_progress",
                f"indicator_{indicator.pk}": "68.5",
                "milestone": milestone.pk,
                "evidence": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 evidence"),
            },
        )
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert (report.unit, report.percent, report.milestone) == (self.health, 60, milestone)
        assert str(indicator.latest_value().value.normalize()) == "68.5"
        page = self.client.get(reverse("task", args=[self.own_task.pk])).content.decode()
        for text in ("已印发实施方案", "方案.pdf", "68.5%", "待审核", "完成 60%"):
            assert text in page, text
        evidence = EvidenceFile.objects.get()
        download = self.client.get(reverse("evidence", args=[evidence.pk]))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 evidence"

    def test_it_keeps_the_form_on_invalid_input(self):
        self.sign_in("lead_reporter")
        response = self.client.post(
            reverse("task-report", args=[self.own_task.pk]),
            {"text": "", "percent": 130, "state": "in_progress"},
        )
        assert response.status_code == 200
        assert ProgressReport.objects.count() == 0

    def test_the_office_returns_a_report_with_a_comment(self):
        self.sign_in("lead_reporter")
        self.client.post(
            reverse("task-report", args=[self.own_task.pk]),
            {"text": "进展", "state": "in_progress"},
        )
        report = ProgressReport.objects.get()
        self.sign_in("office")
        url = reverse("report-review", args=[report.pk])
        self.client.post(url, {"review_status": "returned", "review_comment": ""})
        report.refresh_from_db()
        assert report.review_status == "pending"  # returning needs a comment
        self.client.post(url, {"review_status": "returned", "review_comment": "请补充材料"})
        report.refresh_from_db()
        assert (report.review_status, report.review_comment) == ("returned", "请补充材料")
        self.sign_in("lead_reporter")
        assert "请补充材料" in self.client.get(reverse("home")).content.decode()

    def test_the_office_edits_a_task_and_the_audit_trail_shows_it(self):
        self.sign_in("office")
        response = self.client.post(
            reverse("task-edit", args=[self.para_task.pk]),
            {
                "seq": "3",
                "category": "加强公共卫生体系建设",
                "content": "改写后的任务内容",
                "deadline_text": "2022年9月底前",
                "deadline_kind": "date",
                "deadline_due": "2022-09-30",
                "state": "on_track",
                "lead_units": [self.finance.pk],
                "version": 1,
            },
        )
        assert response.status_code == 302
        self.para_task.refresh_from_db()
        assert self.para_task.content == "改写后的任务内容"
        assert [u.pk for u in self.para_task.lead_units()] == [self.finance.pk]
        page = self.client.get(reverse("task", args=[self.para_task.pk])).content.decode()
        assert "修改：" in page and "content" in page


class EscapingTests(WebTestCase):
    def test_document_text_is_shown_as_text_never_as_html(self):
        self.sign_in("office")
        for url, note in TEXT_PAGES:
            with self.subTest(note=note):
                page = self.client.get(url(self)).content.decode()
                assert SCRIPT not in page
                assert PARA not in page
        page = self.client.get(reverse("document", args=[self.document.pk])).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;p&gt;段落标签&lt;/p&gt;" in page
