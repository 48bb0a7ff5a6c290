"""A task table whose cells lost their separators, read back into tab rows (a normalize step).

Two forms reach us. The header words glued together (`序号重点任务责任单位完成时限`) with the rows
glued after them, on the same line or the following ones: rows are cut at their item numbers,
each the previous plus one where the text before it closes a row (a deadline or unit names
end there); a group cell (任务分类) printed before a row's number belongs to that row. A table
with no 序号 column is cut after each run of unit names that follows a sentence. Or header and
rows with cells apart by single spaces, empty cells vanished: one row per line, a line that
starts no row carrying on the row above. Cells are then found by what they look like
(`duban.extract.cells`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.cells import (
    MIN_TEXT,
    column_kinds,
    could_end_deadline,
    could_end_units,
    deadline_run_end,
    guess_cells,
    name_can_start,
    peel_deadline,
    peel_units,
    spaced_cells,
    spaced_tokens,
    task_verbs,
    text_column,
    unit_likeness,
    unit_run_end,
)
from duban.extract.deadlines import is_deadline_phrase
from duban.extract.headers import ColumnMap, map_header
from duban.extract.layout import CELL_GAP, HEADING, is_spaced_header, is_task_and_units_header
from duban.extract.units import is_unit_name, split_units, vocabulary

Line = tuple[tuple[int, int], str]

NUMBER = re.compile(r"(?<![\d.．第])(\d{1,3})(?:[.、．](?!\d))?(?=\s*[\u4e00-\u9fffA-Za-z“])")
# After a date's year or before one of these a number is a quantity or a date, not a row number.
NOT_A_ROW_AFTER = re.compile(r"\s*(?:[年月日号个项家所人万亿元次名张台件条种类级倍天周岁床位批]|季度|%)")
DIGIT_RUN = re.compile(r"(?<![\d.．第])\d+")
ROW_TEXT_AFTER = re.compile(r"[.、．]?\s*[\u4e00-\u9fffA-Za-z“\"\d]")
GROUP_CELL_MAX = 40
SEQ_NUMBER = re.compile(r"\d{1,3}")  # a group cell printed before a row's number is a short heading
SENTENCE_STOPS = "。；;"


@dataclass
class Body:
    """The text after a header (the rest of its line and the lines below, up to a blank line)
    and where each of its input lines starts in it."""

    text: str
    pieces: list[tuple[int, int, tuple[int, int]]]  # (start, end, input span) of each line
    lines: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        first = next(s for a, b, s in self.pieces if a <= start < b or b >= start)
        last = next((s for a, b, s in self.pieces if a < end <= b), self.pieces[-1][2])
        return first[0], last[1]


def glued_table(lines: list[Line], header_words: tuple[str, ...]) -> list[Line]:
    """A task table whose cells lost their separators, to tab rows (``header_words``: every
    header word, longest first)."""
    for index, (span, text) in enumerate(lines):
        if "\t" in text or "|" in text:
            continue
        found = header_in(text, header_words)
        if found is None:
            continue
        header, title, rest, spaced = found
        cmap = map_header(header)
        body = body_after(lines, index, rest)
        if not rest.strip() and not first_line_is_a_row(body, cmap, spaced):
            continue  # a header alone above paragraph cells: duban.extract.stream reads those
        squeezed = text.strip()
        # a header whose words are apart by one space each shows empty cells as extra spaces;
        # one padded with runs of spaces (`牵头  领导`) pads its cells' words too (`汪  峰`)
        empties_shown = not DOUBLE_SPACE.search(squeezed[len(title) : len(squeezed) - len(rest)])
        rows = spaced_rows(body, cmap, empties_shown) if spaced else glued_rows(body, cmap)
        if not rows:
            continue
        emitted: list[Line] = [(span, title.strip())] if title.strip() else []
        emitted.append((span, "\t".join(header)))
        emitted += rows
        consumed = index + body.lines
        return [*lines[:index], *emitted, *glued_table(lines[consumed:], header_words)]
    return lines


def first_line_is_a_row(body: Body, cmap: ColumnMap, spaced: bool = False) -> bool:
    """Does the first line under a header give a unit or a deadline cell of its own (a row on
    one line, not one cell of a row printed a cell per line)? ``spaced``: cells apart by spaces."""
    if len(body.pieces) < 2:
        return False
    start, end, _ = body.pieces[1]
    line = body.text[start:end].strip()
    cells = spaced_cells(line.split(), cmap) if spaced else guess_cells(line, cmap)
    kinds = column_kinds(cmap)
    return any(cells[i] for i, kind in enumerate(kinds) if kind in ("lead", "participating", "deadline"))


# --- the header ---------------------------------------------------------------------------


DOUBLE_SPACE = re.compile(r"[ \u3000]{2,}")
YEAR_BEFORE_WORD = re.compile(r"\d{4}年度?")


@cache
def _header_pattern(header_words: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(map(re.escape, header_words))
    # a header word first, so that the search can skip on quickly where none starts
    return re.compile(f"(?:{words})(?:(?:{YEAR_BEFORE_WORD.pattern})?(?:{words}))+")


def split_header(glued: str, header_words: tuple[str, ...]) -> list[str]:
    """`序号重点任务责任单位完成时限` -> its header words (longest match first); a year in front
    of a word (`2024年重点工作任务`) is left out."""
    out, at = [], 0
    while at < len(glued):
        year = YEAR_BEFORE_WORD.match(glued, at)
        at = year.end() if year else at
        word = next((w for w in header_words if glued.startswith(w, at)), None)
        if word is None:
            return []
        out.append(word)
        at += len(word)
    return out


MONTH_WORDS = re.compile(r"(?:(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?|第?[一二三四1-4]季度)+")
MONTH_WORD = re.compile(r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月份?|第?[一二三四1-4]季度")


def header_in(text: str, header_words: tuple[str, ...]) -> tuple[list[str], str, str, bool] | None:
    """The header words near the head of a line, glued or apart by single spaces, with the
    month columns after them: (words, the text before them, the text after them, whether
    spaces part them); None when the line holds no such header. Two words only when they name
    the task and its units, at the line's start. Runs of spaces inside header words
    (`牵头  领导`) are read here too when the runs do not part the header's cells."""
    squeezed = text.strip()
    if CELL_GAP.search(squeezed[:80]) and is_spaced_header(squeezed):
        return None  # cells apart by runs of spaces: layout.space_row_grid reads those
    compacted = squeezed.replace(" ", "").replace("\u3000", "")
    # a title's words can read as a header run too (`…民生实事项目目标任务责任分解表序号…`):
    # the first run that maps to a task header is the header
    for match in _header_pattern(header_words).finditer(compacted, 0, 200):
        if match.start() > 60:
            return None
        words = split_header(match.group(), header_words)
        months = MONTH_WORDS.match(compacted, match.end())
        if months:
            words += MONTH_WORD.findall(months.group())
        cmap = map_header(words) if len(words) >= 2 else None
        if cmap is None or (len(words) == 2 and (match.start() > 0 or not is_task_and_units_header(words))):
            continue
        return placed_header(squeezed, words, match, months)
    return None


def placed_header(squeezed: str, words: list[str], match: re.Match[str], months: re.Match[str] | None):
    """(words, the text before them, the text after them, whether spaces part them)."""
    end_at = months.end() if months else match.end()
    keep = [i for i, ch in enumerate(squeezed) if ch not in " \u3000"]
    start, end = keep[match.start()], keep[end_at - 1] + 1
    spaced = squeezed[start:end].count(" ") >= len(words) - 1
    return words, squeezed[:start], squeezed[end:], spaced


def body_after(lines: list[Line], index: int, rest: str) -> Body:
    """The text after a header: the rest of its line and the lines that follow, up to a blank
    line, with where each piece starts so that rows keep their input lines."""
    found = [(lines[index][0], rest)]
    for span, text in lines[index + 1 :]:
        if not text.strip() or "\t" in text:
            break
        found.append((span, text.strip()))
    text, pieces = "", []
    for span, piece in found:
        start = len(text)
        text += piece + "\n"
        pieces.append((start, len(text), span))
    return Body(text.rstrip("\n"), pieces, len(found))


# --- rows apart by single spaces, one per line --------------------------------------------


def spaced_rows(body: Body, cmap: ColumnMap, empties_shown: bool = False) -> list[Line]:
    """One row per line; a line that starts no row carries on the last cell of the row above,
    a heading line (`一、…`) stays a line of its own. ``empties_shown``: a run of spaces holds
    empty cells (`spaced_tokens`)."""
    rows: list[tuple[tuple[int, int], list[str]]] = []
    out: list[Line] = []
    expected = None  # an excerpt may start at any row
    for start, end, span in body.pieces:
        line = body.text[start:end]
        tokens = spaced_tokens(line) if empties_shown else line.split()
        if not tokens:
            continue
        if starts_row(tokens, expected, cmap):
            flush(rows, out, cmap)
            rows.append((span, tokens))
            expected = row_number(tokens, cmap, expected) + 1
        elif rows and not HEADING.match(tokens[0]):
            first, old = rows[-1]
            rows[-1] = ((first[0], span[1]), carried_on(old, tokens))
        else:
            flush(rows, out, cmap)
            out.append((span, " ".join(tokens)))
    flush(rows, out, cmap)
    return out


def carried_on(tokens: list[str], more: list[str]) -> list[str]:
    """A row's tokens with the next line's: its first token carries on the last cell when that
    cell was cut (it ends with a separator, or is a text with no full stop), else it is a cell."""
    last = tokens[-1]
    cut = last.endswith(("、", "，", ",")) or not (
        last.endswith(("。", "；", ";")) or unit_likeness(last) or is_deadline_phrase(last)
    )
    return [*tokens[:-1], last + more[0], *more[1:]] if cut else [*tokens, *more]


def row_number(tokens: list[str], cmap: ColumnMap, expected: int | None) -> int:
    """The item number a row opened with (the one expected when it has none)."""
    seq_at = cmap.get("seq")
    head = [t.rstrip(".、．") for t in tokens[: (seq_at or 0) + 1]]
    return int(next((t for t in head if SEQ_NUMBER.fullmatch(t)), (expected or 1) - (seq_at is None)))


def flush(rows: list, out: list[Line], cmap: ColumnMap) -> None:
    for span, tokens in rows:
        out.append((span, "\t".join(spaced_cells(tokens, cmap))))
    rows.clear()


def starts_row(tokens: list[str], expected: int | None, cmap: ColumnMap) -> bool:
    """A line opens a row: it starts with the next item number (any number on the first row),
    or 1 again under a new group (after the group cell when the group column comes first); or,
    without a number, it starts with text and names units after it."""
    seq_at = cmap.get("seq")
    if seq_at is not None:
        head = [t.rstrip(".、．") for t in tokens[: seq_at + 1]]
        if expected is None and any(SEQ_NUMBER.fullmatch(t) for t in head):
            return True
        if str(expected) in head or (seq_at > 0 and "1" in head[1:]):
            return True
    return len(tokens) >= 2 and not is_unit_name(tokens[0]) and any(is_unit_name(t) for t in tokens[1:])


@dataclass
class Cut:
    """Where a glued row starts, and its item number (None without) and where that stands."""

    start: int
    number: str | None = None
    number_at: int = 0


def glued_rows(body: Body, cmap: ColumnMap) -> list[Line]:
    """Rows of a glued table as tab rows, on the input lines they came from."""
    if cmap.get("seq") is not None:
        cuts = numbered_cuts(body.text, cmap)
        cuts = [extra for k, cut in enumerate(cuts) for extra in [cut, *rows_without_number(body.text, cuts, k, cmap)]]
    else:
        cuts = [Cut(at) for at in unnumbered_cuts(body.text, cmap)]
    rows = []
    for k, cut in enumerate(cuts):
        end = cuts[k + 1].start if k + 1 < len(cuts) else len(body.text)
        if body.text[cut.start : end].strip():
            rows.append((body.span(cut.start, end), "\t".join(row_cells(body.text, cut, end, cmap))))
    return rows


def rows_without_number(text: str, cuts: list[Cut], k: int, cmap: ColumnMap) -> list[Cut]:
    """Rows printed with no number inside a numbered row's text: after the row's unit names
    (and deadline) a new task starts with a verb and ends in unit names of its own."""
    kinds = column_kinds(cmap)
    if trailing_columns(kinds):
        return []
    end = cuts[k + 1].start if k + 1 < len(cuts) else len(text)
    start = cuts[k].number_at
    typed = [kind for kind in kinds if kind in ("lead", "participating", "deadline")]
    blocks = unit_blocks(text[start:end], typed)
    return [Cut(start + stop) for _, stop in blocks[:-1] if text.startswith(task_verbs(), start + stop)]


def trailing_columns(kinds: list[str]) -> bool:
    """Free columns (年度目标, months) after the last unit or deadline column."""
    last = max((j for j, kind in enumerate(kinds) if kind in ("lead", "participating", "deadline")), default=len(kinds))
    return last < len(kinds) - 1


def group_first(cmap: ColumnMap) -> bool:
    """The group column (任务分类) comes before the number column."""
    category, seq = cmap.get("category"), cmap.get("seq")
    return category is not None and seq is not None and category < seq


def row_cells(text: str, cut: Cut, end: int, cmap: ColumnMap) -> list[str]:
    """Cells of one glued row: the group cell before its number, the number, then the rest."""
    if cut.number is None:
        return guess_cells(text[cut.start : end], cmap)
    after = cut.number_at + len(cut.number)
    rest = text[after:end].lstrip(".、．")
    cells = guess_cells(rest, cmap, seq=cut.number)
    if group_first(cmap):
        cells[cmap.columns["category"]] = text[cut.start : cut.number_at].strip()
    return cells


def numbered_cuts(text: str, cmap: ColumnMap) -> list[Cut]:
    """Where rows start: at each item number 1, 2, 3 … (or 1 again after a new group cell) that
    follows the end of a row — the first place it does, after a deadline where the number reads
    as a quantity; else the first place it does not read as one — moved back over the group cell
    printed before it when the group column comes first."""
    cuts: list[Cut] = []
    expected, previous = 1, 0
    while True:
        chosen = next_number(text, expected, previous, cmap, excerpt=bool(cuts) and cuts[0].number != "1")
        if chosen is None:
            break
        cuts.append(Cut(chosen[0], str(chosen[1]), chosen[0]))
        previous, expected = chosen[0] + 1, chosen[1] + 1
    if group_first(cmap):
        for k, cut in enumerate(cuts):
            cut.start = group_start(text, [c.number_at for c in cuts], k, cmap)
    return cuts


def next_number(text: str, expected: int, previous: int, cmap: ColumnMap, excerpt: bool = False) -> tuple[int, int] | None:
    """(where, which number) the next row opens: the first place, in reading order, where the
    expected number (or 1 under a new group cell) follows a row's end."""
    places = number_places(text, expected, previous)
    if expected == 1:
        first = next(((at, 1) for at, quantity in places if not quantity), None)
        return first or (first_excerpt_number(text, previous) if previous == 0 else None)
    candidates = [(at, expected, quantity) for at, quantity in places]
    if group_first(cmap):
        candidates += [(at, 1, quantity) for at, quantity in number_places(text, 1, previous) if not quantity]
        if excerpt:  # numbered from the middle: it may skip rows again
            candidates += later_numbers(text, expected, previous)
    for at, number, quantity in sorted(candidates):
        if number != expected:
            if opens_group(text, previous, at, cmap):
                return at, number
        elif closes_row(text[previous:at], cmap) and (not quantity or quantity_opens_row(text, previous, at, cmap)):
            return at, expected
    return next(((at, expected) for at, quantity in places if not quantity), None)


def numbers_before_row_text(text: str, after: int):
    """(where, the number, where it ends) of each number (up to three digits of a run) after
    ``after`` that has row text after it and does not read as a quantity or a date."""
    for match in DIGIT_RUN.finditer(text, after):
        digits = match.group()[:3]
        end = match.start() + len(digits)
        if ROW_TEXT_AFTER.match(text, end) and not NOT_A_ROW_AFTER.match(text, end):
            yield match.start(), int(digits), end


def first_excerpt_number(text: str, after: int) -> tuple[int, int] | None:
    """An excerpt's first row may carry any number (`…预期目标2城乡居民…`): the first number, not
    a quantity, with row text after it."""
    return next(((at, n) for at, n, end in numbers_before_row_text(text, after) if not text[end : end + 1].isdigit()), None)


def later_numbers(text: str, expected: int, after: int) -> list[tuple[int, int, bool]]:
    """Numbers past the expected one where an excerpt skips rows; they open a row only under a
    new group cell (`…县财政局增进民生福祉41推进…`)."""
    return [(at, n, False) for at, n, _ in numbers_before_row_text(text, after) if expected < n <= expected + 99]


def opens_group(text: str, previous: int, at: int, cmap: ColumnMap) -> bool:
    """Does a 1 at ``at`` open a new group (numbering starts again under a new group cell)?"""
    end = row_end(text[previous:at], cmap)[0]
    return end is not None and len(text[previous + end : at].strip()) >= 2


def quantity_opens_row(text: str, start: int, at: int, cmap: ColumnMap) -> bool:
    """Does a number that reads as a quantity (`765岁`) open a row all the same? Only right
    after a row's unit names and deadline, where the deadline does not go on through it
    (`每季度末` + `765岁`, not `2024年12月` + `31日前`), with at most a group cell between."""
    head = text[start:at]
    end = row_end(head, cmap)[0] if group_first(cmap) else len(head)
    deadline = peel_deadline(head[:end])[0] if end else ""
    if not deadline or not head[:end].endswith(deadline):
        return False
    begins = end - len(deadline)
    group = head[end:]
    if group and (len(group) < 4 or any(mark in group for mark in "，,")):
        return False
    return bool(peel_units(head[:begins])[0]) and deadline_run_end(text, start + begins) <= start + end


def number_places(text: str, number: int, after: int) -> list[tuple[int, bool]]:
    """Places after ``after`` where ``number`` may open a row, each with whether it reads as a
    quantity or a date there (`5家`, `3月`, `765岁` read as 7 + 65岁)."""
    digits = str(number)
    found = []
    for match in DIGIT_RUN.finditer(text, after):
        if not match.group().startswith(digits):
            continue
        end = match.start() + len(digits)
        if not ROW_TEXT_AFTER.match(text, end):
            continue
        quantity = text[end : end + 1].isdigit() or NOT_A_ROW_AFTER.match(text, end) is not None
        found.append((match.start(), quantity))
    return found


def closes_row(chunk: str, cmap: ColumnMap) -> int:
    """How surely ``chunk`` (the text from the previous row's number) ends as a row ends:
    2 with a deadline, 1 with unit names (or when free columns end the row), 0 not at all."""
    tail = chunk.rstrip()
    if group_first(cmap):
        return row_end(tail, cmap)[1]
    kinds = column_kinds(cmap)
    last = max((j for j, kind in enumerate(kinds) if kind in ("lead", "participating", "deadline")), default=None)
    if last is None or last < len(kinds) - 1:
        return 1  # free columns at the end: nothing to check
    if "deadline" in cmap.columns and could_end_deadline(tail[-1:]) and peel_deadline(tail)[0]:
        return 2
    return 1 if could_end_units(tail[-1:]) and peel_units(tail)[0] else 0


def group_start(text: str, cuts: list[int], k: int, cmap: ColumnMap) -> int:
    """The start of row k moved back to the group cell printed before its number."""
    if k == 0:
        before = text[: cuts[0]]
        return 0 if len(before.strip()) <= GROUP_CELL_MAX and not any(s in before for s in SENTENCE_STOPS) else cuts[0]
    end = row_end(text[cuts[k - 1] : cuts[k]], cmap)[0]
    return cuts[k - 1] + end if end is not None else cuts[k]


def row_end(chunk: str, cmap: ColumnMap) -> tuple[int | None, int]:
    """Where the last cell of a row ends when a short group cell (the next row's) follows it,
    and how surely: the rightmost deadline with no sentence after it (2), else the end of the
    first unit names after the task's text (1); (None, 0) if there is none."""
    floor = max(0, len(chunk) - GROUP_CELL_MAX - 1)
    text_end = max(chunk.rfind(stop) for stop in SENTENCE_STOPS) + 1
    if "deadline" in cmap.columns:
        for end in range(len(chunk), max(floor, text_end), -1):
            head = chunk[:end].rstrip()
            if could_end_deadline(head[-1:]) and peel_deadline(head)[0]:
                return end, 2
    vocab = vocabulary()
    for start in range(max(text_end, MIN_TEXT), len(chunk) - 2):
        if not name_can_start(chunk, start, vocab):
            continue
        end = unit_run_end(chunk, start)
        if end > start:
            end = unit_run_end(chunk, end) if "participating" in cmap.columns else end
            return (end, 1) if len(chunk) - end <= GROUP_CELL_MAX else (None, 0)
    return None, 0


def unnumbered_cuts(text: str, cmap: ColumnMap) -> list[int]:
    """Rows of a table without numbers: one per line when the lines end as rows end (a deadline
    or unit names); else each ends after a run of unit names (and the deadline right after it)
    that follows a sentence, and with free columns after the units (年度目标, months) the next
    row starts at the sentence before its own unit names."""
    lines = line_cuts(text, cmap)
    if lines:
        return [0, *lines]
    kinds = column_kinds(cmap)
    text_at = text_column(cmap) or 0
    typed = [kinds[j] for j in range(text_at + 1, len(kinds)) if kinds[j] in ("lead", "participating", "deadline")]
    trailing = trailing_columns(kinds)
    blocks = unit_blocks(text, typed)
    if not blocks:
        return [0]
    cuts = [0]
    for (start, _), (_, end) in zip(blocks[1:], blocks[:-1], strict=True):
        cuts.append(sentence_start(text, end, start) if trailing else end)
    return cuts


def line_cuts(text: str, cmap: ColumnMap) -> list[int]:
    """Starts of the lines that follow a line ending as a row ends (a deadline or unit names);
    a line that does not end so runs on into the next. None in a one-line body."""
    if trailing_columns(column_kinds(cmap)) or "\n" not in text:
        return []
    cuts, previous = [], 0
    for at in (i for i, ch in enumerate(text) if ch == "\n"):
        if closes_row(text[previous:at], cmap):
            cuts.append(at + 1)
            previous = at + 1
    return cuts


def unit_blocks(text: str, typed: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every run of unit names (plus a deadline after it) that follows a
    sentence end and opens with a level (市, 县, 各级, a place name); the end takes the deadline
    in. A name with no level right after a sentence is too often the sentence's own word."""
    blocks: list[tuple[int, int]] = []
    at = 0
    while at < len(text) - 2:
        stop = min((text.find(s, at) for s in "。；" if text.find(s, at) >= 0), default=-1)
        if stop < 0:
            break
        start = stop + 1
        end = unit_run_end(text, start) if start < len(text) else start
        if end > start and opens_with_level(text[start:end]):
            if "participating" in typed:
                end = unit_run_end(text, end)
            if "deadline" in typed:
                end = deadline_run_end(text, end)
            blocks.append((start, end))
        at = max(end, start)
    return blocks


def opens_with_level(units: str) -> bool:
    from duban.extract.unit_names import split_prefix

    vocab = vocabulary()
    first = (split_units(units) or [""])[0]
    return bool(split_prefix(first, vocab)[0]) or first.startswith(vocab.no_prefix_starts)


def sentence_start(text: str, floor: int, block: int) -> int:
    """Start of the sentence that ends right before ``block`` (not before ``floor``)."""
    stop = max(text.rfind(s, floor, block - 1) for s in "。；")
    return stop + 1 if stop >= floor else floor
