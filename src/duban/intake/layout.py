"""Assemble reader output (paragraph text and tables of cells, in document order) into the
neutral form: numbered lines in which every table row is one tab-separated line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from duban.intake.model import NeutralDocument, Source, Table


@dataclass
class TablePart:
    """Rows of a table that may carry on the table before it (a PDF table broken by a page)."""

    rows: list[list[str]]
    continues: bool = False


Block = str | list[list[str]] | TablePart
"""A paragraph (may hold line breaks), a table as rows of cell texts, or a part of a table."""

_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\x0b|\x0c|\u2028|\u2029|\x85")
_CELL_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def make_source(path: str, fmt: str, data: bytes) -> Source:
    """Describe where a document came from: path, detected format and content hash."""
    return Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest())


def clean_cell(text: str) -> str:
    """Normalise a cell's text: unified line breaks, no blank edges on its lines."""
    lines = [line.strip() for line in _LINE_BREAKS.sub("\n", text).split("\n")]
    return "\n".join(line for line in lines if line)


def row_to_line(row: list[str]) -> str:
    """Print a table row as one line: cells joined by tabs, breaks and tabs inside a cell as spaces."""
    return "\t".join(_CELL_BREAK.sub(" ", cell).replace("\t", " ") for cell in row)


def normalise_rows(rows: list[list[str]]) -> list[list[str]]:
    """Clean every cell, drop rows with no text and pad rows to one width."""
    cleaned = [[clean_cell(cell or "") for cell in row] for row in rows]
    kept = [row for row in cleaned if any(row)]
    width = max((len(row) for row in kept), default=0)
    return [row + [""] * (width - len(row)) for row in kept]


def assemble(source: Source, blocks: Iterable[Block]) -> NeutralDocument:
    """Number paragraphs and table rows into one list of lines, remembering each row's line."""
    lines: list[str] = []
    tables: list[Table] = []
    for block in blocks:
        if isinstance(block, str):
            lines.extend(_LINE_BREAKS.sub("\n", block).split("\n"))
            continue
        part = block if isinstance(block, TablePart) else TablePart(block)
        rows = normalise_rows(part.rows)
        if not rows:
            continue
        table = Table(rows=rows, continues=part.continues)
        for row in rows:
            lines.append(row_to_line(row))
            table.lines.append(len(lines))
        tables.append(table)
    return NeutralDocument(source=source, lines=lines, tables=tables)
