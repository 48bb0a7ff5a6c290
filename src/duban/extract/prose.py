"""Task lists without a table: numbered items that name their units in the text.

Two shapes are read:
- label lines under a numbered item (`牵头单位：区发改局`, `责任单位：…`, `完成时限：…`);
- items ending with a unit parenthesis (`（市医保局牵头，市卫健委配合）`,
  `（各级医保、卫生健康等部门按职责分工负责）`).
A numbered line that names no units but is followed by items is their group heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.extract.headers import candidates
from duban.extract.numbering import split_heading_marker, split_item_number, strip_heading_number
from duban.extract.rows import RawRow
from duban.extract.text import compact, squash
from duban.extract.units import find_unit_parenthesis

ITEM = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,3}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+[条项])"
)
LABEL_WORD = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,8}?)\s*[：:]")
LABEL_FIELDS = ("lead", "participating", "deadline", "target")
NOISE = re.compile(r"打印|关闭|首页|当前位置|版权所有|主办单位|网站地图|浏览次数|分享到|上一篇|下一篇|扫一扫")


@dataclass
class Item:
    first: int
    last: int
    text: str
    labels: dict[str, str] = field(default_factory=dict)


def prose_rows(lines: list[str]) -> list[RawRow]:
    """Items that name their units, each a raw row with its group heading as category."""
    rows: list[RawRow] = []
    heading: str | None = None
    for item in collect_items(lines):
        row = item_to_row(item)
        if row is None:
            heading = heading_text(item.text) or heading
            continue
        if heading:
            row.fields["category"] = heading
        rows.append(row)
    return rows


def collect_items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or NOISE.search(line) and len(line) < 40:
            continue
        labels = labels_in(line)
        if (ITEM.match(line) or ends_with_units(line, items)) and not labels:
            items.append(Item(number, number, line))
        elif items and labels:
            items[-1].labels.update(labels)
            items[-1].last = number
        elif items and not items[-1].labels and not find_unit_parenthesis(items[-1].text):
            items[-1].text += line
            items[-1].last = number
    return items


def ends_with_units(line: str, items: list[Item]) -> bool:
    """An unnumbered paragraph that closes with a unit parenthesis is an item of its own."""
    previous_done = not items or bool(items[-1].labels) or find_unit_parenthesis(items[-1].text) is not None
    return previous_done and len(line) > 12 and find_unit_parenthesis(line) is not None


def labels_in(line: str) -> dict[str, str]:
    """`牵头单位：X；责任单位：Y` -> {"lead": "X", "participating": "Y"}; {} when the line is no label line."""
    text = line.strip().strip("（()）")
    marks = [(m, field_of(m.group("label"))) for m in LABEL_WORD.finditer(text)]
    marks = [(m, name) for m, name in marks if name]
    if not marks or marks[0][0].start() > 2:
        return {}
    found = {}
    ends = [m.start() for m, _ in marks[1:]] + [len(text)]
    for (mark, name), end in zip(marks, ends, strict=True):
        found[name] = text[mark.end() : end].strip(" ；;，,。")
    return found


def field_of(label: str) -> str | None:
    names = [n for n in candidates(label) if n in LABEL_FIELDS]
    return names[0] if names else None


def item_to_row(item: Item) -> RawRow | None:
    seq, text = item_number(squash(item.text))
    labels = dict(item.labels)
    if not labels:
        text, labels = split_inline_labels(text)
    row = RawRow(first=item.first, last=item.last)
    if labels:
        row.fields.update(labels)
        if "lead" not in labels and "participating" in labels:
            row.fields["lead"] = row.fields.pop("participating")
    else:
        found = find_unit_parenthesis(text)
        if found is None:
            return None
        text, (lead, participating) = found
        row.fields["lead"] = "\n".join(lead)
        row.fields["participating"] = "\n".join(participating)
    row.fields["content"] = text
    row.fields["seq"] = seq or ""
    return row


def split_inline_labels(text: str) -> tuple[str, dict[str, str]]:
    """`……工作。牵头单位：X；责任单位：Y。` -> the text before the labels, and the labels."""
    for mark in LABEL_WORD.finditer(text):
        if field_of(mark.group("label")) in ("lead", "participating") and mark.start() > 0:
            if text[mark.start() - 1] in "。；;，, ":
                labels = labels_in(text[mark.start() :])
                if labels:
                    return text[: mark.start()].rstrip("，, "), labels
    return text, {}


def item_number(text: str) -> tuple[str | None, str]:
    """`12.` or `（十二）` at the head of an item -> ("12", rest)."""
    seq, rest = split_item_number(text)
    if seq is None:
        number, rest = split_heading_marker(text)
        seq = str(number) if number is not None else None
    return seq, rest


def heading_text(text: str) -> str | None:
    """`一、深入学习三明医改经验` -> the heading words, up to its first full stop."""
    words = strip_heading_number(squash(text)).split("。")[0]
    return words if 0 < len(compact(words)) <= 40 else None
