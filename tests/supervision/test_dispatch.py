"""The dispatch report: its .docx opens with python-docx and its tables hold the right counts;
the .xlsx holds the same data."""

from __future__ import annotations

import datetime as dt
import io

import docx
from openpyxl import load_workbook

from duban.ledger.choices import TaskState
from duban.supervision.reports.dispatch import dispatch_docx, dispatch_xlsx
from duban.supervision.services.dispatch import build_dispatch
from supervision.base import SupervisionTestCase

D = dt.date


class DispatchTests(SupervisionTestCase):
    def setUp(self):
        first, second = self.plan_tasks[:2]
        self.report(first, D(2020, 6, 28), milestone=self.milestone(first, 6), done=True)
        self.report(first, D(2020, 7, 10))
        self.report(second, D(2020, 7, 12))
        self.dispatch = build_dispatch(self.plan, D(2020, 7, 15), today=D(2020, 7, 15))

    def test_it_counts_the_tasks_as_of_the_day(self):
        counts = self.dispatch.counts
        self.assertEqual(self.dispatch.total, len(self.plan_tasks))
        # Only the first task met its June milestone; the others are behind since June 30
        # (节点滞后: their own deadline, December 31, is still ahead, so none is 逾期).
        self.assertEqual(counts[TaskState.ON_TRACK], 1)
        self.assertEqual(counts[TaskState.BEHIND], len(self.plan_tasks) - 1)
        self.assertNotIn(TaskState.OVERDUE, counts)
        units = dict(self.dispatch.not_reported)
        own = self.yy_health.assignments.filter(task__document=self.plan).count()
        self.assertEqual(units["岳阳市卫健委"], own - 2)  # it reported on two tasks in July

    def test_the_docx_tables_hold_the_counts(self):
        document = docx.Document(io.BytesIO(dispatch_docx(self.dispatch)))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("督办通报〔2020〕第", text)
        self.assertIn(self.dispatch.title, text)
        counts, risks, missing, indicators = document.tables
        values = {row.cells[0].text: row.cells[1].text for row in counts.rows[1:]}
        self.assertEqual(values["任务总数"], str(len(self.plan_tasks)))
        self.assertEqual(values["节点滞后"], str(len(self.plan_tasks) - 1))
        self.assertEqual(values["逾期"], "0")
        self.assertEqual(values["正常推进"], "1")
        self.assertEqual(len(risks.rows) - 1, len(self.dispatch.risks))
        self.assertEqual(len(missing.rows) - 1, len(self.dispatch.not_reported))
        self.assertEqual(len(indicators.rows) - 1, len(self.dispatch.indicators))

    def test_the_xlsx_holds_the_same_data(self):
        workbook = load_workbook(io.BytesIO(dispatch_xlsx(self.dispatch)))
        self.assertEqual(
            workbook.sheetnames, ["总体情况", "逾期和临期任务", "未报送单位", "指标进展"]
        )
        counts = {
            row[0]: row[1] for row in workbook["总体情况"].iter_rows(min_row=3, values_only=True)
        }
        self.assertEqual(counts["任务总数"], len(self.plan_tasks))
        self.assertEqual(counts["节点滞后"], len(self.plan_tasks) - 1)
        risks = list(workbook["逾期和临期任务"].iter_rows(min_row=3, values_only=True))
        self.assertEqual(len(risks), len(self.dispatch.risks))
        missing = list(workbook["未报送单位"].iter_rows(min_row=3, values_only=True))
        self.assertEqual([(r[1], r[2]) for r in missing], self.dispatch.not_reported)
