"""A copy that stops inside the last table row (a web page stored or pasted in part).

A page copied in part ends in the middle of a row: its last line closes no cell (no closing
`|`) and, where cells carry no marks, ends no sentence. The row it stops in is

- no task when the copy stops inside the row's task text (that text is the last cell the row
  reached): what the row asks is not known;
- a task with the doubt `row_may_continue` when its text is whole and only later cells were
  reached (its units or its deadline may be missing or cut).

A cell holding the next items of a table numbered in its task cells (`4.…。5.…`) is one row per
item (`split_item_cells`), so that a copy stopping in the last item loses only that item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from duban.extract.numbering import split_item_number
from duban.extract.rows import RawRow
from duban.extract.text import compact

ROW_MAY_CONTINUE = "row_may_continue"
PIPES = "|｜"
CLOSED_END = "|｜。！？；;!?”’）)】」"
SENTENCE_END = ("。", "！", "？", "；", ";", "!", "?")
UNIT_FIELDS = ("lead", "participating")
NAME_SEPARATORS = "、，,；;"
MARKED_TAIL = 5  # lines from the end looked at for cell marks


@dataclass(frozen=True)
class OpenEnd:
    """Where a copy stops inside a row: the (normalized) line, and whether its cells are
    closed by marks (`|`), so that an unclosed last cell is cut whatever its last character."""

    line: int
    marked: bool


def open_end(lines: list[str], origin: list[tuple[int, int]]) -> OpenEnd | None:
    """The end of ``lines`` (the input text, page furniture blanked) when it stops open, as the
    normalized line (``origin``: the input span of each normalized line) it stops in. Where
    cells are closed by `|` only a closing `|` ends a row; elsewhere a row may also end with a
    full stop, a deadline or a unit name."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return None
    last = lines[filled[-1]].rstrip()
    marked = any(ch in lines[i] for i in filled[-MARKED_TAIL:] for ch in PIPES)
    if last[-1] in CLOSED_END or (not marked and ends_a_cell(last)):
        return None
    number = filled[-1] + 1
    line = next((k for k in range(len(origin), 0, -1) if origin[k - 1][0] <= number <= origin[k - 1][1]), None)
    return OpenEnd(line, marked) if line is not None else None


def ends_a_cell(text: str) -> bool:
    """Does the text end with a whole deadline (`持续推进`, `2025年底前`) or unit names (after
    its last space or full stop, or glued to the text before them)?"""
    from duban.extract.cells import peel_deadline, peel_units
    from duban.extract.units import is_unit_name

    tail = re.split(r"[\s。；;]", text)[-1]
    return bool(is_unit_name(tail) or peel_deadline(text)[0] or peel_units(text)[0])


def settle_cut_row(rows: list[RawRow], end: OpenEnd | None) -> list[RawRow]:
    """Rows with the one the copy stops in dropped when it was cut inside its task text; the
    rows the copy stops in that are kept carry ``row_may_continue``."""
    if end is None or not rows or rows[-1].last < end.line:
        return rows
    if cut_inside_text(rows[-1], end):
        rows = rows[:-1]
    elif rows[-1].ends_in in UNIT_FIELDS:
        field = rows[-1].ends_in
        rows[-1].fields[field] = without_cut_name(rows[-1].fields.get(field) or "")
    for row in rows:
        if row.last >= end.line and not row.heading and ROW_MAY_CONTINUE not in row.doubts:
            row.doubts.append(ROW_MAY_CONTINUE)
    return rows


def cut_inside_text(row: RawRow, end: OpenEnd) -> bool:
    """Did the copy stop inside the row's task text (its last filled cell)?"""
    if row.heading or row.ends_in in ("seq", "category"):
        return True
    if row.ends_in != "content":
        return False
    return end.marked or not compact(row.fields.get("content")).endswith(SENTENCE_END)


def without_cut_name(units: str) -> str:
    """A unit list the copy stops in without its last name when that name was cut (`…、各县（市`)."""
    from duban.extract.units import is_unit_name

    depth, cut = 0, -1
    for at, ch in enumerate(units):
        depth += (ch in "（(") - (ch in "）)")
        if depth <= 0 and (ch in NAME_SEPARATORS or ch.isspace()):
            cut = at
    tail = units[cut + 1 :].strip()
    return units if not tail or is_unit_name(tail) else units[: max(cut, 0)].rstrip(NAME_SEPARATORS)


ITEM_START = r"(?<=[。；;])\s*{number}\s*[.．、](?!\d)"


def split_item_cells(rows: list[RawRow]) -> list[RawRow]:
    """A task cell holding the next items of a table whose task cells open with their numbers
    (`3.…` above, `4.…。5.…` here) gives one row per item, each with the row's other cells."""
    out: list[RawRow] = []
    previous: int | None = None
    for row in rows:
        if row.heading:
            out.append(row)
            continue
        content = (row.fields.get("content") or "").strip()
        seq = split_item_number(content)[0] if content[:1].isdigit() else None
        number = int(seq) if seq else None
        continuing = number is not None and previous is not None and number == previous + 1
        pieces = item_pieces(content, number) if continuing else [content]
        if len(pieces) > 1:
            out += [replace(row, fields={**row.fields, "content": piece}, doubts=list(row.doubts)) for piece in pieces]
        else:
            out.append(row)
        previous = number + len(pieces) - 1 if number is not None else None
    return out


def item_pieces(content: str, first: int) -> list[str]:
    """``content`` cut where items ``first + 1``, ``first + 2`` … start after a sentence end."""
    cuts, number = [], first + 1
    while (found := re.search(ITEM_START.format(number=number), content[cuts[-1] if cuts else 0 :])) is not None:
        cuts.append((cuts[-1] if cuts else 0) + found.start())
        number += 1
    bounds = [0, *cuts, len(content)]
    return [content[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if content[a:b].strip()]
