"""The assessment (考核) ranking as an .xlsx: one ranking sheet and one breakdown sheet whose
rows add up to each unit's score."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from duban.supervision.services.assessment import UnitScore


def assessment_xlsx(scores: list[UnitScore], title: str) -> bytes:
    workbook = Workbook()
    ranking = workbook.active
    ranking.title = "排名"
    labels = [p.label for p in scores[0].parts] if scores else []
    ranking.append([title])
    ranking["A1"].font = Font(bold=True, size=14)
    ranking.append(["名次", "单位", *labels, "总分"])
    for score in scores:
        ranking.append([score.rank, score.unit.full_name, *[float(p.points) for p in score.parts],
                        float(score.score)])
    for cell in ranking[2]:
        cell.font = Font(bold=True)
    ranking.column_dimensions["B"].width = 30
    ranking.freeze_panes = "A3"
    detail = workbook.create_sheet("得分明细")
    detail.append(["单位", "考核项", "分值", "得分", "计算说明"])
    for score in scores:
        for part in score.parts:
            detail.append([score.unit.full_name, part.label, float(part.weight),
                           float(part.points), part.explanation])
    for column, width in zip("ABCDE", [30, 12, 8, 8, 70], strict=True):
        detail.column_dimensions[column].width = width
    for row in detail.iter_rows(min_row=2):
        row[4].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
