"""The dispatch report (调度通报) as a .docx in 公文 layout and as an .xlsx with the same tables.

Both are built from one ``DispatchReport``; the opening paragraph is the template
``messages/dispatch-intro.txt``.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from duban.lib.cells import append_row
from duban.supervision.reports.word import (
    add_body,
    add_centered,
    add_heading,
    add_table,
    add_title,
    new_document,
    to_bytes,
)
from duban.supervision.services.dispatch import DispatchReport

RISK_HEADER = ["序号", "责任单位", "任务内容", "完成时限", "状态", "预警", "说明"]
MISSING_HEADER = ["序号", "单位", "未报送任务数"]
INDICATOR_HEADER = ["序号", "任务内容", "指标", "目标值", "最新值", "达标情况"]
COUNT_HEADER = ["项目", "数量"]


def risk_rows(report: DispatchReport) -> list[list]:
    return [
        [n, r.unit, r.task.content, r.due_text, r.state_label, r.light_label, r.reasons]
        for n, r in enumerate(report.risks, 1)
    ]


def missing_rows(report: DispatchReport) -> list[list]:
    return [[n, unit, count] for n, (unit, count) in enumerate(report.not_reported, 1)]


def indicator_rows(report: DispatchReport) -> list[list]:
    return [
        [n, row.task.content, row.indicator.text, str(row.indicator), row.latest_text, row.met_text]
        for n, row in enumerate(report.indicators, 1)
    ]


INDICATOR_SHEET_HEADER = ["序号", "任务内容", "指标", "比较", "目标值", "计量单位", "最新值",
                          "达标情况"]


def indicator_sheet_rows(report: DispatchReport) -> list[list]:
    """The indicator table for a spreadsheet: the target and the latest value as numbers (a
    sheet sums and sorts them), the comparison and the unit in their own columns."""
    rows = []
    for n, row in enumerate(report.indicators, 1):
        latest = float(row.latest.value) if row.latest is not None else None
        rows.append([n, row.task.content, row.indicator.text, row.indicator.get_op_display(),
                     float(row.indicator.value), row.indicator.unit, latest, row.met_text])
    return rows


def intro_text(report: DispatchReport) -> str:
    return " ".join(render_to_string("messages/dispatch-intro.txt", {"report": report}).split())


def dispatch_docx(report: DispatchReport) -> bytes:
    """The 调度通报 as a Word document: title, 文号 placeholder, counts, risks, laggards,
    indicators."""
    document = new_document()
    add_centered(document, report.number_placeholder)
    add_title(document, report.title)
    add_body(document, intro_text(report))
    add_heading(document, "一、总体情况")
    add_table(document, COUNT_HEADER, [list(row) for row in report.count_rows()], [6, 3])
    add_heading(document, "二、逾期和临期任务（按责任单位）")
    add_table(document, RISK_HEADER, risk_rows(report), [1.0, 2.6, 6.0, 2.0, 1.5, 1.2, 3.0])
    add_heading(document, "三、未按期报送进展的单位")
    add_table(document, MISSING_HEADER, missing_rows(report), [1.2, 8, 3])
    add_heading(document, "四、量化指标进展")
    add_table(document, INDICATOR_HEADER, indicator_rows(report), [1.0, 6.0, 3.5, 2, 2, 2])
    add_body(document, "")
    add_body(
        document,
        f"{report.as_of.year}年{report.as_of.month}月{report.as_of.day}日",
        indent=False,
        align_right=True,
    )
    return to_bytes(document)


def write_sheet(sheet, title: str, header: list[str], rows: list[list], widths: list[int]):
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"


def dispatch_xlsx(report: DispatchReport) -> bytes:
    """The same four tables as sheets: 总体情况, 逾期和临期任务, 未报送单位, 指标进展."""
    workbook = Workbook()
    write_sheet(
        workbook.active,
        report.title,
        COUNT_HEADER,
        [list(row) for row in report.count_rows()],
        [20, 10],
    )
    workbook.active.title = "总体情况"
    write_sheet(
        workbook.create_sheet("逾期和临期任务"),
        report.title,
        RISK_HEADER,
        risk_rows(report),
        [6, 22, 60, 12, 10, 8, 30],
    )
    write_sheet(
        workbook.create_sheet("未报送单位"),
        report.title,
        MISSING_HEADER,
        missing_rows(report),
        [6, 30, 14],
    )
    write_sheet(
        workbook.create_sheet("指标进展"),
        report.title,
        INDICATOR_SHEET_HEADER,
        indicator_sheet_rows(report),
        [6, 50, 30, 8, 10, 8, 10, 10],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
