"""Excel .xlsx intake: merged ranges, values as shown, empty rows and columns dropped."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from duban.intake import IntakeError
from duban.intake.layout import row_to_line
from duban.intake.readers import read_path


def workbook_file(tmp_path, build) -> str:
    workbook = openpyxl.Workbook()
    build(workbook)
    path = tmp_path / "book.xlsx"
    workbook.save(str(path))
    return str(path)


def task_sheet(workbook):
    sheet = workbook.active
    sheet.title = "分解表"
    sheet["B2"] = "重点任务分解表"
    sheet.merge_cells("B2:E2")
    for row in (
        ["任务分类", "序号", "具体任务", "牵头单位"],
        ["加强领导", 1, "成立领导小组。", "市政府办"],
        [None, 2, "建立协会。", "市卫健委"],
        ["二、组织实施", None, None, None],
        ["项目实施", 3.0, "分期实施。", "市发改委"],
    ):
        sheet.append([None, *row])
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("B6:E6")
    sheet["F9"] = None


EXPECTED = [
    ["任务分类", "序号", "具体任务", "牵头单位"],
    ["加强领导", "1", "成立领导小组。", "市政府办"],
    ["加强领导", "2", "建立协会。", "市卫健委"],
    ["二、组织实施", "", "", ""],
    ["项目实施", "3", "分期实施。", "市发改委"],
]


def test_it_resolves_merged_ranges_and_drops_empty_edges(tmp_path):
    doc = read_path(workbook_file(tmp_path, task_sheet))
    assert doc.source.format == "xlsx"
    assert doc.tables[0].rows == EXPECTED
    assert doc.lines[:2] == ["分解表", "重点任务分解表"]
    assert doc.lines[2:] == [row_to_line(row) for row in EXPECTED]
    assert doc.tables[0].lines == [3, 4, 5, 6, 7]


VALUES = [
    (0.75, "0%", "75%", "percent format"),
    (12.0, "General", "12", "whole float"),
    (0.1 + 0.2, "General", "0.3", "float noise"),
    (dt.datetime(2022, 8, 31), "yyyy-mm-dd", "2022-08-31", "date"),
    (True, "General", "是", "boolean"),
    ("  市卫健委\n  市财政局 ", "General", "市卫健委\n市财政局", "text with breaks"),
]


@pytest.mark.parametrize(
    ("value", "number_format", "shown", "note"), VALUES, ids=[v[3] for v in VALUES]
)
def test_it_shows_values_as_the_sheet_does(tmp_path, value, number_format, shown, note):
    def build(workbook):
        sheet = workbook.active
        sheet.append(["名称", "值"])
        sheet.append(["x", value])
        sheet["B2"].number_format = number_format

    doc = read_path(workbook_file(tmp_path, build))
    assert doc.tables[0].rows[1] == ["x", shown]


def test_it_reads_every_visible_sheet_with_content_as_its_own_table(tmp_path):
    def build(workbook):
        workbook.active.title = "空表"
        hidden = workbook.create_sheet("下拉选项")
        hidden.append(["市卫健委", "市财政局"])
        hidden.sheet_state = "hidden"
        for name in ("表一", "表二"):
            sheet = workbook.create_sheet(name)
            sheet.append(["序号", "任务"])
            sheet.append([1, name])

    doc = read_path(workbook_file(tmp_path, build))
    assert doc.lines == ["表一", "序号\t任务", "1\t表一", "表二", "序号\t任务", "1\t表二"]
    assert [t.lines for t in doc.tables] == [[2, 3], [5, 6]]


def test_it_refuses_a_truncated_workbook(tmp_path):
    path = workbook_file(tmp_path, task_sheet)
    data = open(path, "rb").read()
    with open(path, "wb") as fh:
        fh.write(data[: len(data) // 2])
    with pytest.raises(IntakeError, match="xlsx"):
        read_path(path)


def test_it_refuses_a_sheet_over_the_cell_limit(tmp_path, monkeypatch):
    from duban.intake import limits

    monkeypatch.setattr(limits, "MAX_SHEET_CELLS", 4)
    with pytest.raises(IntakeError, match="工作表“.*”过大"):
        read_path(workbook_file(tmp_path, task_sheet))
