"""Paragraph-cell tables: every cell its own paragraph, with no delimiter between cells.

Such text (a converted annex table) has no reliable cell count per row, so rows are found
by their anchors — the item numbers, either in a 序号 paragraph of their own or at the head
of the content (`12.全面推进…`) — and the paragraphs after an anchor are given to the
columns that follow it in the header, by what they look like: unit names to unit columns,
dates to the deadline column. A fragment that cannot be a whole name (`各级卫生`) is joined
to the next one (`健康部门`). What is left before the next anchor is that row's group
heading (the category, repeated at the top of each printed page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.extract.headers import ColumnMap
from duban.extract.layout import Cell, find_header_run
from duban.extract.numbering import is_arabic_number, is_heading_numeral, split_item_number
from duban.extract.rows import SENTENCE_END, UNITS_GUESSED, RawRow
from duban.extract.text import compact
from duban.extract.unit_names import is_empty_cell
from duban.extract.units import is_unit_name, looks_incomplete

PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页.*|共\s*\d+\s*页.*)$")
DEADLINE_HINT = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|底前|持续|长期|常态|每年|每季|每月|季度")
EMPTY_CELL_MAX = 8  # a `/` or `无` cell, give or take markup; longer paragraphs are never empty
CLAUSE_MARKS = re.compile(r"[，,。；;：:！？!?]")


@dataclass
class Segment:
    anchor: Cell
    seq: str | None
    body: list[Cell]


def paragraph_cells(lines: list[str]) -> list[Cell]:
    cells = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and not PAGE_NUMBER.match(text):
            cells.append(Cell(text, number, number))
    return cells


def stream_rows(lines: list[str]) -> tuple[list[RawRow], ColumnMap | None]:
    """Rows of a paragraph-cell table, or ([], None) when the text has no such table."""
    cells = paragraph_cells(lines)
    start, end, cmap = find_header_run(cells)
    if cmap is None:
        return [], None
    cmap.line = cells[start].first
    body = drop_page_headers(cells[end:], cmap)
    seq_mode = uses_seq_column(body, cmap)
    segments, lead_in = cut_at_anchors(body, seq_mode)
    rows: list[RawRow] = []
    pending = category_text(lead_in)
    for segment in segments:
        row, leftover = fill_columns(segment, cmap, seq_mode)
        if pending:
            row.fields["category"] = pending
        rows.append(row)
        pending = category_text(leftover)
    return rows, cmap


def drop_page_headers(cells: list[Cell], cmap: ColumnMap) -> list[Cell]:
    """Remove header runs repeated on later pages (header cells may be broken in pieces)."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        run = header_run_length(cells, i, cmap)
        if run:
            i += run
            continue
        out.append(cells[i])
        i += 1
    return out


def header_run_length(cells: list[Cell], start: int, cmap: ColumnMap) -> int:
    """How many cells from ``start`` spell the header labels in order (0 when they do not)."""
    whole = "".join(cmap.labels)
    spelled, end = "", start
    while end < len(cells) and whole.startswith(spelled + compact(cells[end].text)):
        spelled += compact(cells[end].text)
        end += 1
    return end - start if len(spelled) >= 0.8 * len(whole) and end - start >= 2 else 0


def uses_seq_column(body: list[Cell], cmap: ColumnMap) -> bool:
    bare = [c for c in body if is_arabic_number(compact(c.text))]
    return cmap.get("seq") is not None and len(bare) >= 2


def cut_at_anchors(body: list[Cell], seq_mode: bool) -> tuple[list[Segment], list[Cell]]:
    """Split the body at item numbers; returns the segments and what precedes the first."""
    segments: list[Segment] = []
    lead_in: list[Cell] = []
    expected: int | None = None
    for cell in body:
        seq = anchor_seq(cell.text, seq_mode, expected)
        if seq is not None:
            segments.append(Segment(cell, seq, []))
            expected = int(seq) + 1
        elif segments:
            segments[-1].body.append(cell)
        else:
            lead_in.append(cell)
    return segments, lead_in


def anchor_seq(text: str, seq_mode: bool, expected: int | None) -> str | None:
    if seq_mode:
        value = compact(text).rstrip(".、．")
        seq = str(int(value)) if is_arabic_number(value) else None
    else:
        seq, _ = split_item_number(text, expected=expected)
    if seq is None:
        return None
    if expected is None or int(seq) in (expected, expected + 1, 1):
        return seq
    return None


def fill_columns(segment: Segment, cmap: ColumnMap, seq_mode: bool) -> tuple[RawRow, list[Cell]]:
    """Give the paragraphs after an anchor to the columns after it; return the leftovers."""
    row = RawRow(first=segment.anchor.first, last=segment.anchor.last)
    if cmap.lead_guessed:
        row.doubts.append(UNITS_GUESSED)
    rest = list(segment.body)
    if seq_mode:
        row.fields["seq"] = segment.seq or ""
        category_cells, rest = take_category(rest, cmap)
        if category_cells:
            row.fields["category"] = category_cells[0].text
        content_cells, rest = take_content(rest[:1], rest[1:]) if rest else ([], [])
    else:
        content_cells, rest = take_content([segment.anchor], rest)
    row.fields["content"] = "\n".join(c.text for c in content_cells)
    groups = join_fragments(rest)
    taken: list[Cell] = []
    names = columns_after_content(cmap)
    for position, name in enumerate(names):
        if groups and len(groups[0].text) <= EMPTY_CELL_MAX and is_empty_cell(groups[0].text):
            taken.append(groups.pop(0))  # `/` holds this column's place
            row.fields.setdefault(name, "")
            continue
        while groups and fits(name, groups[0].text):
            taken.append(groups.pop(0))
            row.fields[name] = (row.fields.get(name, "") + "\n" + taken[-1].text).strip()
            if not absorbs_more(name, names[position + 1 :]):
                break
        row.fields.setdefault(name, "")
    row.last = max(c.last for c in [segment.anchor, *content_cells, *taken])
    return row, groups


def take_category(rest: list[Cell], cmap: ColumnMap) -> tuple[list[Cell], list[Cell]]:
    """A group heading printed between the 序号 and the content column (`1` `提升基层服务能力`
    `开展…。`): a short phrase with no clause marks, followed by the content's text."""
    seq_at, category_at, content_at = (cmap.get(n) for n in ("seq", "category", "content"))
    if None in (seq_at, category_at, content_at) or not seq_at < category_at < content_at:
        return [], rest
    if len(rest) >= 2 and is_heading_phrase(rest[0].text) and is_plain_text(rest[1].text):
        return rest[:1], rest[1:]
    return [], rest


def is_heading_phrase(text: str) -> bool:
    value = compact(text)
    return 0 < len(value) <= 30 and not CLAUSE_MARKS.search(value) and is_plain_text(value)


def take_content(content: list[Cell], rest: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """Content broken over paragraphs continues until a sentence ends or a unit/date appears."""
    while rest and not content[-1].text.rstrip().endswith(SENTENCE_END) and is_plain_text(rest[0].text):
        content = [*content, rest[0]]
        rest = rest[1:]
    return content, rest


def is_plain_text(text: str) -> bool:
    return not is_unit_name(text) and not looks_incomplete(text) and not DEADLINE_HINT.search(text)


def join_fragments(cells: list[Cell]) -> list[Cell]:
    """Join a fragment that cannot end a name (`各级卫生`, `各级人社、`) to the next one."""
    groups: list[Cell] = []
    for cell in cells:
        if groups and looks_incomplete(groups[-1].text) and not is_heading_numeral(compact(cell.text)):
            last = groups[-1]
            groups[-1] = Cell(last.text + "\n" + cell.text, last.first, cell.last)
        else:
            groups.append(Cell(cell.text, cell.first, cell.last))
    return groups


def absorbs_more(name: str, later: list[str]) -> bool:
    """The last unit column takes every further name: a cell broken over paragraphs."""
    return name in ("lead", "participating") and not any(n in ("lead", "participating") for n in later)


def columns_after_content(cmap: ColumnMap) -> list[str]:
    content_at = cmap.get("content") or 0
    ordered = sorted(cmap.columns.items(), key=lambda item: item[1])
    return [name for name, index in ordered if index > content_at and name in ("lead", "participating", "deadline")]


def fits(name: str, text: str) -> bool:
    if name in ("lead", "participating"):
        return is_unit_name(compact(text))
    return bool(DEADLINE_HINT.search(text)) and len(compact(text)) <= 30


def category_text(cells: list[Cell]) -> str:
    """Leftover paragraphs before an item: its group heading, numerals dropped."""
    words = [compact(c.text) for c in cells if not is_heading_numeral(compact(c.text))]
    return "".join(w for w in words if w)
