"""Cells of exported spreadsheets: user text always lands as text, numbers as numbers.

Every export (.xlsx through openpyxl, .csv through the csv module) writes its cells through
these helpers, so that a report or task text such as ``=HYPERLINK(...)`` or ``=cmd|...`` is
never turned into a live formula by Excel, LibreOffice or WPS (formula or CSV injection):

- openpyxl: a ``str`` value gets the string data type (``s``), written as an inline string;
  openpyxl would otherwise store a string starting with ``=`` as a formula (``<f>``).
- CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading single quote, as OWASP's CSV-injection guidance advises, so that a spreadsheet shows
  it as text. Numbers are written as they are (``-3`` stays a number).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from openpyxl.cell.cell import Cell

CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(cell: Cell, value: object) -> Cell:
    """Put ``value`` into ``cell``: a string as text (never a formula), anything else as is."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def put(sheet, row: int, column: int, value: object) -> Cell:
    """``sheet.cell(row, column, value)`` with the value written as ``text_cell`` does."""
    return text_cell(sheet.cell(row=row, column=column), value)


def row_cells(sheet, values: Iterable[object]) -> list[Cell]:
    """Cells for ``sheet.append``: one per value, strings as text."""
    return [text_cell(Cell(sheet), value) for value in values]


def append_row(sheet, values: Iterable[object]) -> None:
    """``sheet.append(values)`` with every string written as text."""
    sheet.append(row_cells(sheet, values))


def csv_value(value: object) -> object:
    """A CSV cell: None as empty, text that a spreadsheet would run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(CSV_TRIGGERS):
        return "'" + value
    return value


def write_csv_rows(out, rows: Iterable[Iterable[object]]) -> None:
    """Write ``rows`` to the text stream ``out`` as CSV, every cell through ``csv_value``."""
    writer = csv.writer(out)
    writer.writerows([csv_value(value) for value in row] for row in rows)
