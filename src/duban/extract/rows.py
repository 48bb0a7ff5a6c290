"""From a grid of cells to raw task rows: header found, columns mapped, page headers dropped.

A raw row keeps the text of each field as printed plus its line span; cleaning and
parsing happen later in `duban.extract.assemble`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from duban.extract.headers import (
    ColumnMap,
    candidates,
    is_repeat_of,
    map_header,
    month_of,
    unit_columns,
)
from duban.extract.layout import Cell, Grid, looks_like_deadline
from duban.extract.numbering import (
    is_arabic_number,
    is_heading_numeral,
    marker_kind,
    split_heading_marker,
)
from duban.extract.text import compact
from duban.extract.units import is_unit_name

UNITS_GUESSED = "units_guessed"
ROW_FIELDS = ("seq", "category", "content", "lead", "participating", "deadline", "target", "leaders", "progress")


@dataclass
class RawRow:
    """One table row (or prose item) before cleaning."""

    fields: dict[str, str] = field(default_factory=dict)
    months: dict[int, str] = field(default_factory=dict)
    first: int = 0
    last: int = 0
    heading: bool = False  # a row that only names a group: sets the category of what follows
    doubts: list[str] = field(default_factory=list)  # set where the row was found by guessing
    # lead / participating hold whole names, one a line, read from an item's words: they are not
    # split again (the subjects of two clauses are no list that shares a prefix)
    whole_names: bool = False
    ends_in: str = ""  # the field of the row's last filled cell (`other`: a column no field names)


def grid_to_rows(grid: Grid, cmap: ColumnMap | None = None) -> tuple[list[RawRow], ColumnMap | None]:
    """Rows of a grid; ``cmap`` carries a header over from a table continued on the next page."""
    rows: list[RawRow] = []
    kinds_seen: dict[int, set[str]] = {}
    for cells in grid.rows:
        texts = [c.text for c in cells]
        header = map_header(texts) if not is_interleaved(texts, cmap) else None
        if header is not None:
            if cmap is None or not is_repeat_of(texts, cmap):
                cmap = header
                cmap.line = cells[0].first
            continue
        if cmap is None or all(not compact(t) for t in texts):
            continue
        if add_subheader(texts, cmap):
            continue
        row = cells_to_row(cells, cmap, kinds_seen)
        if rows and continues_previous(row, rows[-1], cmap):
            merge_rows(rows[-1], row)
        else:
            rows.append(row)
    return rows, cmap


SENTENCE_END = ("。", "；", ";", "！", "？")


def continues_previous(row: RawRow, previous: RawRow, cmap: ColumnMap) -> bool:
    """A row broken over two printed rows: no number, lead, deadline or group of its own under a
    numbered row, and either no text or text that carries on a sentence left open above."""
    if cmap.get("seq") is None or previous.heading or row.heading:
        return False
    if not compact(previous.fields.get("seq")) or any(
        compact(row.fields.get(name)) for name in ("seq", "category", "lead", "deadline")
    ):
        return False
    content = compact(row.fields.get("content"))
    return not content or not compact(previous.fields.get("content")).endswith(SENTENCE_END)


def merge_rows(previous: RawRow, row: RawRow) -> None:
    for name, text in row.fields.items():
        if compact(text):
            previous.fields[name] = (previous.fields.get(name, "") + "\n" + text).strip()
    for month, text in row.months.items():
        previous.months[month] = (previous.months.get(month, "") + "\n" + text).strip()
    previous.last = max(previous.last, row.last)


def add_subheader(texts: list[str], cmap: ColumnMap) -> bool:
    """A second header row under grouped columns (责任单位 over 牵头单位 | 配合单位, 时间节点 over
    6月 | 7月): its words refine the column map."""
    filled = {i: t for i, t in enumerate(texts) if compact(t)}
    if len(filled) < 2 or not all(month_of(t) is not None or candidates(t) for t in filled.values()):
        return False
    for index, text in filled.items():
        month = month_of(text)
        if month is not None:
            cmap.months[index] = month
            drop_column_at(cmap, index)
        else:
            drop_column_at(cmap, index)
            cmap.columns[candidates(text)[0]] = index
    if "participating" in cmap.columns and "lead" not in cmap.columns:
        cmap.columns["lead"] = cmap.columns.pop("participating")
        cmap.lead_guessed = True
    elif cmap.get("lead") in filled:
        cmap.lead_guessed = False  # the sub-header names the lead column itself
    return True


def drop_column_at(cmap: ColumnMap, index: int) -> None:
    if index in cmap.more_units:
        cmap.more_units.remove(index)
    for name, at in list(cmap.columns.items()):
        if at == index:
            del cmap.columns[name]


def is_interleaved(texts: list[str], cmap: ColumnMap | None) -> bool:
    """A row that repeats header labels before each value (`改革项目 | X | 牵头单位 | Y …`)."""
    if cmap is None:
        return False
    labels = [compact(t) in cmap.labels for t in texts if compact(t)]
    return len(labels) >= 6 and sum(labels) >= 3 and any(not x for x in labels)


def cells_to_row(cells: list[Cell], cmap: ColumnMap, kinds_seen: dict[int, set[str]] | None = None) -> RawRow:
    """One grid row as a raw row; ``kinds_seen``: the numbering kinds each column held in the
    whole rows above (updated here), which place a row that lost cells."""
    texts = [c.text for c in cells]
    if is_interleaved(texts, cmap):
        by_column = pair_labels(texts, cmap)
    else:
        by_column = align_short_row(texts, cmap, kinds_seen)
    if kinds_seen is not None and len(texts) == cmap.width:
        for index, text in by_column.items():
            if compact(text):
                kinds_seen.setdefault(index, set()).add(marker_kind(text.strip()))
    row = RawRow(first=min(c.first for c in cells), last=max(c.last for c in cells))
    row.ends_in = last_filled_field(by_column, cmap)
    for name, index in cmap.columns.items():
        if name in ROW_FIELDS and index in by_column:
            row.fields[name] = by_column[index]
    more = [by_column[i] for i in cmap.more_units if compact(by_column.get(i))]
    if more:
        row.fields["participating"] = "；".join([row.fields.get("participating", ""), *more]).strip("；")
    remark = by_column.get(cmap.get("remark"), "")
    if "deadline" not in cmap.columns and looks_like_deadline(remark):
        row.fields["deadline"] = remark  # a table with no deadline column may date a row in 备注
    for index, month in cmap.months.items():
        if compact(by_column.get(index)):
            row.months[month] = by_column[index]
    row.heading = is_heading_row(by_column, cmap)
    if cmap.lead_guessed:
        row.doubts.append(UNITS_GUESSED)  # kept only where the cell lists several units
    return row


def last_filled_field(by_column: dict[int, str], cmap: ColumnMap) -> str:
    """The field of the rightmost filled cell (`other` for a column no field names)."""
    filled = [index for index, text in by_column.items() if compact(text)]
    if not filled:
        return ""
    last = max(filled)
    found = next((name for name, index in cmap.columns.items() if index == last), None)
    return found or unit_columns(cmap).get(last, "other")


def pair_labels(texts: list[str], cmap: ColumnMap) -> dict[int, str]:
    """Values of an interleaved row, each under the column of the label printed before it."""
    out: dict[int, str] = {}
    column: int | None = None
    for text in texts:
        key = compact(text)
        if key and key in cmap.labels:
            column = cmap.labels.index(key)
            continue
        if column is not None and key:
            out[column] = (out.get(column, "") + "\n" + text).strip()
    return out


def align_short_row(texts: list[str], cmap: ColumnMap, kinds_seen: dict[int, set[str]] | None = None) -> dict[int, str]:
    """Cells by column. A row shorter than the header lost merged cells (a cell spanning rows
    is printed once). Its cells are shifted right by the number of leading merged cells that
    puts most of them in a column they look like (ties: the largest shift, leading merged cells
    being the usual case); a gap inside the row is chosen only where it fits strictly better.
    Where the whole rows above numbered their columns each in one way (`一、` | `（一）` | `1.`),
    a cell numbered like a column counts for being placed there, and against elsewhere."""
    if len([t for t in texts if compact(t)]) == 1 and compact(texts[0]):
        return {0: texts[0]}
    missing = cmap.width - len(texts)
    if missing <= 0 or cmap.width <= 2:
        return dict(enumerate(texts))
    kinds = [marker_kind(t.strip()) for t in texts]

    def score(by_column: dict[int, str], columns: range | tuple[int, ...]) -> int:
        return fit_score(by_column, cmap) + numbering_fit(columns, kinds, kinds_seen)

    shifts = [(dict(enumerate([""] * offset + list(texts))), range(offset, cmap.width)) for offset in range(missing, -1, -1)]
    best, best_columns = max(shifts, key=lambda shift: score(*shift))
    if comb(cmap.width, len(texts)) > MAX_PLACEMENTS:
        return best
    # a gap inside the row (a merged cell in the middle) only where it fits strictly better
    spots = sorted(combinations(range(cmap.width), len(texts)), reverse=True)
    gapped, gapped_columns = max(((dict(zip(columns, texts, strict=True)), columns) for columns in spots), key=lambda c: score(*c))
    return gapped if score(gapped, gapped_columns) > score(best, best_columns) else best


def numbering_fit(columns: range | tuple[int, ...], kinds: list[str], kinds_seen: dict[int, set[str]] | None) -> int:
    """+1 for a numbered cell in a column the whole rows above numbered the same way, -1 for a
    cell numbered otherwise (or not at all) than they did; an unnumbered cell in a column never
    numbered, or any cell in a column never seen whole, counts nothing."""
    if not kinds_seen:
        return 0
    score = 0
    for column, kind in zip(columns, kinds, strict=False):
        seen = kinds_seen.get(column)
        if seen and (kind != "none" or "none" not in seen):
            score += 1 if kind in seen else -1
    return score


MAX_PLACEMENTS = 400


def fit_score(by_column: dict[int, str], cmap: ColumnMap) -> int:
    """How many filled cells sit in a column whose kind they look like."""
    from duban.extract.stream import DEADLINE_HINT  # stream builds on this module

    kinds = {index: name for name, index in cmap.columns.items()}
    kinds.update(unit_columns(cmap))
    score = 0
    for index, text in by_column.items():
        value, kind = compact(text), kinds.get(index)
        if not value or kind is None:
            continue
        if kind in ("lead", "participating"):
            score += is_unit_name(value)
        elif kind == "deadline":
            score += bool(DEADLINE_HINT.search(value)) and len(value) <= 30
        elif kind == "seq":
            score += is_arabic_number(value.rstrip(".、"))
        elif kind == "content":
            score += len(value) >= 8
    return score


def is_heading_row(by_column: dict[int, str], cmap: ColumnMap) -> bool:
    """A group heading spanning the row, not a task: one cell filled that is not the
    content, or a heading-numbered text (`一、`, `（二）`) with no units and no deadline."""
    filled = {i: compact(t) for i, t in by_column.items() if compact(t)}
    working = [cmap.get(name) for name in ("lead", "participating", "deadline")]
    if any(index in filled for index in working if index is not None):
        return False
    content_at, seq_at = cmap.get("content"), cmap.get("seq")
    if len(filled) == 1:
        (only, text), = filled.items()
        if only != content_at or (cmap.get("category") is None and only == 0):
            return True
        return split_heading_marker(text)[0] is not None
    return seq_at in filled and is_heading_numeral(filled[seq_at]) and len(filled) == 2
