"""The assessment (考核) ranking as an .xlsx: one ranking sheet and one breakdown sheet whose
rows add up to each unit's score."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from duban.lib.cells import append_row
from duban.supervision.services.assessment import UnitScore


def write_ranking(sheet, scores: list[UnitScore], title: str) -> None:
    labels = [p.label for p in scores[0].parts] if scores else []
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet, ["名次", "单位", *labels, "总分"])
    for score in scores:
        points = [float(p.points) for p in score.parts]
        rank = score.rank if score.ranked else "不参评"
        append_row(sheet, [rank, score.unit.full_name, *points, float(score.score)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 30
    sheet.freeze_panes = "A3"


def write_breakdown(sheet, scores: list[UnitScore]) -> None:
    append_row(sheet, ["单位", "考核项", "分值", "得分", "计算说明"])
    for score in scores:
        for part in score.parts:
            row = [score.unit.full_name, part.label, float(part.weight), float(part.points)]
            append_row(sheet, [*row, part.explanation])
    for column, width in zip("ABCDE", [30, 12, 8, 8, 70], strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True)


def assessment_xlsx(scores: list[UnitScore], title: str) -> bytes:
    """The ranking sheet (排名) and the breakdown sheet (得分明细)."""
    workbook = Workbook()
    workbook.active.title = "排名"
    write_ranking(workbook.active, scores, title)
    write_breakdown(workbook.create_sheet("得分明细"), scores)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
