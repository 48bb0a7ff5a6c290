"""Header-row recognition by meaning: which column holds which field.

A header cell is matched against reference/headers.yaml (exact word first, then a word it
contains); month cells (`6月`) become milestone columns. When two task-describing columns
are found, the left (broader) one is the category and the other the content; a lone
责任单位/责任部门 column with no lead column names the lead units (contract rule 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from duban.extract.numbering import chinese_to_int
from duban.extract.text import compact
from duban.reference import load

DESCRIBING = ("category", "content")


@dataclass(frozen=True)
class HeaderVocabulary:
    fields: dict[str, tuple[str, ...]]
    required_any: tuple[str, ...]
    month: re.Pattern[str]
    quarter: re.Pattern[str]
    not_header: re.Pattern[str]


@cache
def vocabulary() -> HeaderVocabulary:
    data = load("headers")
    return HeaderVocabulary(
        fields={k: tuple(v) for k, v in data["fields"].items()},
        required_any=tuple(data["required_any"]),
        month=re.compile(data["month_pattern"]),
        quarter=re.compile(data["quarter_pattern"]),
        not_header=re.compile(data["not_header_pattern"]),
    )


@dataclass
class ColumnMap:
    """Column index of every field found in a header row."""

    columns: dict[str, int] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)  # column -> month number
    labels: list[str] = field(default_factory=list)  # compacted header cells
    line: int = 0  # text line of the header row, for the table's title above it
    lead_guessed: bool = False  # the lead column is a lone 责任单位 column (rule 8)
    more_units: list[int] = field(default_factory=list)  # further unit columns: their units take part

    def get(self, name: str) -> int | None:
        return self.columns.get(name)

    @property
    def width(self) -> int:
        return len(self.labels)


def month_of(cell: str) -> int | None:
    """`6月` / `十二月` / `2020年6月` -> month number; `三季度` -> 9, the quarter's last month."""
    return month_of_word(compact(cell))


@cache
def month_of_word(word: str) -> int | None:
    m = vocabulary().month.match(word)
    if not m:
        quarter = vocabulary().quarter.match(word)
        return 3 * chinese_to_int(quarter.group("quarter")) if quarter else None
    raw = m.group("month")
    if raw.isdigit():
        return int(raw)
    return chinese_to_int(raw)


def candidates(cell: str) -> list[str]:
    """Fields this header cell may name, best first (exact matches before contained words)."""
    return list(word_candidates(compact(cell)))


@cache
def word_candidates(word: str) -> tuple[str, ...]:
    if not word or len(word) > 16 or vocabulary().not_header.search(word):
        return ()
    vocab = vocabulary().fields
    exact = tuple(name for name, words in vocab.items() if word in words)
    if exact:
        return exact
    return tuple(name for name, words in vocab.items() if any(w in word for w in words if len(w) >= 2))


def map_header(cells: list[str]) -> ColumnMap | None:
    """Return the column map when ``cells`` is a task-table header row, else None."""
    cmap = ColumnMap(labels=[compact(c) for c in cells])
    describing: list[int] = []
    for index, cell in enumerate(cells):
        month = month_of(cell)
        if month is not None:
            cmap.months[index] = month
            continue
        names = candidates(cell)
        if any(n in DESCRIBING for n in names):
            describing.append(index)
        elif names and names[0] not in cmap.columns:
            cmap.columns[names[0]] = index
        elif names and names[0] == "participating":
            cmap.more_units.append(index)  # 牵头单位 | 参与单位 | 责任单位: a third unit column
    assign_describing(cmap, describing, cells)
    name_unknown_content(cmap, cells)
    target_as_content(cmap)
    if not is_task_header(cmap):
        return None
    if "lead" not in cmap.columns and "participating" in cmap.columns:
        cmap.columns["lead"] = cmap.columns.pop("participating")
        if cmap.more_units:  # 责任单位 | 配合单位: the first names the lead, the other the partners
            cmap.columns["participating"] = cmap.more_units.pop(0)
        else:
            cmap.lead_guessed = True
    return cmap


def unit_columns(cmap: ColumnMap) -> dict[int, str]:
    """Column -> unit field (`lead`, `participating`) of every unit column, the further ones too."""
    found = {index: name for name, index in cmap.columns.items() if name in ("lead", "participating")}
    return {**found, **{index: "participating" for index in cmap.more_units}}


def assign_describing(cmap: ColumnMap, describing: list[int], cells: list[str]) -> None:
    """Two describing columns: left is category, right is content; one: content."""
    if len(describing) >= 2:
        cmap.columns["category"] = describing[0]
        cmap.columns["content"] = pick_content(describing[1:], cells)
    elif describing:
        cmap.columns["content"] = describing[0]  # a table with one such column has no category column


def name_unknown_content(cmap: ColumnMap, cells: list[str]) -> None:
    """A header naming the number, two roles and one column the vocabulary does not know
    (`序号 | 民生实事 | 责任单位 | 完成时限`): that column, left of the roles, is the content."""
    found = set(cmap.columns)
    if "content" in found or "category" in found or "seq" not in found:
        return
    if len(found & set(vocabulary().required_any)) < 2:
        return
    named = set(cmap.columns.values()) | set(cmap.months)
    unknown = [i for i, cell in enumerate(cells) if i not in named and compact(cell)]
    first_role = min(cmap.columns[f] for f in found if f != "seq")
    if len(unknown) == 1 and cmap.columns["seq"] < unknown[0] < first_role and looks_like_header_word(cells[unknown[0]]):
        cmap.columns["content"] = unknown[0]


def target_as_content(cmap: ColumnMap) -> None:
    """A header naming no task column but a target one (`序号 | 目标任务 | 牵头单位 | 责任单位`):
    the targets are the tasks of such a table (a 目标任务分解表)."""
    if "content" not in cmap.columns and "category" not in cmap.columns and "target" in cmap.columns:
        cmap.columns["content"] = cmap.columns.pop("target")


def looks_like_header_word(cell: str) -> bool:
    word = compact(cell)
    return 2 <= len(word) <= 8 and not any(ch.isdigit() for ch in word)


def pick_content(indexes: list[int], cells: list[str]) -> int:
    """Among several candidate content columns prefer the one named most specifically."""
    for index in indexes:
        if compact(cells[index]).startswith("具体"):
            return index
    return indexes[-1]


def is_task_header(cmap: ColumnMap) -> bool:
    found = set(cmap.columns)
    has_content = "content" in found or "category" in found
    return has_content and (bool(found & set(vocabulary().required_any)) or len(cmap.months) >= 3)


def is_repeat_of(cells: list[str], cmap: ColumnMap) -> bool:
    """A header row repeated on a new printed page."""
    words = [compact(c) for c in cells if compact(c)]
    if not words:
        return False
    known = set(cmap.labels)
    return sum(w in known for w in words) >= max(2, len(words) - 1)
