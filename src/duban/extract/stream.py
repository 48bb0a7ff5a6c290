"""Paragraph-cell tables: every cell its own paragraph, with no delimiter between cells.

Such text (a converted annex table) has no reliable cell count per row, so rows are found
by their anchors — the item numbers, either in a 序号 paragraph of their own or at the head
of the content (`12.全面推进…`) — and the paragraphs after an anchor are given to the
columns that follow it in the header, by what they look like: unit names to unit columns,
dates to the deadline column. A fragment that cannot be a whole name (`各级卫生`) is joined
to the next one (`健康部门`). What is left before the next anchor is that row's group
heading (the category, repeated at the top of each printed page).

A table with no item numbers at all (no 序号 column, task texts unnumbered) is cut at its
unit paragraphs instead (`rows_by_units`), and so is a numbered row whose number cell was
empty. Lines wrapped at a fixed width, words cut anywhere, are joined back first
(`join_wrapped_lines`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.extract.headers import ColumnMap, month_of
from duban.extract.layout import Cell, find_header_run, is_exact_label, looks_like_deadline
from duban.extract.numbering import (
    is_arabic_number,
    is_heading_numeral,
    split_heading_marker,
    split_item_number,
)
from duban.extract.rows import ROW_FIELDS, SENTENCE_END, UNITS_GUESSED, RawRow
from duban.extract.text import compact
from duban.extract.unit_names import is_empty_cell
from duban.extract.units import is_unit_name, looks_incomplete

PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页.*|共\s*\d+\s*页.*)$")
DEADLINE_HINT = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|底前|持续|长期|常态|每年|每季|每月|季度|\d+\s*个?(?:工作日|日|天)内"
)
EMPTY_CELL_MAX = 8  # a `/` or `无` cell, give or take markup; longer paragraphs are never empty
CLAUSE_MARKS = re.compile(r"[，,。；;：:！？!?]")
WRAP_MIN = 10  # a text wrapped at fewer characters a line is no cell-per-line table


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
    units = sum(1 for name in UNIT_COLUMNS if cmap.get(name) is not None)
    body = join_wrapped_lines(drop_page_headers(cells[end:], cmap), units)
    seq_mode = uses_seq_column(body, cmap)
    segments, lead_in = cut_at_anchors(body, seq_mode)
    plain = is_plain_header(cmap)
    if not segments:
        rows = rows_by_units(body, cmap) if plain else []
        return part_glued_categories(rows, cells[:start], cmap), cmap
    rows: list[RawRow] = []
    bare: list[RawRow] = []  # items followed at once by the next one: no cell of their own
    pending = category_text(lead_in)
    for segment in segments:
        row, leftover = fill_columns(segment, cmap, seq_mode)
        if pending:
            row.fields["category"] = pending
        rows.append(row)
        if not seq_mode and not leftover and not any(compact(row.fields.get(n)) for n in WORK_COLUMNS):
            bare.append(row)
        # a row whose 序号 cell was empty, gone in the copy
        unnumbered = rows_by_units(leftover, cmap) if plain else []
        rows.extend(unnumbered)
        pending = "" if unnumbered else category_text(leftover)
    share_cells_below(rows, bare)
    return without_cut_last_row(rows, body), cmap


WORK_COLUMNS = ("lead", "participating", "deadline")


def share_cells_below(rows: list[RawRow], bare: list[RawRow]) -> None:
    """Items numbered inside one content cell (`3.…` `4.…` `5.…`, a paragraph each), then one
    unit cell: the cells after the last item are every item's. An item followed at once by the
    next takes that item's units and deadline (the last of the run passing them up). Only where
    the numbers are in the task text: a row with a 序号 cell of its own and nothing after its
    text had empty cells."""
    bare_ids = {id(row) for row in bare}
    for index in range(len(rows) - 2, -1, -1):
        if id(rows[index]) in bare_ids:
            below = rows[index + 1]
            for name in WORK_COLUMNS:
                if compact(below.fields.get(name)):
                    rows[index].fields[name] = below.fields[name]
            rows[index].last = max(rows[index].last, below.last)


def part_glued_categories(rows: list[RawRow], above: list[Cell], cmap: ColumnMap) -> list[RawRow]:
    """A row whose group cell lost its separator from the task text (`教育惠民启动学校…`) gets it
    back as its category where the page prints that group's name as a line of its own above
    the table (a topic line, a heading): the text then opens with a name the page uses alone."""
    if cmap.get("category") is None:
        return rows
    names = sorted({compact(c.text) for c in above if is_group_name(c.text)}, key=len, reverse=True)
    for row in rows:
        text = compact(row.fields.get("content"))
        if not names or compact(row.fields.get("category")):
            continue
        name = next((n for n in names if text.startswith(n) and len(text) - len(n) >= MIN_TASK_TEXT), None)
        if name is not None:
            row.fields["category"] = name
            row.fields["content"] = without_head(row.fields["content"], len(name))
    return rows


GROUP_NAME_MAX = 10  # `教育惠民`, `养老服务`: a group cell is a short name


def is_group_name(text: str) -> bool:
    return len(compact(text)) <= GROUP_NAME_MAX and is_heading_phrase(text)


def without_head(text: str, size: int) -> str:
    """``text`` less its first ``size`` characters that are not spaces."""
    seen = 0
    for index, char in enumerate(text):
        if seen == size:
            return text[index:].lstrip()
        seen += not char.isspace()
    return ""


def without_cut_last_row(rows: list[RawRow], body: list[Cell]) -> list[RawRow]:
    """The rows less a last one the end of the copy cut inside its task text (`研发投入强度达到3.`):
    nothing after it, no unit or deadline where every row before named units, and a text that
    stops mid-sentence. What it asks is not known, so it is no task."""
    if len(rows) < 2 or not body or rows[-1].last < body[-1].last:
        return rows
    last = rows[-1]
    if any(compact(last.fields.get(name)) for name in (*UNIT_COLUMNS, "deadline")):
        return rows
    if compact(last.fields.get("content")).endswith(SENTENCE_END):
        return rows
    if not all(any(compact(r.fields.get(name)) for name in UNIT_COLUMNS) for r in rows[:-1]):
        return rows
    return rows[:-1]


def is_plain_header(cmap: ColumnMap) -> bool:
    """A header of listed words only (`牵头单位`, not `牵头单位：市卫健委`, a label with its value)."""
    return all(is_exact_label(label) or month_of(label) is not None for label in cmap.labels)


def join_wrapped_lines(cells: list[Cell], unit_columns: int) -> list[Cell]:
    """Cells broken over lines at a fixed width (a long cell wrapped where the line was full,
    words cut anywhere) joined again. The text is wrapped when two or more different lines
    have the longest length and stop mid-sentence; a line of that length then goes on into
    the next one unless the next is a cell of another kind (`goes_on`)."""
    width = max((len(c.text) for c in cells), default=0)
    cut = {c.text for c in cells if len(c.text) == width and not c.text.endswith(SENTENCE_END)}
    if width < WRAP_MIN or len(cut) < 2:
        return cells
    joined: list[Cell] = []
    full = False  # the last line read was full: its cell may go on
    for index, cell in enumerate(cells):
        if full and goes_on(joined[-1].text, cells[index:], unit_columns):
            last = joined[-1]
            joined[-1] = Cell(last.text + cell.text, last.first, cell.last)
        else:
            joined.append(Cell(cell.text, cell.first, cell.last))
        full = len(cell.text) == width
    return joined


def goes_on(text: str, following: list[Cell], unit_columns: int) -> bool:
    """Does a cell whose last line was full go on into the next line? Not into the next row's
    序号; not into units or a deadline after a finished sentence; a unit list only into more
    names. A line that looks like units yet ends a sentence carries on the text; otherwise it
    does only when more unit lines follow than the table has unit columns (it is not the row's
    own units)."""
    line = following[0].text
    value = compact(line)
    if is_arabic_number(value):
        return False
    unit, dated = is_unit_name(value), looks_like_deadline(line)
    if not (unit or dated):
        return True
    if text.endswith(SENTENCE_END):
        return False
    if is_unit_list(text):
        return unit  # a unit list goes on into more names, never into a deadline
    if dated or line.endswith(SENTENCE_END):
        return True
    run = next((k for k, c in enumerate(following) if not is_unit_name(compact(c.text))), len(following))
    return run > unit_columns


def is_unit_list(text: str) -> bool:
    """Unit names, the last perhaps cut by a wrap (`县财政局、县人社局、县级公`)."""
    value = compact(text)
    return is_unit_name(value) or ("、" in value and is_unit_name(value.rsplit("、", 1)[0]))


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
    """Row numbers stand in paragraphs of their own: two or more, or a lone first one (a copy cut
    after its first row)."""
    bare = [compact(c.text) for c in body if is_arabic_number(compact(c.text))]
    return cmap.get("seq") is not None and (len(bare) >= 2 or bare == ["1"])


def cut_at_anchors(body: list[Cell], seq_mode: bool) -> tuple[list[Segment], list[Cell]]:
    """Split the body at item numbers; returns the segments and what precedes the first."""
    segments: list[Segment] = []
    lead_in: list[Cell] = []
    expected: int | None = None
    for index, cell in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        seq = anchor_seq(cell.text, seq_mode, expected, following)
        if seq is not None:
            segments.append(Segment(cell, seq, []))
            expected = int(seq) + 1
        elif segments:
            segments[-1].body.append(cell)
        else:
            lead_in.append(cell)
    return segments, lead_in


def anchor_seq(text: str, seq_mode: bool, expected: int | None, following: Cell | None = None) -> str | None:
    """The row number ``text`` holds when it opens the next row: the number expected next (or
    the one after, or 1 again); in a 序号 column also a later number followed by a task text,
    the rows between left out of an excerpt (a unit's own rows copied from a longer table)."""
    if seq_mode:
        value = compact(text).rstrip(".、．")
        seq = str(int(value)) if is_arabic_number(value) else None
    else:
        seq, _ = split_item_number(text, expected=expected)
    if seq is None:
        return None
    if expected is None or int(seq) in (expected, expected + 1, 1):
        return seq
    if seq_mode and expected < int(seq) <= MAX_SEQ and following is not None and opens_task_text(following.text):
        return seq
    return None


MAX_SEQ = 999  # a 序号 cell; a bare 2025 is a year


def opens_task_text(text: str) -> bool:
    """A paragraph that reads as a row's task text: words, neither a number, a unit, a deadline
    cell nor a numbered heading."""
    value = compact(text)
    return (
        len(value) >= MIN_TASK_TEXT
        and not is_arabic_number(value)
        and split_heading_marker(value)[0] is None
        and not is_unit_name(value)
        and not looks_like_deadline(value)
    )


MIN_TASK_TEXT = 6


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
    row.fields["content"] = join_paragraphs([c.text for c in content_cells])
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
    """Leftover paragraphs before an item: its group heading, numerals dropped. Of several
    headings of one level in a row (`二、…` `三、…` `四、…`, groups none of whose rows were
    copied) the last is the item's."""
    cells = cells[last_heading_of_first_level(cells) :]
    words = [compact(c.text) for c in cells if not is_heading_numeral(compact(c.text))]
    return "".join(w for w in words if w)


def last_heading_of_first_level(cells: list[Cell]) -> int:
    """Index of the last paragraph opening with a heading number of the level the first such
    paragraph has (`一、`, `（一）`, `第一部分`); 0 when there is none."""
    levels = [(i, heading_level(c.text)) for i, c in enumerate(cells)]
    headed = [(i, level) for i, level in levels if level is not None]
    if not headed:
        return 0
    first_level = headed[0][1]
    return max(i for i, level in headed if level == first_level)


def heading_level(text: str) -> str | None:
    """The kind of heading number a paragraph opens with, or None."""
    value, _ = split_heading_marker(text)
    if value is None:
        return None
    head = text.lstrip()[:1]
    return "bracketed" if head in "（(" else "section" if head == "第" else "marked"


# --- rows found by their unit cells ----------------------------------------------------------

UNIT_COLUMNS = ("lead", "participating")


def rows_by_units(cells: list[Cell], cmap: ColumnMap) -> list[RawRow]:
    """Rows of a paragraph-cell table that has no item numbers, each found by its unit cells.

    Empty cells leave no paragraph, so rows differ in length; but every row names its units,
    and the paragraph just before them is its task text (with a short heading before that
    when the table has a group column). What follows the units up to the next row's text
    fills the columns after the units (`fill_tail`); paragraphs none of them takes carry on
    the task text. Rows found so carry the doubt `layout_guessed`."""
    if cmap.get("lead") is None or cmap.get("content") is None:
        return []
    cells = join_fragments(cells)
    rows: list[RawRow] = []
    done = 0
    for start, end in unit_runs(cells):
        between = cells[done:start]
        if not between:
            continue
        heading, text = row_head(between, cmap)
        rest = between[: len(between) - 1 - (heading is not None)]
        taken = fill_tail(rows[-1], rest, cmap) if rows else 0
        if heading is None:
            text = [*rest[taken:], *text]  # a task text broken over paragraphs
        rows.append(unit_row(heading, text, cells[start:end], cmap))
        done = end
    if rows:
        fill_tail(rows[-1], cells[done:], cmap)
    return rows


def unit_runs(cells: list[Cell]) -> list[tuple[int, int]]:
    """(start, end) of every run of consecutive cells naming units."""
    runs: list[tuple[int, int]] = []
    for index, cell in enumerate(cells):
        # a finished sentence is a task text, even one ending in a name (`建成县级胸痛中心。`)
        if cell.text.endswith(SENTENCE_END) or not is_unit_name(compact(cell.text)):
            continue
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def row_head(cells: list[Cell], cmap: ColumnMap) -> tuple[Cell | None, list[Cell]]:
    """The group heading (or None) and the task text of the row whose units follow ``cells``:
    the last paragraph is the task text, the one before it a heading if the table has a group
    column and that paragraph reads as one."""
    if cmap.get("category") is not None and len(cells) >= 2 and is_heading_phrase(cells[-2].text) \
            and not looks_like_deadline(cells[-2].text):
        return cells[-2], cells[-1:]
    return None, cells[-1:]


def unit_row(heading: Cell | None, text: list[Cell], units: list[Cell], cmap: ColumnMap) -> RawRow:
    """A row of its heading, its task text and its unit paragraphs: the first to the lead
    column, the rest to the participating one (all to the lead when there is no such column)."""
    first = heading or text[0]
    row = RawRow(first=first.first, last=units[-1].last, doubts=["layout_guessed"])
    if cmap.lead_guessed:
        row.doubts.append(UNITS_GUESSED)
    if heading is not None:
        row.fields["category"] = heading.text
    row.fields["content"] = join_paragraphs([c.text for c in text])
    if cmap.get("participating") is None or len(units) == 1:
        row.fields["lead"] = "\n".join(c.text for c in units)
    else:
        row.fields["lead"] = units[0].text
        row.fields["participating"] = "\n".join(c.text for c in units[1:])
    return row


def tail_columns(cmap: ColumnMap) -> list[str | int | None]:
    """What each column after the unit columns holds, in order: a field name, a month, or
    None for a column the reader keeps nothing of (备注, 联系人, a word it does not know)."""
    after = max(cmap.get(name) or 0 for name in UNIT_COLUMNS)
    names = {i: name for name, i in cmap.columns.items()}
    return [cmap.months.get(i, names.get(i)) for i in range(after + 1, cmap.width)]


def fill_tail(row: RawRow, cells: list[Cell], cmap: ColumnMap) -> int:
    """The cells after a row's units, each to the next column after them it can fill (a
    deadline column takes only a cell that looks like a deadline); how many were taken."""
    columns = tail_columns(cmap)
    at = 0
    for taken, cell in enumerate(cells):
        fits_at = next((j for j in range(at, len(columns))
                        if columns[j] != "deadline" or looks_like_deadline(cell.text)), None)
        if fits_at is None:
            return taken
        key = columns[fits_at]
        if isinstance(key, int):
            row.months[key] = cell.text
        elif key in ROW_FIELDS:
            row.fields[key] = cell.text
        row.last = max(row.last, cell.last)
        at = fits_at + 1
    return len(cells)


def join_paragraphs(texts: list[str]) -> str:
    """Paragraphs of one cell joined by line breaks; a number cut at a line end (`10` / `0%`)
    is joined whole."""
    out = ""
    for text in texts:
        cut_number = out[-1:].isdigit() and text[:1].isdigit()
        out = out + text if cut_number or not out else out + "\n" + text
    return out
