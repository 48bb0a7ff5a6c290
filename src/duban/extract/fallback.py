"""The last resort: a text that assigns work in no shape the other readers know still gives tasks.

Where no table and no numbered item list was found, every responsibility label
(`承办部门：市人社局`, `…接种牵头责任部门：县卫生健康委员会`, `（责任单位：…）`) or role clause
(`…。市卫健委牵头，各县（市、区）政府落实。`, `由县卫健局牵头，…`) anchors one task: its
content is the text before the label on the same line, or else the paragraphs since the last
label or heading. A line holding only a unit name (and a phone number) right after a label
carries on its units; a short heading (`一、进展情况`) is the category of what follows. Every
such row carries the doubt `layout_guessed` (spec/extraction.md, `doubts`).
"""

from __future__ import annotations

import re
from functools import cache

from duban.extract.numbering import split_heading_marker, strip_heading_number
from duban.extract.prose import item_number, labels_in, resolve_sole, units_in_words
from duban.extract.rows import RawRow
from duban.extract.text import compact
from duban.extract.unit_vocabulary import alternation, longest_first
from duban.extract.units import find_unit_parenthesis, is_unit_name, vocabulary

PHONE = re.compile(r"\d[\d\-－—\s]{5,}\d")
MIN_CONTENT = 4
HEADING_MAX = 20


@cache
def role_label() -> re.Pattern[str]:
    """Any lead or participating label followed by a colon, wherever it stands in a line."""
    words = vocabulary().roles
    labels = longest_first({*words.lead_labels, *words.participating_labels, *words.sole_labels} - {"牵头"})
    return re.compile(f"(?:{alternation(labels)})\\s*[：:]")


def has_marker(lines: list[str]) -> bool:
    """Does the text name responsible units anywhere (a label or a units parenthesis)?"""
    pattern = role_label()
    return any(pattern.search(line) or find_unit_parenthesis(line.strip()) for line in lines if line.strip())


def marker_rows(lines: list[str]) -> list[RawRow]:
    """One row per responsibility label, with the text it belongs to as content."""
    rows: list[RawRow] = []
    pending: list[tuple[int, str]] = []
    category: str | None = None
    pattern = role_label()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        match = pattern.search(line)
        labels = resolve_sole(labels_in(line[match.start() :])) if match else {}
        worded = None if match and labels or is_heading(line) else units_in_words(line)
        if match and labels or worded:
            if worded:
                before, (lead, participating), deadline = worded
                labels = {"lead": "\n".join(lead), "participating": "\n".join(participating)}
                labels |= {"deadline": deadline} if deadline else {}
            else:
                before = line[: match.start()]
            row = labelled_row(before, labels, pending, number)
            if row is not None:
                if category:
                    row.fields.setdefault("category", category)
                rows.append(row)
            pending = []
        elif rows and rows[-1].last >= number - 2 and continues_units(line):
            unit_field = "participating" if "participating" in rows[-1].fields else "lead"
            rows[-1].fields[unit_field] = rows[-1].fields.get(unit_field, "") + "\n" + PHONE.sub(" ", line)
            rows[-1].last = number
        elif is_heading(line):
            category = strip_heading_number(line).rstrip("：:")
            pending = []
        else:
            pending.append((number, line))
    return rows


def labelled_row(before: str, labels: dict[str, str], pending: list[tuple[int, str]], number: int) -> RawRow | None:
    """The row a label line makes: content before the label, or the paragraphs above it."""
    text = before.strip().rstrip(" ：:，,；;。（(")
    first = number
    if len(compact(text)) < MIN_CONTENT:
        if not pending:
            return None
        text = "".join(t for _, t in pending)
        first = pending[0][0]
    seq, content = item_number(text)
    if seq is None:
        content = strip_heading_number(text)
    row = RawRow(first=first, last=number, doubts=["layout_guessed"])
    row.fields.update(labels)
    if "lead" not in row.fields and "participating" in row.fields:
        row.fields["lead"] = row.fields.pop("participating")
    row.fields["content"] = content
    row.fields["seq"] = seq if seq and seq.isdigit() else ""
    return row


def continues_units(line: str) -> bool:
    """A line that is only a unit name, maybe with a phone number (`市卫计委 2835085`)."""
    name = PHONE.sub("", line).strip()
    return bool(name) and len(name) <= 20 and is_unit_name(name)


def is_heading(line: str) -> bool:
    number, words = split_heading_marker(line)
    return number is not None and 0 < len(words) <= HEADING_MAX and not words.endswith(("。", "；", ";"))
