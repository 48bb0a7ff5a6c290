"""Cells of a row that lost its separators, found by what they look like.

A row copied without cell separators (`1推进公立医院薪酬制度改革市人社局、市卫健委2025年底前`)
still has its columns in the header's order. The unit and deadline columns after the task text
are peeled off its end: a deadline is the longest tail that reads as one date form or ongoing
word (or two joined by 并); units are the longest tail that reads as a list of unit names and
starts where a name can start (a level prefix such as 市/县/各级, or after a full stop). Two unit
columns side by side (牵头单位 | 配合单位) are parted where a space or two glued names part them.
Free-text columns after them (年度目标, month columns, 牵头领导) follow the first run of unit
names after the task text. What is left is the task text.

A row whose cells are apart by single spaces (empty cells vanished) is placed token by token:
each token goes to the column it looks like best, in the header's order (`spaced_cells`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.extract.deadlines import is_deadline_phrase
from duban.extract.headers import ColumnMap
from duban.extract.unit_names import _split_glued
from duban.extract.units import is_unit_name, split_units, vocabulary

LEADING_SEQ = re.compile(r"^\s*(\d{1,3})\s*[.、．]?\s*")
SEQ_TOKEN = re.compile(r"^\d{1,3}[.、．]?$")
UNIT_FIELDS = ("lead", "participating")
TYPED_FIELDS = (*UNIT_FIELDS, "deadline")
NAME_STARTS_AFTER = "。；;：:）)"  # not a comma: a task's clause may end in a word like 机构
DEADLINE_JOINS = "并和及、，,"  # `2025年6月底前完成并长期坚持` is one deadline cell
MAX_DEADLINE = 24
MAX_UNITS = 120
UNIT_STOPS = "。；;"
MIN_TEXT = 6  # a task's text is longer than this: `建设县级胸痛中心县人民医院` has no 2-character task
SENTENCE_END = re.compile(r"(?<=[。；;！？])")
SENTENCE_MARKS = ("。", "！", "？", "!", "?")
MAX_NAME = 15
GROUP_CELL_MIN = 4
GLUED_NAME_MAX = 18
DATE_IN_NAME = re.compile(r"\d{4}年|\d{1,2}月|年底|年内")
LIST_ITEM = re.compile(r"(?:[^、，,；;（(]|[（(][^）)]*[）)]?)+|[、，,；;]")
MISFIT = -3.0
TEXT_KINDS = ("content", "category", "level")
PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}(?:[、，,][\u4e00-\u9fff]{2,4})*")


def guess_cells(text: str, cmap: ColumnMap, seq: str | None = None) -> list[str]:
    """The row's cells in header order (width of the header), empty where nothing fits;
    ``seq``: the row's number when it was already taken off the text."""
    cells = [""] * cmap.width
    rest = text.strip()
    seq_at = cmap.get("seq")
    match = LEADING_SEQ.match(rest) if seq is None else None
    if match and seq_at is not None:
        cells[seq_at] = match.group(1)
        rest = rest[match.end() :]
    elif seq is not None and seq_at is not None:
        cells[seq_at] = seq
    text_at = text_column(cmap)
    if text_at is None:
        return cells
    kinds = column_kinds(cmap)
    typed = [j for j in range(text_at + 1, cmap.width) if kinds[j] in TYPED_FIELDS]
    trailing = [j for j in range(max(typed, default=text_at) + 1, cmap.width)]
    if trailing and typed:
        rest, tail = split_trailing(rest, [kinds[j] for j in typed])
        for column, part in zip(trailing, share_out(tail, len(trailing)), strict=True):
            cells[column] = part
    peel_typed(rest, typed, kinds, cells, text_at)
    category_at = cmap.get("category")
    if category_at is not None and category_at < text_at and seq_at is None and not cells[category_at]:
        cells[category_at], cells[text_at] = split_group_cell(cells[text_at])
    return cells


def text_column(cmap: ColumnMap) -> int | None:
    return cmap.get("content") if cmap.get("content") is not None else cmap.get("category")


def column_kinds(cmap: ColumnMap) -> list[str]:
    """The field of every column (`month` for a milestone column, `other` when unnamed)."""
    from duban.extract.headers import DESCRIBING, candidates

    kinds = ["other"] * cmap.width
    for index, label in enumerate(cmap.labels):
        if any(name in DESCRIBING for name in candidates(label)):
            kinds[index] = "level"  # a third task-describing level (类别 | 主要任务 | 细化措施) no field keeps
    for name, index in cmap.columns.items():
        kinds[index] = name
    for index in cmap.more_units:
        kinds[index] = "participating"
    for index in cmap.months:
        kinds[index] = "month"
    return kinds


def peel_typed(rest: str, typed: list[int], kinds: list[str], cells: list[str], text_at: int) -> None:
    """Deadline and unit columns peeled off the end of ``rest`` from the right; the remainder
    is the task text."""
    tail = sorted(typed, reverse=True)
    while tail:
        index = tail.pop(0)
        if kinds[index] == "deadline":
            cells[index], rest = peel_deadline(rest)
            continue
        columns = [index]
        while tail and kinds[tail[0]] in UNIT_FIELDS and tail[0] == columns[0] - 1:
            columns.insert(0, tail.pop(0))
        units, rest = peel_units(rest)
        for column, part in zip(columns, split_unit_columns(units, len(columns)), strict=True):
            cells[column] = part
    cells[text_at] = rest.strip()


# --- deadlines ----------------------------------------------------------------------------


def peel_deadline(text: str) -> tuple[str, str]:
    """(deadline, text before it) — the longest tail of ``text`` that is a deadline phrase."""
    stripped = text.rstrip(" \u3000\n。；;")
    parts = stripped.rsplit(None, 1)
    if len(parts) == 2 and is_deadline(parts[1]):
        return parts[1], parts[0]
    at = deadline_tail(stripped)
    if at is None:
        return "", text
    while at > 1 and stripped[at - 1] in DEADLINE_JOINS:
        before = deadline_tail(stripped[: at - 1].removesuffix("完成"))
        if before is None:
            break
        at = before
    return stripped[at:], stripped[:at]


def deadline_tail(text: str) -> int | None:
    """Where the longest tail of ``text`` that reads as one deadline phrase starts."""
    starts = _deadline_starts()
    for size in range(min(MAX_DEADLINE, len(text) - 1), 1, -1):
        at = len(text) - size
        if text[at] not in starts or text[at - 1].isdigit():
            continue
        if is_deadline(text[at:]):
            return at
    return None


def deadline_run_end(text: str, at: int) -> int:
    """End of the longest deadline phrase starting at ``at`` (``at`` when there is none); an
    ongoing word is taken as written, not with the words after it."""
    if at >= len(text) or text[at] not in _deadline_starts():
        return at
    for end in range(min(len(text), at + MAX_DEADLINE), at + 1, -1):
        if not text[end - 1 : end + 1].isdigit() and is_whole_deadline(text[at:end]):
            return end
    return at


def is_whole_deadline(text: str) -> bool:
    """A deadline phrase with nothing after it: an ongoing word (`每季度末`, `长期坚持`) counts
    only as written or followed by a date (`每年12月底前`), not with a task's words after it."""
    if not is_deadline(text):
        return False
    from duban.extract.deadlines import vocabulary as deadline_words

    word = next((w for w in sorted(deadline_words().ongoing, key=len, reverse=True) if text.startswith(w)), None)
    if word is None:
        return True
    rest = text[len(word) :]
    return rest in ("", "末", "底", "前", "内") or is_deadline_phrase(rest) and rest[0].isdigit()


@lru_cache(maxsize=65536)
def is_deadline(text: str) -> bool:
    """`is_deadline_phrase`, remembered: the glued readers ask about the same tails often."""
    return is_deadline_phrase(text)


def could_end_deadline(char: str) -> bool:
    """May a deadline phrase end with this character?"""
    return char in _deadline_endings()


@lru_cache(maxsize=1)
def _deadline_starts() -> frozenset[str]:
    """Characters a deadline phrase may start with (a digit, a Chinese numeral, the first
    character of a date prefix, an ongoing word, a period or a five-year plan …)."""
    from duban.reference import load

    words = load("deadlines")
    firsts = {w[0] for key in ("date_prefixes", "ongoing", "recurring", "periods", "five_year_plans", "year_end_phrases")
              for w in words[key]}
    return frozenset(firsts | set("0123456789〇零一二三四五六七八九十今本当“\"第上下年"))


@lru_cache(maxsize=1)
def _deadline_endings() -> frozenset[str]:
    from duban.extract.deadlines import vocabulary as deadline_words

    return frozenset("0123456789年月日号底末前止成内旬度间期") | {word[-1] for word in deadline_words().ongoing}


# --- unit names ---------------------------------------------------------------------------


def peel_units(text: str) -> tuple[str, str]:
    """(units, text before them) — the longest tail of ``text`` that reads as unit names."""
    stripped = text.rstrip(" \u3000\n。；;，,")
    tokens = stripped.split()
    if len(tokens) >= 2:
        taken = 0
        while taken < len(tokens) - 1 and is_unit_name(tokens[-1 - taken]):
            taken += 1
        if taken:
            return " ".join(tokens[-taken:]), " ".join(tokens[:-taken])
    vocab = vocabulary()
    after_stop = max(stripped.rfind(stop) for stop in UNIT_STOPS) + 1  # no unit list holds a full stop
    for at in range(max(MIN_TEXT, len(stripped) - MAX_UNITS, after_stop), len(stripped) - 2):
        if not name_can_start(stripped, at, vocab):
            continue
        if are_glued_units(stripped[at:].replace("\n", "")):
            return stripped[at:], stripped[:at]
    return "", text


def unit_run_end(text: str, at: int) -> int:
    """End of the longest list of unit names starting at ``at`` (``at`` when there is none)."""
    stops = [found for found in (text.find(stop, at, at + MAX_UNITS) for stop in UNIT_STOPS) if found >= 0]
    for end in range(min([len(text), at + MAX_UNITS, *stops]), at + 2, -1):
        if could_end_units(text[end - 1]) and are_glued_units(text[at:end]):
            return end
    return at


@lru_cache(maxsize=8192)
def are_glued_units(text: str) -> bool:
    """Unit names read out of text that lost its cell boundaries, where a task's words may run
    into them: besides `is_unit_name`, every name is short, holds no date, and has no task verb
    after its first word unless two names meet there (`县卫计局深化医改成员单位` is two names,
    `市财政局完善公立医院` a unit and the start of a heading) nor before a short ending."""
    if not is_unit_name(text) or DATE_IN_NAME.search(text):
        return False
    return all(len(name) <= GLUED_NAME_MAX and not verb_inside(name) and not verb_first(name) for name in split_units(text))


def verb_first(name: str) -> bool:
    """A name opening with a task verb is a unit only with an office ending of two characters
    or more (`深化医改成员单位`), not `做好办`."""
    vocab = vocabulary()
    if not name.startswith(vocab.action_starts):
        return False
    return not any(name.endswith(suffix) for suffix in vocab.office_suffixes if len(suffix) >= 2)


def verb_inside(name: str) -> bool:
    """A task verb inside a name where no second name starts."""
    from duban.extract.unit_names import is_complete

    vocab = vocabulary()
    for word in vocab.action_starts:
        at = name.find(word, 2)
        if at >= 0 and not (is_complete(name[:at], vocab) and is_unit_name(name[at:])):
            return True
    return False


def name_can_start(text: str, at: int, vocab) -> bool:
    """A unit name may start here: after a stop or a space, or at a level prefix (市, 县, 各级)
    or 各. A place name (某某市) is not looked for: in glued text `改革市人社局` would read as one."""
    if text[at - 1] in NAME_STARTS_AFTER or text[at - 1].isspace():
        return True
    rest = text[at:]
    if rest.startswith(vocab.no_prefix_starts):
        return True
    return any(
        rest.startswith(prefix) and rest[len(prefix) : len(prefix) + 1] not in vocab.prefix_blockers
        for prefix in vocab.level_prefixes
    )


def could_end_units(char: str) -> bool:
    """May a list of unit names end with this character (the last of a unit suffix)?"""
    return char in _name_endings()


@lru_cache(maxsize=1)
def _name_endings() -> frozenset[str]:
    vocab = vocabulary()
    return frozenset(word[-1] for word in (*vocab.suffixes, *vocab.collective_names))


def split_unit_columns(units: str, columns: int) -> list[str]:
    """Units of ``columns`` side-by-side unit columns: parted at the first space, else where
    two names are glued with no separator between them (`市医保局市卫健委、市财政局`,
    `县卫计局深化医改成员单位`); else all in the first."""
    if columns == 1 or not units:
        return [units, *[""] * (columns - 1)]
    parts = units.split(None, 1)
    if len(parts) == 2:
        return [parts[0], parts[1], *[""] * (columns - 2)]
    cut = glue_point(units)
    if cut is not None:
        return [units[:cut], units[cut:], *[""] * (columns - 2)]
    return [units, *[""] * (columns - 1)]


def glue_point(units: str) -> int | None:
    """Where the first two names written with no separator meet in a list of units."""
    vocab = vocabulary()
    at = 0
    for item in LIST_ITEM.findall(units):
        if len(item) > 1:
            glued = _split_glued(item, vocab)
            if len(glued) > 1:
                return at + len(glued[0])
            cut = next((k for k in range(2, len(item) - 2) if names_meet(item, k, vocab)), None)
            if cut is not None:
                return at + cut
        at += len(item)
    return None


def names_meet(item: str, cut: int, vocab) -> bool:
    """Two names meet at ``cut`` though the second has no level prefix (`县卫计局深化医改成员单位`):
    the first is complete and no party committee (`市委组织部`), no unit suffix runs across the
    cut, the second is no bare suffix (`市政府办公室` is one office) and is a name of its own."""
    from duban.extract.unit_names import is_complete, split_prefix, unit_suffix

    left, right = item[:cut], item[cut:]
    if not is_complete(left, vocab) or not "\u4e00" <= right[0] <= "\u9fff":
        return False
    if split_prefix(left, vocab)[1] in vocab.party_committees or unit_suffix(right, vocab) == right:
        return False  # 市委组织部: a department of the party committee; 市政府办公室: its office
    if any(item.startswith(suffix, start) for suffix in vocab.suffixes if len(suffix) > 1
           for start in range(max(0, cut - len(suffix) + 1), cut)):
        return False
    return is_complete(right, vocab) and are_glued_units(right)


# --- a group cell before the task text; free columns after the units ----------------------


def split_group_cell(text: str) -> tuple[str, str]:
    """(group cell, task text) of a task text with its group cell glued in front and no number
    between them: the first place, before any punctuation, where a heading ending
    (`…建设`, `…机制`) meets a task verb (`健全`, `推进`); ("", text) when there is none."""
    endings, verbs = _group_words()
    head = re.split(r"[，,。；;：:、（(“\s]", text, maxsplit=1)[0]
    for at in range(GROUP_CELL_MIN, len(head) - 2):
        if head[:at].endswith(endings) and head.startswith(verbs, at):
            return head[:at], text[at:]
    return "", text


def task_verbs() -> tuple[str, ...]:
    """Verbs a task's text starts with (reference/normalize.yaml), longest first."""
    return _group_words()[1]


@lru_cache(maxsize=1)
def _group_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from duban.reference import load

    words = load("normalize")
    endings = tuple(words["group_cell_endings"])
    verbs = tuple(sorted((v for v in words["task_verbs"] if v not in endings), key=len, reverse=True))
    return endings, verbs


def split_trailing(text: str, typed_kinds: list[str]) -> tuple[str, str]:
    """(the row up to its last unit or deadline cell, the free text after it).

    The unit cells are the first run of unit names after the task text, where a name can start;
    the deadline, when the header has one, directly follows them."""
    vocab = vocabulary()
    for at in range(MIN_TEXT, len(text) - 2):
        if not name_can_start(text, at, vocab):
            continue
        end = unit_run_end(text, at)
        if end == at:
            continue
        if "participating" in typed_kinds:
            end = unit_run_end(text, end)
        if "deadline" in typed_kinds:
            end = deadline_run_end(text, end)
        return text[:end], text[end:]
    return text, ""


def share_out(text: str, columns: int) -> list[str]:
    """Free text of several glued columns: one sentence each when the count matches, else all
    of it in the first (where the cells part cannot be seen)."""
    text = text.strip()
    if columns == 1 or not text:
        return [text, *[""] * (columns - 1)]
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    if len(sentences) == columns:
        return [s.strip() for s in sentences]
    return [text, *[""] * (columns - 1)]


# --- cells apart by single spaces ---------------------------------------------------------


SPACE_RUN = re.compile(r"\s+")


def spaced_tokens(line: str) -> list[str]:
    """The tokens of a row whose cells are apart by single spaces; where a copy keeps its empty
    cells as extra spaces (`2  严守用水`: the group cell between is empty), a run of n spaces
    between two tokens holds n - 1 empty tokens (`""`)."""
    text = line.strip()
    if not text:
        return []
    tokens, at = [], 0
    for run in SPACE_RUN.finditer(text):
        tokens += [text[at : run.start()], *[""] * (len(run.group()) - 1)]
        at = run.end()
    return [*tokens, text[at:]]


def spaced_cells(tokens: list[str], cmap: ColumnMap) -> list[str]:
    """Tokens of a row (cells apart by single spaces) placed in the header's columns, in order,
    each where it fits best; the task text may take several tokens (a space inside it). Empty
    cells vanish from most copies (a column may be skipped); where the row shows them as empty
    tokens (`spaced_tokens`), each fills one column and a column is skipped only at the end."""
    kinds = column_kinds(cmap)
    width, count = len(kinds), len(tokens)
    shown = "" in tokens
    fits = [[fit(token, kind) if token else 0.0 for kind in kinds] for token in tokens]
    # best[i][j]: score of tokens[:i] placed in columns[:j]; how[i][j]: tokens taken by column j-1
    best = [[float("-inf")] * (width + 1) for _ in range(count + 1)]
    how = [[0] * (width + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for j in range(1, width + 1):
        kind = kinds[j - 1]
        for i in range(count + 1):
            skip = skip_cost(kind) + (SHOWN_SKIP if shown and i < count else 0.0)
            best[i][j], how[i][j] = best[i][j - 1] - skip, 0
            most = i if kind in (*TEXT_KINDS, *UNIT_FIELDS) else min(i, 1)
            for taken in range(1, most + 1):
                if taken > 1 and "" in tokens[i - taken : i]:
                    break  # an empty cell is a cell of its own
                score = best[i - taken][j - 1] + placed(tokens[i - taken : i], fits, i - taken, j - 1, kind)
                if score > best[i][j]:
                    best[i][j], how[i][j] = score, taken
    cells = [""] * width
    i = count
    for j in range(width, 0, -1):
        taken = how[i][j]
        if taken:
            cells[j - 1] = " ".join(tokens[i - taken : i])
            i -= taken
    return cells


SHOWN_SKIP = 4.0  # a row that shows its empty cells skips no column before its last token


def skip_cost(kind: str) -> float:
    # a task always has its text and its lead; other columns are often empty
    return {"content": 5.0, "lead": 0.5}.get(kind, 0.0)


def placed(tokens: list[str], fits: list[list[float]], first: int, column: int, kind: str) -> float:
    if len(tokens) == 1:
        return fits[first][column]
    # a text with spaces inside, or units apart by spaces in one cell: each piece must fit; a
    # lead cell names fewer units than the partners' cell beside it, as a rule
    cost = 0.6 if kind == "lead" else 0.5
    score = min(fits[first + k][column] for k in range(len(tokens))) - cost * (len(tokens) - 1)
    if kind not in UNIT_FIELDS:
        # a text wrapped in its cell fills its lines but the last: a short piece ends a cell
        # (`加强水资源保 护`), it does not open one
        score -= WRAP_COST * sum(1 for a, b in zip(tokens, tokens[1:], strict=False) if len(a) < len(b))
    return score


WRAP_COST = 0.25


def fit(token: str, kind: str) -> float:
    """How well a token fits a column of this kind (higher is better)."""
    units = unit_likeness(token)
    deadline = 3.0 if is_deadline_phrase(token) else 1.5 if looks_dated(token) else 0.0
    if kind == "seq":
        return 3.0 if SEQ_TOKEN.match(token) else float("-inf")
    if kind in UNIT_FIELDS:
        return (units + (kind == "lead") * 0.01) if units else MISFIT
    if kind == "deadline":
        return deadline or MISFIT
    if units or SEQ_TOKEN.match(token):
        return MISFIT
    if kind in TEXT_KINDS:
        if deadline:
            return MISFIT
        return 1.0 if kind == "content" and len(token) >= MIN_TEXT else 0.5
    if kind == "leaders":
        return 1.0 if PERSON.fullmatch(token) else 0.0
    return 0.0  # a target or a month's text may well name a date


def unit_likeness(token: str) -> float:
    """3 for a list of unit names, 2 for short items that all end like units (办公室, 基金监管股),
    0 for anything else; a sentence is never a unit cell."""
    if token.endswith(SENTENCE_MARKS) or any(mark in token for mark in "，,："):
        return 0.0
    if is_unit_name(token):
        return 3.0
    items = [item for item in re.split(r"[、；;]", token) if item]
    endings = _name_endings()
    return 2.0 if items and all(len(item) <= MAX_NAME and item[-1] in endings for item in items) else 0.0


def looks_dated(token: str) -> bool:
    """A short token that speaks of a date (`2025年6月底前完成`)."""
    from duban.extract.stream import DEADLINE_HINT  # stream builds on the cell modules

    return len(token) <= MAX_DEADLINE and DEADLINE_HINT.search(token) is not None
