"""Cells of a row that lost its separators, found from the right by what they look like.

A row copied without cell separators (`1推进公立医院薪酬制度改革市人社局、市卫健委2025年底前`)
or with single spaces between cells still has its columns in the header's order. The columns
after the task text are peeled off its end: a deadline is the longest tail that reads as one
date form or ongoing word; units are the longest tail that reads as a list of unit names and
starts where a name can start (a level prefix such as 市/县/各级, or after a full stop). Two unit
columns side by side (牵头单位 | 配合单位) are parted where a space or two glued names part them.
What is left is the task text.
"""

from __future__ import annotations

import re

from duban.extract.deadlines import is_deadline_phrase
from duban.extract.headers import ColumnMap
from duban.extract.unit_names import _split_glued
from duban.extract.units import is_unit_name, vocabulary

LEADING_SEQ = re.compile(r"^\s*(\d{1,3})\s*[.、．]?\s*")
UNIT_FIELDS = ("lead", "participating")
NAME_STARTS_AFTER = "。；;，,：:）)"
MAX_DEADLINE = 24
MAX_UNITS = 120
MIN_TEXT = 6  # a task's text is longer than this: `建设县级胸痛中心县人民医院` has no 2-character task


def guess_cells(text: str, cmap: ColumnMap) -> list[str]:
    """The row's cells in header order (width of the header), empty where nothing fits."""
    cells = [""] * cmap.width
    rest = text.strip()
    seq_at = cmap.get("seq")
    match = LEADING_SEQ.match(rest)
    if match and seq_at is not None:
        cells[seq_at] = match.group(1)
        rest = rest[match.end() :]
    text_at = cmap.get("content") if cmap.get("content") is not None else cmap.get("category")
    if text_at is None:
        return cells
    tail = sorted(
        ((index, name) for name, index in cmap.columns.items() if index > text_at and name in (*UNIT_FIELDS, "deadline")),
        reverse=True,
    )
    while tail:
        index, name = tail.pop(0)
        if name == "deadline":
            cells[index], rest = peel_deadline(rest)
            continue
        columns = [index]
        while tail and tail[0][1] in UNIT_FIELDS and tail[0][0] == columns[0] - 1:
            columns.insert(0, tail.pop(0)[0])
        units, rest = peel_units(rest)
        for column, part in zip(columns, split_unit_columns(units, len(columns)), strict=True):
            cells[column] = part
    cells[text_at] = rest.strip()
    return cells


def peel_deadline(text: str) -> tuple[str, str]:
    """(deadline, text before it) — the longest tail of ``text`` that is a deadline phrase."""
    stripped = text.rstrip(" \u3000\n。；;")
    parts = stripped.rsplit(None, 1)
    if len(parts) == 2 and is_deadline_phrase(parts[1]):
        return parts[1], parts[0]
    for size in range(min(MAX_DEADLINE, len(stripped) - 1), 1, -1):
        at = len(stripped) - size
        if stripped[at - 1].isdigit() or stripped[at].isspace():
            continue
        if is_deadline_phrase(stripped[at:]):
            return stripped[at:], stripped[:at]
    return "", text


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
    for at in range(max(MIN_TEXT, len(stripped) - MAX_UNITS), len(stripped) - 2):
        if not name_can_start(stripped, at, vocab):
            continue
        if is_unit_name(stripped[at:].replace("\n", "")):
            return stripped[at:], stripped[:at]
    return "", text


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


def split_unit_columns(units: str, columns: int) -> list[str]:
    """Units of ``columns`` side-by-side unit columns: parted at the first space, else where the
    first name is glued to the next (`市医保局市卫健委、市财政局`); else all in the first."""
    if columns == 1 or not units:
        return [units, *[""] * (columns - 1)]
    parts = units.split(None, 1)
    if len(parts) == 2:
        return [parts[0], parts[1], *[""] * (columns - 2)]
    first = re.split(r"[、，,；;]", units, maxsplit=1)[0]
    glued = _split_glued(first, vocabulary())
    if len(glued) > 1:
        return [glued[0], units[len(glued[0]) :], *[""] * (columns - 2)]
    return [units, *[""] * (columns - 1)]
