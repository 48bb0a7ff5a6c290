"""Layout detection: from numbered text lines (or reader tables) to grids of cells.

Layouts recognised in plain text:
- tab rows: one table row per line, cells separated by tabs;
- tab-led cells: one cell per line, each cell starting with a tab, a cell broken over
  lines continuing on lines that do not start with a tab; a row that lost its leading merged
  cells is cut narrower (`cut_rows`);
- markdown rows: `| a | b |` lines, separator rows `|---|` skipped;
- space-aligned rows: text laid out from a PDF, cells apart by two or more spaces, read as
  tab rows from the header line on (where every gap is one width or a multiple of it, a wider
  gap holds empty cells);
- paragraph cells: one cell per paragraph with no delimiter at all (handled by
  `duban.extract.stream`, since its rows must be found by their item numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.extract.headers import candidates, is_repeat_of, map_header, month_of
from duban.extract.text import compact
from duban.intake.model import NeutralDocument

MARKDOWN_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


@dataclass
class Cell:
    text: str
    first: int
    last: int


@dataclass
class Grid:
    """Rows of cells in reading order; ``kind`` names the layout it came from; ``continues``:
    the grid carries on the one before it across a page break."""

    kind: str
    rows: list[list[Cell]] = field(default_factory=list)
    continues: bool = False


def table_grids(doc: NeutralDocument) -> list[Grid]:
    """Tables a reader found (docx, html, xlsx, pdf)."""
    grids = []
    for table in doc.tables:
        lines = table.lines or list(range(1, len(table.rows) + 1))
        rows = [[Cell(text, line, line) for text in row] for row, line in zip(table.rows, lines, strict=False)]
        grids.append(Grid("table", rows, table.continues))
    return grids


def text_grids(lines: list[str]) -> list[Grid]:
    """Grids found in plain text, the most specific layout first."""
    grids = [markdown_grid(lines), tab_row_grid(lines), tab_led_grid(lines), space_row_grid(lines)]
    return [g for g in grids if g.rows]


def numbered(lines: list[str]) -> list[tuple[int, str]]:
    return [(i + 1, line) for i, line in enumerate(lines)]


def tab_row_grid(lines: list[str], narrowest: int | None = None) -> Grid:
    """Lines holding ``narrowest`` or more tab-separated cells: three, or two under a header
    naming the task and its units.

    A row broken over lines (a cell with a line break) is rejoined while it has fewer cells
    than the table's usual width; a line without tabs between rows is a heading row.
    """
    grid = Grid("tab-rows")
    if narrowest is None:
        narrowest = 2 if any(is_two_column_header(line) for line in lines) else 3
    width = usual_width(lines, narrowest)
    if width < narrowest:
        return grid
    for number, line in numbered(lines):
        cells = [Cell(text, number, number) for text in line.split("\t")]
        if grid.rows and continues_row(grid.rows[-1], cells, width):
            join_cells(grid.rows[-1], cells)
        elif line.count("\t") >= narrowest - 1 and not is_tab_led_cell(line):
            grid.rows.append(cells)
        elif grid.rows and "\t" not in line and HEADING.match(line):
            grid.rows.append(cells)
    return grid


CELL_GAP = re.compile(r"(?<=\S)[ \u3000]{2,}(?=\S)")


def space_row_grid(lines: list[str]) -> Grid:
    """Tab rows whose cells are apart by runs of spaces (a PDF's text laid out by position).

    Only from a header line whose gaps part three or more header cells on (two when they name
    the task and its units), so that double spaces in prose never split it; lines keep their
    numbers.
    """
    start = next((i for i, line in enumerate(lines) if is_spaced_header(line)), None)
    if start is None:
        return Grid("space-rows")
    narrowest = min(3, len(CELL_GAP.split(lines[start].strip())))
    unit = uniform_gap(lines[start:])
    if unit:
        tabbed = [""] * start + [tabs_keeping_empty_cells(line, unit) for line in lines[start:]]
    else:
        tabbed = [""] * start + [CELL_GAP.sub("\t", line.strip()) for line in lines[start:]]
    return Grid("space-rows", tab_row_grid(tabbed, narrowest).rows)


SPACE_RUN = re.compile(r"[ \u3000]{2,}")


def uniform_gap(lines: list[str]) -> int:
    """The width of the gap between cells when nearly every gap has that width or a multiple
    of it (cells printed with a fixed gap, an empty cell as a gap twice as wide); 0 for text
    laid out by position, whose gaps vary."""
    runs = Counter(len(m.group()) for line in lines for m in CELL_GAP.finditer(line.strip()))
    if sum(runs.values()) < 4:
        return 0
    unit, most = runs.most_common(1)[0]
    multiples = sum(n for width, n in runs.items() if width % unit == 0)
    return unit if most * 5 >= sum(runs.values()) * 3 and multiples * 10 >= sum(runs.values()) * 9 else 0


def tabs_keeping_empty_cells(line: str, unit: int) -> str:
    """A fixed-gap row as tab cells: a gap of k units holds k - 1 empty cells, and a row
    indented by k units starts with k empty cells (merged cells above it)."""
    body = line.rstrip()
    text = body.lstrip(" \u3000")
    indent = (len(body) - len(text)) // unit if text else 0
    cells = SPACE_RUN.sub(lambda m: "\t" * max(1, len(m.group()) // unit), text)
    return "\t" * indent + cells


def is_spaced_header(line: str) -> bool:
    if "\t" in line:
        return False
    cells = CELL_GAP.split(line.strip())
    if len(cells) == 2:
        return is_task_and_units_header(cells)
    return len(cells) >= 3 and map_header(cells) is not None


def is_two_column_header(line: str) -> bool:
    return line.count("\t") == 1 and not line.startswith("\t") and is_task_and_units_header(line.split("\t"))


def is_task_and_units_header(cells: list[str]) -> bool:
    """Two header cells naming the task and its units (`工作任务  责任单位`)."""
    cmap = map_header(cells)
    return cmap is not None and cmap.get("content") == 0 and cmap.get("lead") == 1


HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])")


def usual_width(lines: list[str], narrowest: int = 3) -> int:
    counts = Counter(line.count("\t") + 1 for line in lines if line.count("\t") >= narrowest - 1)
    return counts.most_common(1)[0][0] if counts else 0


def continues_row(row: list[Cell], cells: list[Cell], width: int) -> bool:
    if not "".join(c.text for c in cells).strip():
        return False
    if len(row) == 1 and HEADING.match(row[0].text):
        return False  # a heading line between rows is a row of its own
    return len(row) < width and len(row) + len(cells) - 1 <= width


def join_cells(row: list[Cell], cells: list[Cell]) -> None:
    last = row[-1]
    row[-1] = Cell(last.text + "\n" + cells[0].text, last.first, cells[0].last)
    row.extend(cells[1:])


def is_tab_led_cell(line: str) -> bool:
    return line.startswith("\t") and line.count("\t") == 1


def tab_led_cells(lines: list[str]) -> list[Cell]:
    """Cells of the tab-led layout; continuation lines are joined to their cell with a newline."""
    cells: list[Cell] = []
    for number, line in numbered(lines):
        if is_tab_led_cell(line):
            cells.append(Cell(line[1:], number, number))
        elif cells and line.strip() and cells[-1].last >= number - 3:
            cells[-1].text += "\n" + line
            cells[-1].last = number
    return cells


def tab_led_grid(lines: list[str]) -> Grid:
    """Cell-per-line tables. A blank line before a tab-led line starts a row; a block holding
    more cells than the header is cut at the header's width (rows not separated at all)."""
    cells = tab_led_cells(lines)
    grid = Grid("tab-led")
    if len(cells) < 4:
        return grid
    start, end, cmap = find_header_run(cells)
    if cmap is None:
        return grid
    grid.rows.append(cells[start:end])
    for block in row_blocks(cells[end:], lines):
        for row in cut_rows(block, cmap):
            if is_repeat_of([c.text for c in row], cmap) and map_header([c.text for c in row]):
                continue
            grid.rows.append(row)
    if misaligned(grid.rows[1:], cmap):
        return rows_ended_by_deadlines(cells[start:end], cells[end:], cmap) or grid
    return grid


def looks_like_deadline(text: str) -> bool:
    from duban.extract.stream import DEADLINE_HINT  # stream builds on this module

    value = compact(text).removesuffix("。")  # `自信息形成之日起20个工作日内。`: one clause, closed
    if not value or len(value) > DEADLINE_CELL_MAX or any(mark in value for mark in "，,。"):
        return False
    return bool(DEADLINE_HINT.search(value))


DEADLINE_CELL_MAX = 20  # a deadline cell is short and has no clause in it; a task text is neither


def misaligned(rows: list[list[Cell]], cmap) -> bool:
    """Rows cut at the header's width whose deadline cells mostly sit in other columns: the
    rows are wider than the header (a column it does not name) or lost merged cells."""
    at = cmap.get("deadline")
    if at is None or at != cmap.width - 1 or len(rows) < 2:
        return False
    dated = [r for r in rows if any(looks_like_deadline(c.text) for c in r)]
    # a row that lost leading merged cells (at most those before the content) keeps its deadline last
    whole = cmap.width - (cmap.get("content") or 0)
    placed = sum(1 for r in dated if len(r) >= whole and looks_like_deadline(r[-1].text))
    return len(dated) >= 2 and placed * 2 < len(dated)


def rows_ended_by_deadlines(header: list[Cell], body: list[Cell], cmap) -> Grid | None:
    """Cell-per-line rows of unequal width cut after each deadline cell (the last column). A
    header narrower than its widest rows gets the column it lacks: 序号 where that column holds
    numbers, else a leading 类别 column (a group cell spanning rows, named by no header)."""
    from duban.extract.normalize import widen_header

    rows: list[list[Cell]] = [[]]
    for cell in body:
        rows[-1].append(cell)
        if looks_like_deadline(cell.text) and len(rows[-1]) >= 3:
            rows.append([])
    rows = [r for r in rows if r]
    if len(rows) < 2:
        return None
    labels = widen_header([c.text for c in header], [[c.text for c in r] for r in rows])
    first = header[0]
    return Grid("tab-led", [[Cell(text, first.first, first.last) for text in labels], *rows])


def row_blocks(cells: list[Cell], lines: list[str]) -> list[list[Cell]]:
    """Cells grouped into rows at the blank lines that precede a tab-led line."""
    blocks: list[list[Cell]] = []
    for cell in cells:
        previous = lines[cell.first - 2] if cell.first >= 2 else "x"
        after_blank = not previous.strip() and not is_tab_led_cell(previous)
        if not blocks or after_blank:
            blocks.append([])
        blocks[-1].append(cell)
    return blocks


def cut_rows(cells: list[Cell], cmap) -> list[list[Cell]]:
    """Cells cut into rows of the header's width, or narrower where a row lost its leading
    merged cells (a group cell printed once, then dropped)."""
    rows: list[list[Cell]] = []
    at = 0
    while at < len(cells):
        width = heading_width(cells, at) or row_width(cells, at, cmap)
        rows.append(cells[at : at + width])
        at += width
    return rows


def heading_width(cells: list[Cell], at: int) -> int:
    """A numbered heading (`一、年底前专项工作任务`) followed by empty cells, or by nothing, is a
    heading row spanning the table (its other cells printed empty): it and those empty cells;
    0 for anything else (a group cell opening a row is followed by that row's cells)."""
    if not HEADING.match(cells[at].text):
        return 0
    end = at + 1
    while end < len(cells) and not compact(cells[end].text):
        end += 1
    return end - at if end > at + 1 or end == len(cells) else 0


def row_width(cells: list[Cell], at: int, cmap) -> int:
    """The width of the row starting at ``at``: narrower than the header only where the unit
    column then holds a unit name and more cells sit in a column they look like."""
    from duban.extract.numbering import is_arabic_number
    from duban.extract.rows import SENTENCE_END, fit_score  # rows builds on this module
    from duban.extract.units import is_unit_name

    seq_at, units_at, droppable = cmap.get("seq"), cmap.get("lead"), cmap.get("content") or 0
    if seq_at is not None and at + seq_at < len(cells) and is_arabic_number(compact(cells[at + seq_at].text)):
        return cmap.width  # the row's number sits in its column: nothing was dropped
    if any(not compact(c.text) for c in cells[at : at + droppable]):
        return cmap.width  # merged cells left empty hold their places
    widths = [cmap.width]
    for dropped in range(1, droppable + 1):
        unit = at + (units_at or 0) - dropped
        if units_at is None or not at <= unit < len(cells) or cells[unit].text.endswith(SENTENCE_END):
            continue  # a finished sentence is a task text, not units (and cheaper to tell)
        if is_unit_name(compact(cells[unit].text)):
            widths.append(cmap.width - dropped)

    if len(widths) == 1:
        return cmap.width

    def score(width: int) -> int:
        offset = cmap.width - width
        return fit_score({offset + i: c.text for i, c in enumerate(cells[at : at + width])}, cmap)

    return max(widths, key=score)  # the full width on a tie


def find_header_run(cells: list[Cell]):
    """The first run of consecutive cells that reads as a table header.

    Returns (start, end, column map); a header word broken into two cells (`重点` `任务`)
    counts as one header cell. A two-column header (`工作任务` / `责任单位`) counts only when both
    cells are header words exactly as listed. (0, 0, None) when there is none.
    """
    for start in range(len(cells)):
        labels, end = header_cells(cells, start)
        if len(labels) >= 3 or (len(labels) == 2 and all(is_exact_label(label) for label in labels)):
            cmap = map_header(labels)
            if cmap is not None:
                return start, end, cmap
    return 0, 0, None


def header_cells(cells: list[Cell], start: int) -> tuple[list[str], int]:
    """Header words from ``start`` on, joining a word broken over two cells."""
    labels: list[str] = []
    index = start
    while index < len(cells):
        text = cells[index].text
        if is_label(text):
            labels.append(text)
            index += 1
        elif index + 1 < len(cells) and is_exact_label(text + cells[index + 1].text) and labels:
            labels.append(text + cells[index + 1].text)
            index += 2
        else:
            break
    return labels, index


def is_exact_label(text: str) -> bool:
    """A header word as listed (`重点` + `任务`), not a phrase that merely contains one."""
    from duban.extract.headers import vocabulary

    word = compact(text)
    return any(word in words for words in vocabulary().fields.values())


def is_label(text: str) -> bool:
    if not candidates(text) and month_of(text) is None:
        return False
    return HEADING.match(text) is None  # `一、主要预期目标`: a group heading under the header


def markdown_grid(lines: list[str]) -> Grid:
    """`| a | b |` rows as printed by document converters."""
    grid = Grid("markdown")
    for number, line in numbered(lines):
        stripped = line.strip()
        if not stripped.startswith("|") or stripped.count("|") < 3:
            continue
        if MARKDOWN_SEPARATOR.match(stripped):
            continue
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        cells = [c.replace("<br>", "\n").replace("<br/>", "\n").strip() for c in inner.split("|")]
        grid.rows.append([Cell(text, number, number) for text in cells])
    return grid
