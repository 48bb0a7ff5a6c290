"""Limits that bound the work of reading, not only the size: cells, valued cells and rows of a
workbook (whatever its declared dimension), PDF pages, characters, and the per-document time
budget — each ending in an IntakeError with a Chinese reason."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from duban.intake import IntakeError, limits
from duban.intake.budget import check_time, time_budget
from duban.intake.readers import read_path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
    'sheet1.xml"/></Relationships>',
}
HEADER = ('<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr">'
          '<is><t>重点任务</t></is></c><c r="C1" t="inlineStr"><is><t>牵头单位</t></is></c></row>')


def task_row(n: int) -> str:
    return (f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c><c r="B{n}" t="inlineStr"><is><t>'
            f'推进第{n - 1}项改革</t></is></c><c r="C{n}" t="inlineStr"><is><t>市卫健委</t></is>'
            "</c></row>")


def workbook(tmp_path, rows: str, dimension: str = "A1:C3", extra: str = "") -> str:
    """A one-sheet .xlsx whose sheet XML is written as given (as hostile files are)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml",
                         f'<?xml version="1.0"?><worksheet xmlns="{NS}"><dimension ref='
                         f'"{dimension}"/><sheetData>{rows}</sheetData>{extra}</worksheet>')
    path = tmp_path / "book.xlsx"
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_declared_dimension_of_the_whole_sheet_costs_nothing(tmp_path):
    path = workbook(tmp_path, HEADER + task_row(2) + task_row(3), dimension="A1:XFD1048576")
    started = time.perf_counter()
    doc = read_path(path)
    assert time.perf_counter() - started < 2
    assert doc.tables[0].rows == [["序号", "重点任务", "牵头单位"], ["1", "推进第1项改革", "市卫健委"],
                                  ["2", "推进第2项改革", "市卫健委"]]


def test_a_value_far_to_the_right_adds_no_columns(tmp_path):
    far = '<row r="4"><c r="XFD4" t="inlineStr"><is><t>远处的值</t></is></c></row>'
    doc = read_path(workbook(tmp_path, HEADER + task_row(2) + task_row(3) + far))
    assert max(len(row) for row in doc.tables[0].rows) == 3
    assert "远处的值" not in doc.text


def test_merged_ranges_still_spread_down(tmp_path):
    rows = HEADER + task_row(2) + task_row(3)
    rows = rows.replace('<c r="C3" t="inlineStr"><is><t>市卫健委</t></is></c>', "")
    doc = read_path(workbook(tmp_path, rows, extra='<mergeCells count="1"><mergeCell ref="C2:C3"/>'
                                                   "</mergeCells>"))
    assert [row[2] for row in doc.tables[0].rows[1:]] == ["市卫健委", "市卫健委"]


@pytest.mark.parametrize(("limit", "value", "rows", "expected"), [
    ("MAX_ROWS_READ", 10, 20, "上限为 10 行"),
    ("MAX_CELLS_READ", 30, 20, "有值 30 个"),
    ("MAX_CELL_ELEMENTS", 40, 20, "40 个单元格"),
])
def test_the_workbook_budgets_refuse_in_chinese(tmp_path, monkeypatch, limit, value, rows,
                                                expected):
    monkeypatch.setattr(limits, limit, value)
    path = workbook(tmp_path, HEADER + "".join(task_row(n) for n in range(2, rows + 2)))
    with pytest.raises(IntakeError, match="内容过多") as caught:
        read_path(path)
    assert expected in caught.value.reason and "表" in caught.value.reason


def test_empty_styled_cells_cost_only_the_element_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS_READ", 10)
    empty = "".join(f'<row r="{n}">' + '<c s="0"/>' * 50 + "</row>" for n in range(4, 40))
    doc = read_path(workbook(tmp_path, HEADER + task_row(2) + task_row(3) + empty))
    assert len(doc.tables[0].rows) == 3


def pdf(path, pages: int) -> str:
    page = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        page.drawString(72, 760, f"page {number + 1}")
        page.showPage()
    page.save()
    return str(path)


def test_a_pdf_over_the_page_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)
    with pytest.raises(IntakeError, match="PDF 页数过多：3 页（上限 2 页）"):
        read_path(pdf(tmp_path / "long.pdf", 3))


def test_the_time_budget_stops_a_long_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "DOCUMENT_SECONDS", 0.0)
    with pytest.raises(IntakeError, match="文件解析超过时限"):
        read_path(pdf(tmp_path / "slow.pdf", 2))


def test_the_timer_interrupts_code_that_never_checks():
    started = time.process_time()
    with pytest.raises(IntakeError, match="超过时限（0.2 秒计算时间）"), time_budget("x.pdf", 0.2):
        while True:
            sum(range(1000))
    assert time.process_time() - started < 3  # CPU time: the budget's own clock


def test_an_inner_budget_keeps_the_outer_deadline():
    with time_budget("a", 60), time_budget("a", 0.0):
        check_time("a")  # the outer minute holds


def test_a_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100)
    path = tmp_path / "long.txt"
    path.write_text("序号\t重点任务\n" + "1\t推进改革\n" * 50, encoding="utf-8")
    with pytest.raises(IntakeError, match="文件文字过多"):
        read_path(str(path))
