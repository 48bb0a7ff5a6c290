"""Progress reports: indicator values, evidence files, review, audit."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.ledger.models import EvidenceFile, IndicatorValue, ObjectChange, Task
from duban.ledger.services import review_report, submit_progress_report
from ledger.base import BaseTestCase, gold, import_extraction


class ReportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = import_extraction(gold("004"), name="004.txt")
        cls.task = (
            Task.objects.filter(assignments__unit=cls.health, indicators__isnull=False)
            .order_by("order")
            .first()
        )

    def test_it_files_a_report_with_evidence_and_values(self):
        indicator = self.task.indicators.first()
        upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", "application/pdf")
        report = submit_progress_report(
            self.lead_reporter,
            self.task,
            "已召开专题会议",
            percent=60,
            indicator_values={indicator.pk: "42.5"},
            files=[upload, ("表.xlsx", b"xlsx")],
        )
        assert report.unit == self.health and report.author == self.lead_reporter
        evidence = EvidenceFile.objects.filter(report=report).order_by("pk")
        assert [e.original_name for e in evidence] == ["会议纪要.pdf", "表.xlsx"]
        assert evidence[0].sha256 == hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()
        assert evidence[0].size == len(b"%PDF-1.4 minutes")
        assert evidence[0].file.read() == b"%PDF-1.4 minutes"
        assert str(IndicatorValue.objects.get(report=report).value) == "42.5000"
        assert indicator.latest_value().report == report
        change = ObjectChange.objects.get(
            action="create", object_id=report.pk, object_type__model="progressreport"
        )
        assert change.actor == self.lead_reporter and change.related_id == self.task.pk

    def test_it_rejects_bad_reports_without_leaving_rows(self):
        cases = [
            ({"percent": 120}, "percent above 100"),
            ({"indicator_values": {999999: 1}}, "indicator of another task"),
        ]
        for kwargs, note in cases:
            with self.subTest(note), pytest.raises(ValidationError):
                submit_progress_report(self.lead_reporter, self.task, "x", **kwargs)
        assert not self.task.reports.exists()

    def test_it_lets_the_office_report_for_the_lead_unit(self):
        report = submit_progress_report(self.office, self.task, "医改办代报")
        assert report.unit == self.task.lead_units()[0]

    def test_it_reviews_reports(self):
        report = submit_progress_report(self.lead_reporter, self.task, "推进中", percent=30)
        with pytest.raises(ValidationError):
            review_report(self.office, report, "returned", "")
        review_report(self.office, report, "returned", "请补充佐证材料")
        report.refresh_from_db()
        assert (report.review_status, report.reviewed_by) == ("returned", self.office)
        change = ObjectChange.objects.get(action="review")
        assert change.before["review_status"] == "pending"
        assert change.after["review_status"] == "returned"
        review_report(self.office, report, "accepted")
        assert ObjectChange.objects.filter(action="review").count() == 2
