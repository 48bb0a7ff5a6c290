"""A small task-allocation document built in the test: a title and a real Word task table."""

from __future__ import annotations

import io

from docx import Document

HEADER = ("序号", "重点任务", "牵头部门", "责任部门", "完成时限")
ROWS = (
    ("1", "全面推进DRG付费改革，DRG付费占医疗机构病种数达到75%", "市医保局", "市卫生健康委", "2022年8月底前"),
    ("2", "推进紧密型县域医共体建设，新建成34个县域医共体", "市卫生健康委", "市财政局、市人社局", "2022年12月底前"),
    ("3", "完善基层医疗卫生机构绩效考核办法", "市卫生健康委", "市督办测试中心", "持续推进"),
)


def task_table_docx(title: str = "2022年全市深化医药卫生体制改革重点任务分工表",
                    rows=ROWS, header=HEADER) -> bytes:
    """A .docx with a title paragraph and one table: the header row, then one row per task."""
    document = Document()
    document.add_paragraph(title)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for cells, values in zip(table.rows, (header, *rows), strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
