"""Review, closing (销号) and reopening: each one audited event; a unit reporter cannot close
(PermissionDenied in the service, 403 on the view)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from duban.ledger.choices import ReviewStatus, TaskState
from duban.ledger.models import ObjectChange
from duban.supervision.choices import ClosingStatus
from duban.supervision.models import ClosingRequest
from duban.supervision.services.closing import (
    CLOSE_MESSAGE,
    REOPEN_MESSAGE,
    apply_for_closing,
    close_task,
    decide_closing,
    reopen_task,
    review_and_rejudge,
)
from supervision.base import SupervisionTestCase

D = dt.date
TODAY = D(2020, 12, 31)
EVIDENCE = ("验收报告.pdf", b"%PDF-1.4")


class ClosingTests(SupervisionTestCase):
    def setUp(self):
        self.task = self.plan_tasks[0]

    def changes(self, message: str):
        return ObjectChange.objects.for_object(self.task).filter(message__startswith=message)

    def test_the_lead_unit_applies_and_the_office_closes_in_one_audited_event(self):
        request = apply_for_closing(
            self.yy_reporter, self.task, "全部完成", ("验收报告.pdf", b"%PDF-1.4")
        )
        self.assertEqual(request.evidence_name, "验收报告.pdf")
        decide_closing(self.office, request, True, "", TODAY)
        self.task.refresh_from_db()
        self.assertEqual(self.task.state, TaskState.DONE)
        self.assertIsNotNone(self.task.closed_at)
        self.assertEqual(self.changes(CLOSE_MESSAGE).count(), 1)
        change = self.changes(CLOSE_MESSAGE).get()
        self.assertEqual(change.actor, self.office)
        self.assertIn("closed_at", change.changed_fields())

    def test_reopening_is_one_audited_event(self):
        close_task(self.office, self.task, "核验通过", TODAY)
        reopen_task(self.office, self.task, "复核发现未完成", TODAY)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.closed_at)
        self.assertNotEqual(self.task.state, TaskState.DONE)
        self.assertEqual(self.changes(REOPEN_MESSAGE).count(), 1)
        self.assertEqual(self.changes(CLOSE_MESSAGE).count(), 1)

    def test_a_reporter_cannot_close_or_reopen(self):
        request = apply_for_closing(self.yy_reporter, self.task, "全部完成", EVIDENCE)
        for call in (
            lambda: decide_closing(self.yy_reporter, request, True, "", TODAY),
            lambda: close_task(self.yy_reporter, self.task, "", TODAY),
            lambda: reopen_task(self.yy_reporter, self.task, "x", TODAY),
            lambda: close_task(self.leader, self.task, "", TODAY),
        ):
            with self.assertRaises(PermissionDenied):
                call()
        self.assertEqual(ClosingRequest.objects.get().status, ClosingStatus.PENDING)

    def test_a_unit_not_leading_the_task_cannot_apply(self):
        with self.assertRaises(PermissionDenied):
            apply_for_closing(self.other_reporter, self.task, "完成", EVIDENCE)

    def test_an_application_needs_evidence(self):
        with self.assertRaises(ValidationError):
            apply_for_closing(self.yy_reporter, self.task, "全部完成")

    def test_a_rejection_needs_a_comment(self):
        request = apply_for_closing(self.yy_reporter, self.task, "全部完成", EVIDENCE)
        with self.assertRaises(ValidationError):
            decide_closing(self.office, request, False, "", TODAY)
        decide_closing(self.office, request, False, "材料不全", TODAY)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.closed_at)

    def test_a_returned_report_no_longer_counts(self):
        june = self.milestone(self.task, 6)
        report = self.report(self.task, D(2020, 6, 20), milestone=june, done=True)
        review_and_rejudge(self.office, report, ReviewStatus.RETURNED, "材料不实", D(2020, 7, 1))
        june.refresh_from_db()
        self.assertEqual(june.state, TaskState.OVERDUE)


class ClosingViewTests(SupervisionTestCase):
    def setUp(self):
        self.task = self.plan_tasks[0]
        self.request = apply_for_closing(self.yy_reporter, self.task, "全部完成", EVIDENCE)

    def test_a_reporter_gets_403_on_every_office_write(self):
        self.client.force_login(self.yy_reporter)
        posts = [
            (reverse("supervision:closing-decide", args=[self.request.pk]), {"approve": "yes"}),
            (reverse("supervision:task-reopen", args=[self.task.pk]), {"reason": "x"}),
            (reverse("supervision:rules"), {"yellow_days": 3}),
            (
                reverse("supervision:cadence", args=[self.plan.pk]),
                {"report_cadence": "weekly", "report_day": 5},
            ),
        ]
        for url, data in posts:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, data).status_code, 403)
        self.task.refresh_from_db()
        self.assertIsNone(self.task.closed_at)

    def test_the_lead_unit_applies_through_the_page_with_a_file(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        other = self.plan_tasks[1]
        self.client.force_login(self.yy_reporter)
        url = reverse("supervision:closing-apply", args=[other.pk])
        upload = SimpleUploadedFile("总结.docx", b"PK\x03\x04 summary")
        self.client.post(url, {"text": "已全部完成", "evidence": upload})
        request = ClosingRequest.objects.get(task=other)
        self.assertEqual((request.evidence_name, request.status), ("总结.docx", "pending"))

    def test_another_unit_cannot_apply(self):
        self.client.force_login(self.other_reporter)
        url = reverse("supervision:closing-apply", args=[self.task.pk])
        self.assertEqual(self.client.post(url, {"text": "完成"}).status_code, 403)

    def test_the_office_closes_through_the_page(self):
        self.client.force_login(self.office)
        url = reverse("supervision:closing-decide", args=[self.request.pk])
        response = self.client.post(url, {"approve": "yes", "comment": "同意"})
        self.assertRedirects(response, reverse("supervision:task", args=[self.task.pk]))
        self.task.refresh_from_db()
        self.assertIsNotNone(self.task.closed_at)
