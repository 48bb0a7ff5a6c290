"""Issue 13.9: every download goes through ``lib.downloads.download``: the Chinese file name in
``filename*`` percent-encoded as UTF-8 (RFC 6266 / RFC 5987) with an ASCII ``filename``
fallback, the right content type, and never sniffed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.urls import reverse

from duban.ledger.services import submit_progress_report
from duban.lib.downloads import BINARY, CSV, DOCX, XLSX, disposition
from duban.supervision.models import EscalationNotice
from web.base import WebTestCase

# (file name, expected header, note)
HEADERS = [
    ("台账.xlsx", "attachment; filename=\"download.xlsx\"; filename*=utf-8''%E5%8F%B0%E8%B4%A6.xlsx",
     "Chinese name: ASCII fallback and the encoded name"),
    ("ledger-1.csv", 'attachment; filename="ledger-1.csv"', "ASCII name as is"),
    ("调度通报 7月.docx", "attachment; filename=\"7.docx\"; "
     "filename*=utf-8''%E8%B0%83%E5%BA%A6%E9%80%9A%E6%8A%A5%207%E6%9C%88.docx",
     "spaces encoded, ASCII part of the name kept in the fallback"),
]


def test_the_header_per_rfc_6266():
    for name, expected, note in HEADERS:
        assert disposition(name) == expected, note


class DownloadTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        report = submit_progress_report(cls.lead_reporter, cls.own_task, "进展",
                                        files=[("会议纪要.pdf", b"%PDF-1.4 x")])
        cls.evidence = report.files.get()
        cls.notice = EscalationNotice.objects.create(
            key="downloads", unit=cls.health, document=cls.document, number="督〔2022〕1号",
            issued_on=dt.date(2022, 9, 1), text="督办事项")

    def downloads(self):
        doc = self.document
        ledger = f"{doc.title}-台账"
        yield reverse("document-xlsx", args=[doc.pk]), f"{ledger}.xlsx", XLSX
        yield reverse("document-csv", args=[doc.pk]), f"{ledger}.csv", CSV
        yield reverse("api-v1:export_xlsx", args=[doc.pk]), f"{ledger}.xlsx", XLSX
        yield reverse("api-v1:export_csv", args=[doc.pk]), f"{ledger}.csv", CSV
        yield reverse("document-original", args=[doc.pk]), "web.txt", BINARY
        yield reverse("evidence", args=[self.evidence.pk]), "会议纪要.pdf", BINARY
        yield (reverse("supervision:escalation-docx", args=[self.notice.pk]),
               f"{self.notice.number}.docx", DOCX)
        for fmt, kind in (("docx", DOCX), ("xlsx", XLSX)):
            url = reverse("supervision:dispatch-download", args=[doc.pk, fmt])
            yield url + "?day=2022-09-15", None, kind
        yield (reverse("supervision:assessment") + "?start=2022-01-01&end=2022-12-31&format=xlsx",
               "考核排名.xlsx", XLSX)

    def test_every_download_names_its_file_per_rfc_6266(self):
        self.sign_in("office")
        for url, name, kind in self.downloads():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], kind)
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                header = response["Content-Disposition"]
                self.assertTrue(header.startswith('attachment; filename="'), header)
                if name is None:  # the 调度通报's name carries its period
                    self.assertIn("filename*=utf-8''" + quote("调度通报-"), header)
                elif name.isascii():
                    self.assertEqual(header, f'attachment; filename="{name}"')
                else:
                    self.assertTrue(header.endswith("filename*=utf-8''" + quote(name)), header)
