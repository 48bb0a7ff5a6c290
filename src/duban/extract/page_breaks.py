"""Table rows cut in two by a page break (a PDF table that carries on over the next page).

Word and LibreOffice let a long row break across pages: the page ends in the middle of the
row's cells and the next page (after the header repeated, or not) starts with the rest of
them — more text of the content, the tail of a unit list (`县国` | `税局、县卫计局`), the `年` of
`2017-2020年`. That first row of the page is the rest of the row when:

- the table numbers its rows (a 序号 column, or `12、` before the content) and it has no
  number of its own;
- or, with no number to go by, the row above named a lead unit or a deadline, and this row's
  cells of those columns are empty or only the rest of a cut one;

and in both cases it is no heading and starts no group (category) where the row above had
none (a group cell cut by the page carries on like any other). The two parts are
joined into one row. A row that ended a page looking cut (a unit list ending in `、` or in a
piece of a name, a deadline ending in `-`, text ending in `，`) that nothing on the next page
finishes keeps the doubt `row_may_continue`.
"""

from __future__ import annotations

import re

from duban.extract.deadlines import text_to_deadline
from duban.extract.headers import ColumnMap
from duban.extract.numbering import split_item_number
from duban.extract.rows import RawRow, merge_rows
from duban.extract.text import compact, squash
from duban.extract.units import looks_incomplete, split_units

UNIT_FIELDS = ("lead", "participating")
PIECE_FIELDS = ("lead", "participating", "deadline", "target", "leaders", "progress")
ROW_KEYS = ("lead", "deadline")  # a new row names its own lead and deadline; the rest of one does not
OPEN_END = re.compile(r"[、，,；;：:\-—–－~～至到和及与（(]$")


def join_across_page(before: list[RawRow], found: list[RawRow], cmap: ColumnMap | None) -> list[RawRow]:
    """Rows of a table part that opens a new page: its first row joined to the last row of the
    part before when it is the rest of that row; ``row_may_continue`` on a cut row left alone."""
    if not before or not found or cmap is None:
        return found
    cut, rest = before[-1], found[0]
    if finishes(rest, cut, cmap):
        carry_group(cut, rest, found[1:])
        merge_rows(cut, rest)
        return found[1:]
    if looks_cut(cut):
        cut.doubts.append("row_may_continue")
    return found


def carry_group(cut: RawRow, rest: RawRow, following: list[RawRow]) -> None:
    """A group cell cut by the page spans the rows after the rest too (their cells repeat its
    second part, `建设`): they take the whole group name (`加强公共卫生体系建设`)."""
    part = rest.fields.get("category")
    if not compact(part):
        return
    whole = (cut.fields.get("category", "") + "\n" + part).strip()
    for row in following:
        if row.fields.get("category") != part:
            break
        row.fields["category"] = whole


def finishes(row: RawRow, cut: RawRow, cmap: ColumnMap) -> bool:
    """Is ``row`` (first on its page) the rest of ``cut`` (last on the page before)?"""
    if is_heading(row) or cut.heading or is_numbered(row):
        return False
    if not all(rest_of_cell(cut, row, name) for name in ROW_KEYS):
        return False
    group = compact(row.fields.get("category"))
    if group and not compact(cut.fields.get("category")):
        return False  # a group of its own starts here
    if is_numbered(cut):
        return True
    keys = [name for name in ROW_KEYS if compact(cut.fields.get(name))]
    # with no number to go by, the rest of a row lacks the lead or deadline the row above has;
    # a group cell of its own is the rest of a cut one only where that is plain
    return bool(keys) and (not group or any(not compact(row.fields.get(name)) for name in keys))


def is_heading(row: RawRow) -> bool:
    """A group heading; not the rest of a cut row that fills one cell only (a month's text, the
    tail of a unit list), which the row tests would take for one."""
    if not row.heading or row.months:
        return False
    return not any(compact(row.fields.get(name)) for name in PIECE_FIELDS)


def is_numbered(row: RawRow) -> bool:
    """A number in the 序号 column or before the content (`12、`)."""
    if compact(row.fields.get("seq")):
        return True
    return split_item_number(squash(row.fields.get("content")))[0] is not None


def rest_of_cell(cut: RawRow, row: RawRow, name: str) -> bool:
    """``row``'s cell of this column is empty or only carries on the cut one."""
    after = compact(row.fields.get(name))
    if not after:
        return True
    before = compact(cut.fields.get(name))
    if not before:
        return False
    if OPEN_END.search(before):
        return True
    if name in UNIT_FIELDS:
        return unit_cut(before, after)
    if name == "deadline":
        return text_to_deadline(after, None).kind == "none"
    return False


def unit_cut(before: str, after: str) -> bool:
    """The names of the two pieces read together differ from each piece's own (`县医改` + `办`)."""
    return split_units(before + "\n" + after) != split_units(before) + split_units(after)


def looks_cut(row: RawRow) -> bool:
    """A row whose cells end where no cell ends: an open mark, a piece of a unit name."""
    for name, text in row.fields.items():
        value = compact(text)
        if not value:
            continue
        if OPEN_END.search(value) or (name in UNIT_FIELDS and looks_incomplete(value)):
            return True
    return False
