"""The ledger export: the source table's layout in Excel (merged categories, frozen header,
widths, wrapped text) with status and progress columns, the same rows as CSV, and downloads."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from duban.ledger.services import submit_progress_report
from duban.reports import ledger_csv, ledger_rows, ledger_xlsx
from web.base import WebTestCase

HEADER = ["序号", "类别", "任务内容", "牵头单位", "参与单位", "完成时限", "6月", "状态",
          "完成比例（%）", "最新进展"]
# (row of the sheet, column header, expected value, note)
CELLS = [
    (3, "序号", "1", "first task"),
    (3, "类别", "深化医保支付方式改革", "category on the first row of its run"),
    (3, "牵头单位", "市卫生健康委", "lead"),
    (3, "参与单位", "市财政局", "participating"),
    (3, "完成时限", "2022年8月底前", "deadline as printed"),
    (3, "6月", "制定实施方案", "a 倒排表 milestone in its month column"),
    (3, "完成比例（%）", 40, "latest percent"),
    (3, "最新进展", "方案已起草", "latest report"),
    (4, "任务内容", "<script>alert(1)</script>", "text kept as text"),
    (4, "状态", "逾期", "status label (computed at import; due 2022-08-31)"),
    (5, "类别", "加强公共卫生体系建设", "next category"),
]


class LedgerExportTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        submit_progress_report(cls.office, cls.own_task, "方案已起草", 40)

    def sheet(self):
        return load_workbook(io.BytesIO(ledger_xlsx(self.document))).active

    def test_it_writes_the_header_and_cells(self):
        sheet = self.sheet()
        header = [cell.value for cell in sheet[2]]
        assert header == HEADER
        assert sheet["A1"].value == "督办测试分工表"
        for row, column, expected, note in CELLS:
            with self.subTest(note=note):
                assert sheet.cell(row=row, column=header.index(column) + 1).value == expected

    def test_it_keeps_the_source_layout(self):
        sheet = self.sheet()
        merged = {str(rng) for rng in sheet.merged_cells.ranges}
        assert "B3:B4" in merged  # two tasks of one category: one vertical cell
        assert sheet.freeze_panes == "A3"
        assert sheet.column_dimensions["C"].width == 60
        assert sheet["C3"].alignment.wrap_text

    def test_csv_has_the_same_rows(self):
        header, rows = ledger_rows(self.document)
        parsed = list(csv.reader(io.StringIO(ledger_csv(self.document))))
        assert parsed[0] == header
        assert len(parsed) == 1 + len(rows) == 4
        assert parsed[2][2] == "<script>alert(1)</script>"

    def test_every_role_downloads_the_exports(self):
        for persona in ("office", "lead_reporter", "leader"):
            self.sign_in(persona)
            with self.subTest(persona=persona):
                xlsx = self.client.get(reverse("document-xlsx", args=[self.document.pk]))
                assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
                assert "attachment" in xlsx["Content-Disposition"]
                book = load_workbook(io.BytesIO(xlsx.getvalue()))
                assert book.active["A2"].value == "序号"
                text = self.client.get(reverse("document-csv", args=[self.document.pk]))
                assert text.getvalue().decode("utf-8-sig").startswith("序号,类别")
