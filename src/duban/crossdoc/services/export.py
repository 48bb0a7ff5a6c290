"""The diff of two documents as an .xlsx workbook: one row per task, old and new side by side.
Every cell is written as text (a cell starting with ``=`` stays text, never a formula)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from duban.crossdoc.services.diff import FIELD_LABELS, FIELDS, DocumentDiff

CHANGED_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")


def text_cell(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    return cell


def header() -> list[str]:
    columns = ["类型", "变更字段", "原序号", "新序号"]
    for name in FIELDS:
        columns += [f"原{FIELD_LABELS[name]}", f"新{FIELD_LABELS[name]}"]
    return columns


def diff_xlsx(diff: DocumentDiff, old_title: str, new_title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "逐项比对"
    text_cell(sheet, 1, 1, f"原文件：{old_title}    新文件：{new_title}").font = Font(bold=True)
    for column, name in enumerate(header(), start=1):
        cell = text_cell(sheet, 2, column, name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        sheet.column_dimensions[get_column_letter(column)].width = 10 if column <= 4 else 28
    for row, item in enumerate(diff.items, start=3):
        values = [item.kind_label, "、".join(item.changed_labels),
                  item.old.seq if item.old else "", item.new.seq if item.new else ""]
        for field in item.rows():
            values += [field["old"], field["new"]]
        for column, value in enumerate(values, start=1):
            cell = text_cell(sheet, row, column, value)
            if column > 4 and FIELDS[(column - 5) // 2] in item.changed:
                cell.fill = CHANGED_FILL
    sheet.freeze_panes = "E3"
    summary = book.create_sheet("汇总")
    counts = diff.counts
    lines = [("新增任务", counts["new"]), ("延续任务", counts["carried"]),
             ("其中有变更", counts["changed"]), ("删除任务", counts["dropped"])]
    lines += [(f"{FIELD_LABELS[k]}变更", v) for k, v in diff.field_counts().items()]
    for row, (label, value) in enumerate(lines, start=1):
        text_cell(summary, row, 1, label)
        summary.cell(row=row, column=2, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
