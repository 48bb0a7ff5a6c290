"""Excel .xlsx intake: every worksheet with content becomes its name as a line and a table.

Rules: hidden sheets (lookup lists behind drop-downs) are skipped; values as computed (``data_only``); whole numbers without ``.0``, percent-formatted
numbers as ``75%``, dates as ISO; a merged range keeps its text in its first column, repeated
on every row it covers; rows and columns with no text are dropped; single-cell rows before
the first real row (a title, ``附件1``) are printed as plain lines above the table.
"""

from __future__ import annotations

import datetime as dt
import io

from duban.intake import limits
from duban.intake.layout import Block, assemble, clean_cell, make_source
from duban.intake.model import IntakeError, NeutralDocument
from duban.intake.readers.archive import check_zip


def read_xlsx(path: str, data: bytes) -> NeutralDocument:
    """An .xlsx workbook, sheet by sheet."""
    check_zip(path, data, "xlsx")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:
        raise IntakeError(path, f"corrupt .xlsx file: {type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            blocks.extend(sheet_blocks(path, sheet))
    return assemble(make_source(path, "xlsx", data), blocks)


def sheet_blocks(path: str, sheet) -> list[Block]:
    """The sheet's name, its leading title lines and its table; nothing for an empty sheet."""
    rows = drop_empty(sheet_grid(path, sheet))
    if not rows:
        return []
    titles = leading_titles(rows)
    return [sheet.title, *titles, rows[len(titles) :]]


def sheet_grid(path: str, sheet) -> list[list[str]]:
    """Cell texts of the range that holds values, merged ranges resolved."""
    # Only cells that exist are visited: iterating the used range would create a cell for
    # every styled-but-empty position, up to a million rows.
    valued = {key: cell for key, cell in sheet._cells.items() if cell.value is not None}
    if not valued:
        return []
    height = max(row for row, _ in valued)
    width = max(col for _, col in valued)
    if height * width > limits.MAX_SHEET_CELLS:
        raise IntakeError(path, f"worksheet {sheet.title!r} too large ({height} × {width} cells)")
    grid = [[""] * width for _ in range(height)]
    for (row, col), cell in valued.items():
        grid[row - 1][col - 1] = cell_text(cell)
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= height or left >= width:
            continue
        for r in range(top + 1, min(merged.max_row, height)):
            grid[r][left] = grid[top][left]
    return grid


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
