"""Excel .xlsx intake: every worksheet with content becomes its name as a line and a table.

Rules: hidden sheets (lookup lists behind drop-downs) are skipped; values as computed (``data_only``); whole numbers without ``.0``, percent-formatted
numbers as ``75%``, dates as ISO; a merged range keeps its text in its first column, repeated
on every row it covers; rows and columns with no text are dropped; single-cell rows before
the first real row (a title, ``附件1``) are printed as plain lines above the table.

Cost: sheets are streamed, never loaded whole; the cells, valued cells and rows read from one
workbook are counted against ``limits`` (MAX_CELL_ELEMENTS, MAX_CELLS_READ, MAX_ROWS_READ) and
the document's time budget, so a file within the size limits but with millions of cells is
refused in seconds, with the reason, instead of occupying a worker for minutes.
"""

from __future__ import annotations

import datetime as dt
import io

from duban.intake import limits
from duban.intake.budget import check_time
from duban.intake.layout import Block, assemble, clean_cell, make_source
from duban.intake.model import IntakeError, NeutralDocument, technical_note
from duban.intake.readers.archive import check_zip


def read_xlsx(path: str, data: bytes) -> NeutralDocument:
    """An .xlsx workbook, sheet by sheet."""
    check_zip(path, data, "xlsx")
    import openpyxl

    try:
        # Read-only: worksheets are parsed row by row when asked for, never built whole in
        # memory, and never walked by their declared dimension.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise IntakeError(path, "文件已损坏，或不是有效的 Excel 工作簿（.xlsx）：请用 Excel 或 WPS 打开后"
                                "另存为 .xlsx，再上传" + technical_note(exc)) from exc
    blocks: list[Block] = []
    counter = ReadCounter(path)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                blocks.extend(sheet_blocks(path, sheet, counter))
    finally:
        workbook.close()
    return assemble(make_source(path, "xlsx", data), blocks)


class ReadCounter:
    """What one workbook has cost so far: cell elements seen, cells with a value parsed and
    rows, against MAX_CELL_ELEMENTS, MAX_CELLS_READ and MAX_ROWS_READ; the time budget too."""

    def __init__(self, path: str):
        self.path, self.elements, self.cells, self.rows = path, 0, 0, 0

    def row(self, sheet_title: str) -> None:
        self.rows += 1
        if self.rows > limits.MAX_ROWS_READ:
            raise self.too_much(sheet_title)
        if self.rows % 64 == 0:
            check_time(self.path)

    def element(self, sheet_title: str) -> None:
        self.elements += 1
        if self.elements > limits.MAX_CELL_ELEMENTS:
            raise self.too_much(sheet_title)
        if self.elements % 65_536 == 0:
            check_time(self.path)

    def cell(self, sheet_title: str) -> None:
        self.cells += 1
        if self.cells > limits.MAX_CELLS_READ:
            raise self.too_much(sheet_title)

    def too_much(self, sheet_title: str) -> IntakeError:
        return IntakeError(
            self.path,
            f"工作表“{sheet_title}”内容过多：已读 {self.rows:,} 行、{self.elements:,} 个单元格"
            f"（其中有值 {self.cells:,} 个）仍未读完；上限为 {limits.MAX_ROWS_READ:,} 行、"
            f"{limits.MAX_CELL_ELEMENTS:,} 个单元格、有值 {limits.MAX_CELLS_READ:,} 个。"
            "请删除与任务无关的行列或工作表后重试",
        )


def sheet_blocks(path: str, sheet, counter: ReadCounter | None = None) -> list[Block]:
    """The sheet's name, its leading title lines and its table; nothing for an empty sheet."""
    rows = drop_empty(sheet_grid(path, sheet, counter or ReadCounter(path)))
    if not rows:
        return []
    titles = leading_titles(rows)
    return [sheet.title, *titles, rows[len(titles) :]]


SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ROW_TAG, CELL_TAG, MERGE_TAG = SHEET_NS + "row", SHEET_NS + "c", SHEET_NS + "mergeCell"


def column_of(reference: str | None, previous: int) -> int:
    """The column number of a cell reference (``AB12`` -> 28); the next column without one."""
    if not reference:
        return previous + 1
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number or previous + 1


def sheet_cells(sheet, counter: ReadCounter):
    """(row, column, parsed cell) of every cell with a value in the first MAX_TABLE_COLUMNS
    columns, then (None, None, merged range references).

    The sheet's XML is streamed (the standard library's expat parser, which resolves no
    external entities) and each row is freed once read. A cell without a value, or past the
    column limit, costs a counter step; only cells with a value are converted, by openpyxl's
    own cell parser (shared strings, dates, booleans, inline text).
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    merges: list[str] = []
    title = sheet.title
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=workbook.data_only,
                                 epoch=workbook.epoch, date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if tag == CELL_TAG:
                if event == "start":
                    continue
                counter.element(title)
                column = column_of(element.get("r"), parser.col_counter)
                if len(element) and column <= limits.MAX_TABLE_COLUMNS:
                    cell = parser.parse_cell(element)
                    if cell["value"] is not None:
                        counter.cell(title)
                        yield cell["row"], cell["column"], cell
                parser.col_counter = column
            elif tag == ROW_TAG:
                if event == "start":
                    counter.row(title)
                    number = element.get("r")
                    parser.row_counter = int(number) if number and number.isdigit() else (
                        parser.row_counter + 1)
                    parser.col_counter = 0
                else:
                    element.clear()
            elif tag == MERGE_TAG and event == "end":
                merges.append(element.get("ref") or "")
    yield None, None, merges


def sheet_grid(path: str, sheet, counter: ReadCounter | None = None) -> list[list[str]]:
    """Cell texts of the rows and columns that hold values, merged ranges resolved.

    Only cells present in the file are visited, counted against the workbook's budget; the
    grid is as wide as the columns that hold a value, so a value in column XFD costs one
    column, not sixteen thousand (and columns past MAX_TABLE_COLUMNS are not read).
    """
    from openpyxl.cell.read_only import ReadOnlyCell

    counter = counter or ReadCounter(path)
    valued: dict[tuple[int, int], str] = {}
    merges: list[str] = []
    for row, column, cell in sheet_cells(sheet, counter):
        if row is None:
            merges = cell
            break
        value = cell["value"]
        text = (clean_cell(value) if isinstance(value, str)
                else cell_text(ReadOnlyCell(sheet, **cell)))
        if text:
            valued[(row, column)] = text
    if not valued:
        return []
    columns = sorted({col for _, col in valued})
    rows = sorted({row for row, _ in valued})
    if len(rows) * len(columns) > limits.MAX_SHEET_CELLS:
        raise IntakeError(path, f"工作表“{sheet.title}”过大：{len(rows):,} 行 × {len(columns):,} 列"
                                f"（上限 {limits.MAX_SHEET_CELLS:,} 个单元格），"
                                "请删除与任务无关的行列后重试")
    col_at = {col: i for i, col in enumerate(columns)}
    row_at = {row: i for i, row in enumerate(rows)}
    grid = [[""] * len(columns) for _ in rows]
    for (row, col), text in valued.items():
        grid[row_at[row]][col_at[col]] = text
    for bounds in merges:
        spread_merge(grid, row_at, col_at, bounds)
    return grid


def spread_merge(grid, row_at: dict[int, int], col_at: dict[int, int], bounds: str) -> None:
    """Repeat a vertically merged range's text on the kept rows it covers."""
    from openpyxl.worksheet.cell_range import CellRange

    try:
        merged = CellRange(bounds)
    except (ValueError, TypeError):
        return
    if merged.min_row not in row_at or merged.min_col not in col_at:
        return
    top, left = row_at[merged.min_row], col_at[merged.min_col]
    for row, index in row_at.items():
        if merged.min_row < row <= merged.max_row:
            grid[index][left] = grid[top][left]


def cell_text(cell) -> str:
    """A cell's value as the sheet shows it."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float):
        return number_text(value, "%" in (cell.number_format or ""))
    return clean_cell(str(value))


def number_text(value: float, percent: bool) -> str:
    """``12`` not ``12.0``; ``75%`` for a percent-formatted 0.75."""
    if percent:
        value = value * 100
    text = f"{value:.12g}"
    return text + "%" if percent else text


def drop_empty(grid: list[list[str]]) -> list[list[str]]:
    """Remove rows and columns without any text."""
    rows = [row for row in grid if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    keep = [c for c in range(width) if any(row[c] for row in rows)]
    return [[row[c] for c in keep] for row in rows]


def leading_titles(rows: list[list[str]]) -> list[str]:
    """Texts of the single-cell rows above the first row with two or more cells."""
    titles: list[str] = []
    for row in rows[:-1]:
        filled = [cell for cell in row if cell]
        if len(filled) != 1:
            break
        titles.append(filled[0])
    return titles
