"""Normalization before layout detection: the forms real copies of a page take, made regular.

Text copied from a government web page or saved by a converter reaches us in shapes the
layout readers cannot see as a table or a list. Each step below is one small function from
numbered lines to numbered lines; every line keeps the span of input lines it came from
(`Normalized.origin`), so `source_lines` still refer to the text the user gave.

Steps, in order:
- `to_simplified`: traditional characters (牽頭部門, 責任單位) to simplified, with OpenCC,
  loaded only when the text holds traditional characters;
- `full_width_punctuation`: `(责任单位:X、Y)` -> `（责任单位：X、Y）`, `〔牵头单位:…〕` -> `（…）`;
- `spaced_header_cells`: a paragraph-cell header cell spaced out (`主 要 工 作 任 务`) closed up;
- `broken_markdown_rows`: a markdown row whose cells hold line breaks, printed over several
  lines, put back on one line (cells counted against the header);
- `pipe_cell_lines`: one cell per line ending ` |`, or cells between lines holding only `|`,
  to tab-led cells;
- `pipe_rows`: `a | b | c |` rows (leading `|` or not, trailing `| ||`, a cell wrapped onto the
  next line, a line holding only `|` after a row, a header that lost its task column) to
  markdown rows;
- `spaced_header_words`: `责任  单位`, `完 成 时 限` in a header line made whole;
- `glued_table`: a header with no separators (`序号重点任务责任单位完成时限1推进…`), or cells apart
  by single spaces, cut into tab rows by the header's columns and what cells look like
  (`duban.extract.glued`);
- `split_glued_items`: a paragraph holding several numbered items (`…）2.推进…（…）3.…`) split;
- `glued_header_lines`: the header of a paragraph-cell table whose words are glued on one line
  (`实事内容工作任务责任单位进展情况`) cut into one word per line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from duban.extract.text import CJK, compact
from duban.reference import load

Line = tuple[tuple[int, int], str]
"""A line of text with the (first, last) input lines it came from."""

HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Normalized:
    """Normalized lines and, for each, the input lines it came from (1-based, inclusive)."""

    lines: list[str]
    origin: list[tuple[int, int]]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Input lines of normalized lines ``first``..``last`` (1-based)."""
        if not self.origin or first < 1:
            return first, last
        top = len(self.origin)
        return self.origin[min(first, top) - 1][0], self.origin[min(max(last, first), top) - 1][1]


@cache
def _vocabulary() -> dict:
    return load("normalize")


def normalize(lines: list[str]) -> Normalized:
    """Run every step over the lines (page furniture already blanked)."""
    numbered: list[Line] = [((i, i), text) for i, text in enumerate(lines, start=1)]
    for step in STEPS:
        numbered = step(numbered)
    return Normalized([text for _, text in numbered], [span for span, _ in numbered])


# --- script and punctuation ---------------------------------------------------------------


def traditional_count(text: str) -> int:
    """How many characters of ``text`` exist only in traditional script."""
    marks = _vocabulary()["traditional_marks"]
    return sum(text.count(ch) for ch in marks if ch in text)


def is_traditional(text: str) -> bool:
    """Does ``text`` hold enough traditional-only characters to be read as traditional?"""
    return traditional_count(text) >= _vocabulary()["traditional_min"]


@cache
def t2s():
    import opencc  # loaded only for a traditional text: it costs start-up time

    return opencc.OpenCC("t2s")


def to_simplified(lines: list[Line]) -> list[Line]:
    """Traditional characters to simplified, when the text holds enough of them to be traditional."""
    text = "\n".join(t for _, t in lines)
    if not is_traditional(text):
        return lines
    converted = t2s().convert(text).split("\n")
    if len(converted) != len(lines):  # the converter never adds lines; keep the input if it did
        return lines
    return [(span, new) for (span, _), new in zip(lines, converted, strict=True)]


_OPEN_BEFORE_HAN = re.compile(r"\((?=[\u4e00-\u9fff])")
_PAIR = re.compile(r"\(([^()\n]{0,300})\)")
_CJK_CHAR = re.compile(f"[{CJK}]")
# each starts with its literal mark so that the search skips on to the next one at once
_COLON = re.compile(rf":(?<=[{CJK}）)]:)(?!//)")
_SEMICOLON = re.compile(rf";(?:(?<=[{CJK}）)];)|(?=[{CJK}]))")
_COMMA = re.compile(rf",(?:(?<=[{CJK}）)],)|(?<!\d,)(?=[{CJK}]))")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def full_width_brackets(line: str) -> str:
    """`(X)` -> `（X）` where X holds Chinese; `〔牵头单位:…〕` -> `（…）`."""
    if "(" in line:

        def widen(match: re.Match[str]) -> str:
            # only a bracket holding Chinese: `醫(yī)院` keeps the pinyin a converter left
            return f"（{match.group(1)}）" if HAN.search(match.group(1)) else match.group()

        line = _PAIR.sub(widen, line)
        line = _OPEN_BEFORE_HAN.sub("（", line)  # a bracket left open by a cut page
    return _role_bracket().sub(r"（\1）", line)


@cache
def _role_bracket() -> re.Pattern[str]:
    words = "|".join(map(re.escape, _vocabulary()["bracket_role_words"]))
    return re.compile(rf"[〔【\[]((?:{words})[^〔〕【】\[\]\n]*)[〕】\]]")


def full_width_punctuation(lines: list[Line]) -> list[Line]:
    """Half-width brackets, colons, semicolons and commas in Chinese text to full width.

    The whole text goes through each pattern at once (no pattern crosses a line break): one
    call per line costs more than the search itself."""
    text = "\n".join(t for _, t in lines)
    if not any(ch in text for ch in "():;,〔【["):
        return lines
    text = _COMMA.sub("，", _SEMICOLON.sub("；", _COLON.sub("：", full_width_brackets(text))))
    return [(span, new) for (span, _), new in zip(lines, text.split("\n"), strict=True)]


# --- pipes --------------------------------------------------------------------------------

PIPES = "|｜"


def _is_pipe_only(text: str) -> bool:
    value = text.strip()
    return bool(value) and all(ch in PIPES for ch in value)


def _ends_cell(text: str) -> bool:
    """A line that closes one cell: text ending with a single `|` and no other pipe in it."""
    value = text.strip()
    return len(value) > 1 and value[-1] in PIPES and not any(ch in PIPES for ch in value[:-1])


def pipe_cell_lines(lines: list[Line]) -> list[Line]:
    """Cells one per line, each closed by ` |` or by a line holding only `|`, to tab-led cells.

    A cell broken over lines keeps its later lines as continuation lines; text before the first
    cell stays as it is, and so does a cell cut off at the end (it is the last, partial cell)."""
    marks = sum(1 for _, t in lines if _is_pipe_only(t) or _ends_cell(t))
    inline = sum(1 for _, t in lines if sum(t.count(p) for p in PIPES) >= 2 and not _is_pipe_only(t))
    if marks < 4 or inline > marks:  # four: a two-column header and one row
        return lines
    out: list[Line] = []
    pending: list[Line] = []
    seen_cell = False

    def close(extra: Line | None) -> None:
        nonlocal seen_cell
        cell = [*pending, *([extra] if extra else [])]
        cell = [(s, t.strip()) for s, t in cell if t.strip()]
        if not seen_cell and len(cell) > 1:
            out.extend(cell[:-1])  # text above the table: only the last line is the first cell
            cell = cell[-1:]
        if cell:
            (span, first), *rest = cell
            out.append((span, "\t" + first))
            out.extend(rest)
            seen_cell = True
        pending.clear()

    for span, text in lines:
        if _is_pipe_only(text) and seen_cell and not any(t.strip() for _, t in pending):
            out.append((span, "\t"))  # an empty cell holds its column's place
            pending.clear()
        elif _is_pipe_only(text):
            close(None)
        elif _ends_cell(text):
            close((span, text.strip()[:-1].strip()))
        else:
            pending.append((span, text))
    if pending and seen_cell and any(t.strip() for _, t in pending):
        close(None)
    out.extend(pending)
    return out


_SEPARATOR_ROW = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*([|｜]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_SEQ_CELL = re.compile(r"^\s*\d{1,3}\s*[.、．]?\s*$")


def _pipe_count(text: str) -> int:
    return sum(text.count(p) for p in PIPES)


def _is_framed(text: str) -> bool:
    value = text.strip()
    return len(value) > 1 and value[0] in PIPES and value[-1] in PIPES


def broken_markdown_rows(lines: list[Line]) -> list[Line]:
    """Markdown rows whose cells hold line breaks, printed over several lines (`| 类别 |` /
    `事项名称` / `|` / `rest of the row … | 办公室 |`), put back on one line each.

    Under a framed header of N cells, a line that starts with `|` but holds fewer bars than the
    header opens a row; the lines after it are added until the row holds the header's number of
    bars (its number of cells), a bar closing a cell, a line break inside a cell kept as `<br>`.
    A row that never reaches that count (cut at the end of the page, or running into another
    row, a header or a separator) is left as printed."""
    from duban.extract.headers import map_header

    if not any("|" in t or "｜" in t for _, t in lines):
        return lines
    header_at = next((i for i, (_, t) in enumerate(lines) if _is_framed(t) and _pipe_count(t) >= 3
                      and map_header(_pipe_cells(t)) is not None), None)
    if header_at is None:
        return lines
    lines = _header_continued(lines, header_at)
    width = _pipe_count(lines[header_at][1])
    out = list(lines[: header_at + 1])
    at = header_at + 1
    while at < len(lines):
        span, text = lines[at]
        end = _row_end(lines, at, width) if text.strip()[:1] in PIPES and _pipe_count(text) < width else None
        if end is None:
            out.append((span, text))
            at += 1
            continue
        joined = "\n".join(t.strip() for _, t in lines[at : end + 1] if t.strip())
        cells = [c.strip().replace("\n", "<br>") for c in joined.replace("｜", "|").strip()[1:-1].split("|")]
        out.append(((span[0], lines[end][0][1]), "| " + " | ".join(cells) + " |"))
        at = end + 1
    return out


def _header_continued(lines: list[Line], header_at: int) -> list[Line]:
    """A header row whose last cell broke onto the next line (`| 序号 | … | 公开责任 |` / `公开链接 |`),
    joined, when the rows below hold as many bars as the two lines together."""
    if header_at + 1 >= len(lines):
        return lines
    (span, header), (next_span, rest) = lines[header_at], lines[header_at + 1]
    value = rest.strip()
    if not value or value[0] in PIPES or value[-1] not in PIPES:
        return lines
    width = _pipe_count(header) + _pipe_count(value)
    below = Counter(_pipe_count(t) for _, t in lines[header_at + 2 :] if _is_framed(t))
    if not below or below.most_common(1)[0][0] != width:
        return lines
    joined = ((span[0], next_span[1]), header.rstrip() + " " + value)
    return [*lines[:header_at], joined, *lines[header_at + 2 :]]


def _row_end(lines: list[Line], start: int, width: int) -> int | None:
    """The index of the line that completes the row opened at ``start`` (None: it never does)."""
    count = 0
    for index in range(start, len(lines)):
        text = lines[index][1]
        if index > start and (_SEPARATOR_ROW.match(text) and _pipe_count(text) or _pipe_count(text) >= width):
            return None  # a whole row, a header or a separator: the open row was cut
        count += _pipe_count(text)
        if count >= width:
            return index if count == width and text.strip()[-1:] in PIPES else None
    return None


def _pipe_cells(text: str, framed: bool = True) -> list[str]:
    """Cells of a flattened row; trailing empty cells (`| ||`, a row shifted left by a merged
    cell above it) dropped: the row is then aligned by what its cells look like. In a table
    whose rows are not framed by pipes, a leading pipe is an empty first cell (merged above)."""
    value = text.strip().replace("｜", "|")
    if value.startswith("|") and framed:
        value = value[1:]
    cells = [c.strip() for c in value.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def widen_header(header: list[str], rows: list[list[str]]) -> list[str]:
    """A header narrower than its rows (cut at its start, or naming no 序号 or group column)
    gets the columns it lacks, named by what the rows hold there: a column of small whole
    numbers is 序号, any other a leading 类别 column (a group cell spanning rows)."""
    widths = Counter(len(r) for r in rows if len(r) > len(header))
    if not widths:
        return header
    width = max((w for w, n in widths.items() if n >= 2 or len(widths) == 1), default=max(widths))
    full = [r for r in rows if len(r) == width]
    missing = width - len(header)
    numbered = [j for j in range(width) if sum(1 for r in full if _SEQ_CELL.match(r[j])) * 5 >= len(full) * 4]
    if not numbered or "序号" in header:
        return ["类别"] * missing + header
    seq_at = numbered[0]
    rest = iter(["类别"] * (missing - 1) + header)
    return ["序号" if j == seq_at else next(rest) for j in range(width)]


def pipe_rows(lines: list[Line]) -> list[Line]:
    """Rows flattened to `a | b | c |` (leading pipe or not) to markdown rows `| a | b | c |`.

    After a header row, a line that is not a new row (it has fewer cells than the header and
    does not start with an item number) carries on the last cell of the row above: the cell
    held a line break. A header narrower than its rows is widened (`widen_header`)."""
    rows = _pipe_row_indexes(lines)
    if len(rows) < 2:
        return lines
    from duban.extract.headers import map_header

    header_index = next((i for i in rows if map_header(_pipe_cells(lines[i][1])) is not None), None)
    if header_index is not None and _is_header_tail(lines, header_index):
        lines = _join_header_tail(lines, header_index)
        rows = _pipe_row_indexes(lines)
    header_row = lines[header_index][1] if header_index is not None else None
    if header_row is None:
        lines, header_row = _name_lost_task_column(lines, rows)
    # A header row without a leading pipe says the rows are not framed: a row that starts with
    # one begins with an empty cell (a group cell merged over it), not with a frame.
    unframed = header_row is not None and header_row.strip()[:1] not in PIPES
    framed = sum(1 for i in rows if lines[i][1].strip()[:1] in PIPES and lines[i][1].strip()[-1:] in PIPES)
    if not unframed and framed * 2 >= len(rows) and not any("||" in lines[i][1] for i in rows):
        return lines  # markdown rows as a converter prints them: layout.markdown_grid reads them

    out: list[Line] = []
    header_pipes = current_pipes = 0
    current: tuple[tuple[int, int], list[str]] | None = None
    header_at: int | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            span, cells = current
            out.append((span, "| " + " | ".join(c.replace("\n", "<br>") for c in cells) + " |"))
            current = None

    for span, text in lines:
        pipes = sum(text.count(p) for p in PIPES)
        if _SEPARATOR_ROW.match(text) and pipes:
            continue
        if _is_pipe_only(text):
            flush()  # a line holding only `|` closes the row above it (a web table's row border)
            continue
        cells = _pipe_cells(text, not unframed) if pipes else [text.strip()]
        if pipes >= 2 and map_header(cells) is not None:
            flush()
            header_pipes = current_pipes = pipes
            current = (span, cells)
            header_at = len(out)
            continue
        # a line carries on the row above when together they hold no more pipes than the header
        carries_on = (
            current is not None
            and header_pipes
            and text.strip()
            and cells  # `| |` holds no cell
            and not _SEQ_CELL.match(cells[0])
            and current_pipes < header_pipes
            and current_pipes + pipes <= header_pipes
            and pipes < header_pipes
        )
        if carries_on:
            (first, _), old = current
            merged = [*old[:-1], (old[-1] + "\n" + cells[0]).strip(), *cells[1:]]
            current = ((first, span[1]), merged)
            current_pipes += pipes
            continue
        flush()
        if pipes >= 1 and len(cells) >= 2:
            current = (span, cells)
            current_pipes = pipes
        else:
            out.append((span, text))
    flush()
    if header_at is not None:
        body = [_pipe_cells(t) for _, t in out[header_at + 1 :] if t.startswith("| ")]
        span, text = out[header_at]
        header = widen_header(_pipe_cells(text), body)
        out[header_at] = (span, "| " + " | ".join(header) + " |")
    return out


def _pipe_row_indexes(lines: list[Line]) -> list[int]:
    return [i for i, (_, t) in enumerate(lines) if sum(t.count(p) for p in PIPES) >= 2 and not _SEPARATOR_ROW.match(t)]


def _is_header_tail(lines: list[Line], at: int) -> bool:
    """Is the line after the header row at ``at`` the rest of that row (`… | 公开时限 | 公开责任 |`
    then `公开链接 |`): the header closed its last cell, and the next line, not a row of its own,
    holds only short header-like words closed by a pipe?"""
    from duban.extract.headers import looks_like_header_word

    if at + 1 >= len(lines) or lines[at][1].strip()[-1:] not in PIPES:
        return False
    text = lines[at + 1][1].strip()
    if not text or text[0] in PIPES or text[-1] not in PIPES:
        return False
    cells = _pipe_cells(text)
    return bool(cells) and all(looks_like_header_word(c) for c in cells)


def _join_header_tail(lines: list[Line], at: int) -> list[Line]:
    """The header row at ``at`` with the cells of its tail line appended."""
    (first, _), head = lines[at]
    (_, last), tail = lines[at + 1]
    return [*lines[:at], ((first, last), head.rstrip() + " " + tail.strip()), *lines[at + 2 :]]


def _name_lost_task_column(lines: list[Line], rows: list[int]) -> tuple[list[Line], str | None]:
    """A header row that lost its task column (`牵头单位 | 配合单位 | 完成时限 | ||`) above rows
    wider than it: the lost column is the task the rows start with, named 工作任务 here so the
    row reads as a header. The lines unchanged and None when there is no such header."""
    from duban.extract.headers import candidates, map_header

    for k, i in enumerate(rows[:-1]):
        span, text = lines[i]
        cells = _pipe_cells(text)
        if not cells or not all(candidates(c) for c in cells) or map_header(["工作任务", *cells]) is None:
            continue
        below = [len(_pipe_cells(lines[j][1])) for j in rows[k + 1 : k + 4]]
        if sum(1 for width in below if width > len(cells)) * 2 <= len(below):
            continue
        lead = "| " if text.strip()[:1] in PIPES else ""
        named = lead + "工作任务 | " + text.strip()[len(lead.strip()) :].strip()
        return [*lines[:i], (span, named), *lines[i + 1 :]], named
    return lines, None


# --- spaced and glued header words --------------------------------------------------------


@cache
def header_words() -> tuple[str, ...]:
    """Every header word of reference/headers.yaml, longest first."""
    fields = load("headers")["fields"]
    words = {w for ws in fields.values() for w in ws if len(w) >= 2}
    return tuple(sorted(words, key=len, reverse=True))


def _is_header_word(word: str) -> bool:
    from duban.extract.headers import month_of

    return word in header_words() or month_of(word) is not None


def merge_spaced_words(tokens: list[str]) -> list[str] | None:
    """Tokens of a header line with words broken by spaces joined (`责任` `单位` -> `责任单位`).

    Returns None unless every token ends up in a header word."""
    merged: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 6), i, -1):
            word = "".join(tokens[i:j])
            if _is_header_word(word):
                merged.append(word)
                i = j
                break
        else:
            return None
    return merged


def spaced_header_words(lines: list[Line]) -> list[Line]:
    """A header line with spaces inside its words (`完 成 时 限`) rewritten with whole words,
    cells apart by two spaces (the width a position-laid-out row uses)."""
    from duban.extract.headers import map_header

    out = []
    for span, text in lines:
        tokens = text.split()
        if 3 <= len(tokens) <= 40 and "\t" not in text and "|" not in text and len(text) <= 120:
            merged = merge_spaced_words(tokens)
            if merged and len(merged) >= 3 and len(merged) < len(tokens) and map_header(merged) is not None:
                text = "  ".join(merged)
        out.append((span, text))
    return out


def glued_table(lines: list[Line]) -> list[Line]:
    """A task table whose cells lost their separators, to tab rows (`duban.extract.glued`):
    the header words glued together (`序号重点任务责任单位完成时限`) with the rows glued after
    them, or header and rows with cells apart by single spaces."""
    from duban.extract.glued import glued_table as read_glued_table

    return read_glued_table(lines, header_words())


# --- numbered items glued into one paragraph ----------------------------------------------

_ITEM_MARK = re.compile(
    r"(?P<arabic>(?<![\d第.．%])\d{1,3}[.．、])"
    r"|(?P<bracketed>[（(][一二三四五六七八九十]{1,3}[）)])"
    r"|(?P<sub>[（(]\d{1,2}[）)])"
    r"|(?P<top>[一二三四五六七八九十]{1,3}、)"
)
# The levels below each kind of mark: a new item of a level restarts the numbering under it.
_LEVELS_BELOW = {"top": ("bracketed", "sub"), "bracketed": ("sub",), "arabic": ("sub",), "sub": ()}
# A character a sharing site printed for a lost space after an item number (`（一）?市局…`).
_LOST_SPACE = re.compile(r"^([（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]?)[?？]+(?=[\u4e00-\u9fff])")
_AFTER_SENTENCE = "。；;）)"
_QUANTITY_NEXT = re.compile(r"[\d%]")
# A heading glued to the title before it (`…分工表一、提升服务能力1.开展…`): a short text without
# punctuation, then the first item number.
_HEADING_THEN_ITEM = re.compile(r"[^。；;，,（）()]{2,40}?(?:1[.．、]|[（(]一[）)])")
# A later heading of an excerpt that skips some (`…）（五）中医药产业发展10.推进…`).
_HEADING_THEN_ANY_ITEM = re.compile(r"[^。；;，,（）()]{2,40}?\d{1,3}[.．、]")
_HEADING_TEXT = re.compile(r"[^。；;，,（）()]{0,40}")


def _mark_value(text: str) -> int:
    from duban.extract.numbering import chinese_to_int

    digits = re.sub(r"[^\d一二三四五六七八九十]", "", text)
    return chinese_to_int(digits) or 0


def glued_item_starts(text: str) -> list[int]:
    """Where the numbered items of a paragraph begin, when several are glued into it.

    An Arabic item number counts when it is the one expected next (items are often numbered on
    across sub-headings), 1 again directly under a heading, or a later number right after a
    sentence or a heading (an excerpt skips items); one that reads as a quantity (`7.65岁`,
    `1、2023年` — a number, then digits) only when expected next right after a sentence or a
    heading. A Chinese heading number counts when it follows the
    last heading number of its kind, after a sentence (`二、三级医院` is no heading) or, glued to
    the title, right before a short heading and the first item."""
    cuts: list[int] = []
    last = {"arabic": 0, "bracketed": 0, "sub": 0, "top": 0}
    for match in _ITEM_MARK.finditer(text):
        kind = match.lastgroup or ""
        value = _mark_value(match.group())
        at = match.start()
        after_sentence = at == 0 or text[at - 1] in _AFTER_SENTENCE
        if kind == "top" and not (after_sentence or _HEADING_THEN_ITEM.match(text, match.end())):
            continue
        if kind == "sub" and not after_sentence:
            continue  # `(1)` inside a sentence is a reference, not an item
        expected = value == last[kind] + 1 or at == 0  # an excerpt may start at any number
        if kind == "bracketed" and value > last[kind] and after_sentence:
            expected = expected or _HEADING_THEN_ANY_ITEM.match(text, match.end()) is not None
        if kind == "arabic":
            if _QUANTITY_NEXT.match(text, match.end()):
                if not (expected and (after_sentence or right_under_heading(cuts, text, at))):
                    continue
            elif value == 1 and under_heading(cuts, text):
                expected = True
            elif value > last[kind] and (after_sentence or right_under_heading(cuts, text, at)):
                expected = True  # an excerpt skips items, under a sentence or a new heading
        elif kind == "top" and not last[kind] and at > 0 and after_sentence:
            # an excerpt that opens inside the text: its first heading, right before the first item
            expected = expected or _HEADING_THEN_ITEM.match(text, match.end()) is not None
        if expected:
            last[kind] = value
            for below in _LEVELS_BELOW[kind]:
                last[below] = 0
            cuts.append(at)
    return cuts


def under_heading(cuts: list[int], text: str) -> bool:
    """A restart at 1 only directly under a heading number (the last cut is a heading)."""
    return bool(cuts) and text[cuts[-1]] in "（(一二三四五六七八九十"


def right_under_heading(cuts: list[int], text: str, at: int) -> bool:
    """The last cut is a heading whose short text runs up to ``at``."""
    if not under_heading(cuts, text):
        return False
    mark = _ITEM_MARK.match(text, cuts[-1])
    heading = _HEADING_TEXT.match(text, mark.end()) if mark else None
    return heading is not None and heading.end() >= at


def split_glued_items(lines: list[Line]) -> list[Line]:
    """A long line holding two or more numbered items with units (`…）2.推进…（责任单位：…）3.…`)
    becomes one line per item (and per heading)."""
    minimum = _vocabulary()["glued_line_min"]
    out: list[Line] = []
    for span, text in lines:
        if len(text) < minimum or "\t" in text or "|" in text:
            out.append((span, text))
            continue
        marks = glued_item_starts(text)
        cuts = [c for c in marks if c > 0]
        if len(marks) < 2 or not cuts or not holds_items(text, marks):
            out.append((span, text))
            continue
        bounds = [0, *cuts, len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            piece = text[start:end].strip()
            if piece:
                out.append((span, _LOST_SPACE.sub(r"\1", piece) if "?" in piece or "？" in piece else piece))
    return out


def holds_items(text: str, marks: list[int]) -> bool:
    """Items, not only the sections of a notice: an Arabic number (`2.`, `(2)`) among the marks,
    or two bracketed ones (`（一）…（二）…`)."""
    if any(text[at].isdigit() or text[at + 1 : at + 2].isdigit() for at in marks):
        return True
    return sum(text[at] in "（(" for at in marks) >= 2


# --- labels on a line of their own; a page cut inside a parenthesis ------------------------

LABEL_FIELDS = ("content", "category", "lead", "participating", "deadline", "target", "leaders", "progress")


def _label_field(text: str) -> str | None:
    from duban.extract.headers import candidates

    word = compact(text).rstrip("：:")
    if not word or len(word) > 10 or word not in header_words():
        return None
    names = [n for n in candidates(word) if n in LABEL_FIELDS]
    return names[0] if names else None


HEADER_CELL_MAX = 8  # `主要工作任务`: a header cell holding a header word, not a phrase of prose


def _is_header_cell(text: str) -> bool:
    """A header word, or a short cell holding one (`主要工作任务`)."""
    from duban.extract.headers import candidates

    word = compact(text)
    return word in header_words() or (len(word) <= HEADER_CELL_MAX and bool(candidates(word)))


def join_label_lines(lines: list[Line]) -> list[Line]:
    """`责任单位` alone on a line, its value on the next: one `责任单位：value` line.

    Only a label standing between values: a run of labels is a header, one cell per line."""
    out: list[Line] = []
    filled = [i for i, (_, t) in enumerate(lines) if t.strip()]
    joined: set[int] = set()
    for k, i in enumerate(filled):
        if i in joined:
            continue
        span, text = lines[i]
        before = filled[k - 1] if k else None
        after = filled[k + 1] if k + 1 < len(filled) else None
        if (
            after is not None
            and _label_field(text)
            and compact(lines[after][1]) not in header_words()  # `6月` may be a value here
            and (before is None or not _is_header_cell(lines[before][1]))
            and "\t" not in lines[after][1]
            and not _is_pipe_only(lines[after][1])  # a cell's closing bar, not a value
        ):
            out.append(((span[0], lines[after][0][1]), compact(text).rstrip("：:") + "：" + lines[after][1].strip()))
            joined.add(after)
            continue
        out.append((span, text))
    if not joined:
        return lines
    keep = {i for i, (_, t) in enumerate(lines) if not t.strip()}
    blanks = [lines[i] for i in sorted(keep)]
    return _merge_blanks(out, blanks)


def _merge_blanks(filled: list[Line], blanks: list[Line]) -> list[Line]:
    """Put blank lines back between the filled ones, in input order."""
    return sorted([*filled, *blanks], key=lambda line: line[0][0])


def close_cut_parenthesis(lines: list[Line]) -> list[Line]:
    """A page cut inside the last item's unit parenthesis (`（责任单位：区卫健局、区财政局`):
    the parenthesis is closed, so the item still names its units."""
    from duban.extract.units import vocabulary

    last = max((i for i, (_, t) in enumerate(lines) if t.strip()), default=None)
    if last is None:
        return lines
    span, text = lines[last]
    opened = text.rfind("（")
    if opened < 0 or "）" in text[opened:]:
        return lines
    words = vocabulary().roles
    inside = text[opened + 1 :]
    if not any(w in inside for w in (*words.lead_labels, *words.participating_labels, *words.lead_markers)):
        from duban.extract.units import is_unit_name

        if not is_unit_name(inside.rstrip("、，,；; ")):
            return lines
    return [*lines[:last], (span, text.rstrip("、，,；; ") + "）"), *lines[last + 1 :]]


# --- a paragraph-cell header spaced out or glued ----------------------------------------------

_PERIOD_WORD = re.compile(r"第?[一二三四1-4]季度|(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?")
SPACED_CELL_MAX = 12  # `主 要 工 作 任 务`: a header cell, not a line of prose
SPACED_LINE_MAX = 2 * SPACED_CELL_MAX + 8  # such a cell with its spaces, indented


def spaced_header_cells(lines: list[Line]) -> list[Line]:
    """A header cell of a paragraph-cell table with a space between every character or two
    (`主 要 工 作 任 务`) closed up. Only beside another header cell, so that a spaced title or
    name is left alone."""
    out: list[Line] = []
    for index, (span, text) in enumerate(lines):
        # the length and the space are tested here: a call per line would cost more than the test
        if len(text) <= SPACED_LINE_MAX and " " in text and _is_spaced_cell(text) and _beside_header_cell(lines, index):
            text = compact(text)
        out.append((span, text))
    return out


def glued_header_lines(lines: list[Line]) -> list[Line]:
    """A line of header words glued together (`实事内容工作任务责任单位进展情况`), and a line of
    months or quarters under it (`一季度二季度三季度四季度`), cut into one word per line: the
    header of a paragraph-cell table. A glued header followed by glued rows is `glued_table`'s."""
    out: list[Line] = []
    glued_above = False
    heads = _header_heads()
    for span, text in lines:
        could_be = glued_above or text.lstrip()[:2] in heads  # most lines fail this cheap test
        words = _glued_words(text, periods_only=glued_above) if could_be else []
        if words:
            out.extend((span, word) for word in words)
            glued_above = True
            continue
        glued_above = glued_above and not text.strip()
        out.append((span, text))
    return out


GLUED_HEADER_MAX = 60


@cache
def _header_line_pattern() -> re.Pattern[str]:
    """A line of nothing but header words and month or quarter words (checked before splitting)."""
    words = "|".join(map(re.escape, header_words()))
    return re.compile(f"(?:{words}|{_PERIOD_WORD.pattern})+")


@cache
def _header_heads() -> frozenset[str]:
    """The first two characters of every header word: a cheap test before the full match."""
    return frozenset(w[:2] for w in header_words())


@cache
def _header_tails() -> frozenset[str]:
    """The last two characters of every header word, and of a quarter or month word."""
    return frozenset([w[-2:] for w in header_words()] + ["季度", "月份", *(f"{d}月" for d in "0123456789十一二")])


def glued_header_words(text: str) -> list[str]:
    """The words of a line that holds only glued header words (`工作任务责任单位完成时限`), else []."""
    return _glued_words(text, periods_only=False)


def _glued_words(text: str, periods_only: bool) -> list[str]:
    """The words of a line holding only glued header words (two or more that make a task
    table's header), or, under such a line, only month or quarter words; [] for any other line."""
    value = text.strip()
    if len(value) < 4 or len(value) > GLUED_HEADER_MAX or value[-2:] not in _header_tails():
        return []
    if not periods_only and value[:2] not in _header_heads():
        return []
    if _header_line_pattern().fullmatch(value) is None:
        return []
    from duban.extract.headers import map_header

    words: list[str] = []
    at = 0
    while at < len(value):
        period = _PERIOD_WORD.match(value, at)
        word = period.group() if period else next((w for w in header_words() if value.startswith(w, at)), None)
        if word is None:
            return []
        words.append(word)
        at += len(word)
    if periods_only and len(words) >= 2 and all(_PERIOD_WORD.fullmatch(w) for w in words):
        return words
    return words if len(words) >= 2 and map_header(words) is not None else []


def _is_spaced_cell(text: str) -> bool:
    tokens = text.split()
    return (
        len(tokens) >= 3
        and len(compact(text)) <= SPACED_CELL_MAX
        and all(len(t) <= 2 and HAN.match(t) for t in tokens)
    )


def _beside_header_cell(lines: list[Line], index: int) -> bool:
    """Is the filled line before or after ``index`` a header word, and the spaced one closed up too?"""
    from duban.extract.headers import candidates

    if not candidates(compact(lines[index][1])):
        return False
    before = next((t for _, t in reversed(lines[:index]) if t.strip()), "")
    after = next((t for _, t in lines[index + 1 :] if t.strip()), "")
    return any(compact(t) in header_words() for t in (before, after))


def has_cjk(text: str) -> bool:
    return HAN.search(text) is not None


def compact_all(lines: list[Line]) -> str:
    return compact("".join(t for _, t in lines))


STEPS = (
    to_simplified,
    full_width_punctuation,
    close_cut_parenthesis,
    spaced_header_cells,
    join_label_lines,
    broken_markdown_rows,
    pipe_cell_lines,
    pipe_rows,
    spaced_header_words,
    glued_table,
    split_glued_items,
    glued_header_lines,
)

