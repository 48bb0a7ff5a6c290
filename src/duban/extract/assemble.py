"""Raw rows to task records: categories carried down, numbers split off, fields parsed."""

from __future__ import annotations

import re

from duban.extract.deadlines import content_to_deadline, month_end, text_to_deadline
from duban.extract.indicators import text_to_indicators
from duban.extract.model import Deadline, Indicator, Milestone, Task
from duban.extract.numbering import (
    is_arabic_number,
    is_heading_numeral,
    split_item_number,
    strip_heading_number,
)
from duban.extract.rows import UNITS_GUESSED, RawRow
from duban.extract.text import compact, dedupe_repeated_phrase, squash
from duban.extract.unit_names import is_fragment, people_beside_units, split_people
from duban.extract.units import parse_roles, split_units


def rows_to_tasks(rows: list[RawRow], year: int | None) -> list[Task]:
    """Every data row becomes a task; heading rows only set the category of those below. A
    group heading that names its leaders (`一、…工作目标（牵头领导：张某、李某）`) gives them to
    every task of the group."""
    tasks: list[Task] = []
    category: str | None = None
    leaders: list[str] = []
    for row in rows:
        if compact(row.fields.get("category")):
            category, leaders = heading_leaders(clean_category(row.fields["category"]))
        if row.heading:
            category, leaders = heading_leaders(clean_category(first_filled(row)) or category)
            continue
        task = row_to_task(row, category, year, expected_seq(tasks))
        if task is not None:
            task.leaders = dedupe([*leaders, *task.leaders])
            tasks.append(task)
    return tasks


def heading_leaders(category: str | None) -> tuple[str | None, list[str]]:
    """A group heading less a closing `（牵头领导：…）`, and the people it names."""
    match = LEADERS_NOTE.search(category or "") if category else None
    if match is None:
        return category, []
    return category[: match.start()].rstrip() or None, split_people(match.group("names"))


def _leaders_note() -> re.Pattern[str]:
    from duban.extract.headers import vocabulary

    words = "|".join(sorted(map(re.escape, vocabulary().fields["leaders"]), key=len, reverse=True))
    return re.compile(rf"[（(](?:{words})[：:](?P<names>[^（）()]+)[）)]$")


LEADERS_NOTE = _leaders_note()


def strip_marks(text: str) -> str:
    """A task text less the mark that flags it (`★地区生产总值增长15%。`: a key task)."""
    return text.lstrip(TASK_MARKS).lstrip()


TASK_MARKS = "★☆▲△◆◇"


def first_filled(row: RawRow) -> str:
    """The heading words of a heading row (a lone `一` in the 序号 column numbers them)."""
    for text in [*row.fields.values(), *row.months.values()]:
        if compact(text) and not is_heading_numeral(compact(text)):
            return text
    return ""


def expected_seq(tasks: list[Task]) -> int | None:
    if tasks and tasks[-1].seq and is_arabic_number(tasks[-1].seq):
        return int(tasks[-1].seq) + 1
    return None if tasks else 1


def clean_category(text: str | None) -> str | None:
    cleaned = dedupe_repeated_phrase(strip_heading_number(squash(text)))
    return cleaned or None


def row_to_task(row: RawRow, category: str | None, year: int | None, expected: int | None) -> Task | None:
    text = strip_marks(squash(row.fields.get("content")))
    seq, content = split_item_number(text, expected=expected)
    if seq == "1" and SUB_ITEM_TWO.search(text):
        seq, content = None, text  # a text listing its own points keeps its 1.
    seq = column_seq(row.fields.get("seq")) or seq or split_item_number(squash(row.fields.get("category")))[0]
    if not content and category and compact(row.fields.get("category")):
        content = category
    if not content:
        return None
    lead, participating = row_units(row)
    target = squash(row.fields.get("target")) or None
    deadline = row_deadline(row, content, year)
    leaders = dedupe(
        [
            *split_people(row.fields.get("leaders")),
            *people_beside_units(row.fields.get("lead")),
            *people_beside_units(row.fields.get("participating")),
        ]
    )
    return Task(
        seq=seq,
        category=category,
        content=content,
        lead_units=lead,
        participating_units=participating,
        deadline=deadline,
        milestones=row_milestones(row, year),
        target=target,
        indicators=merge_indicators(text_to_indicators(content), text_to_indicators(target or "", in_target=True)),
        source_lines=[row.first, row.last],
        leaders=leaders,
        doubts=row_doubts(row, lead, participating, deadline),
        progress=squash(row.fields.get("progress")) or None,
    )


def row_doubts(row: RawRow, lead: list[str], participating: list[str], deadline: Deadline) -> list[str]:
    """Why the task may be wrong: the row's own doubts, a missing deadline, a cut unit name.
    Units made leads by rule 8 are a guess only where they are several and no other role is
    named (one unit leads whatever its label)."""
    units = lead + participating
    doubts = list(row.doubts)
    if UNITS_GUESSED in doubts and (len(lead) < 2 or participating):
        doubts.remove(UNITS_GUESSED)
    if deadline.kind == "none" and not row.months:
        doubts.append("no_deadline")
    if any(is_fragment(name) for name in units):
        doubts.append("fragment_unit")
    return dedupe(doubts)


# A task text listing its own points `1.…。2.…`: its `1.` numbers the first point, not the row
# (the row's number, if any, is in its 序号 or its own group cell).
SUB_ITEM_TWO = re.compile(r"[。；;]\s*2\s*[.．、](?!\d)")


def column_seq(text: str | None) -> str | None:
    """An Arabic number in a 序号 column; a Chinese numeral there numbers the group, not the row."""
    value = compact(text).rstrip(".、．")
    return str(int(value)) if is_arabic_number(value) else None


def row_units(row: RawRow) -> tuple[list[str], list[str]]:
    lead_text = row.fields.get("lead") or ""
    part_text = row.fields.get("participating") or ""
    if row.whole_names:
        return lead_text.split(), dedupe(part_text.split())
    roles = parse_roles(squash_lines(lead_text))
    if roles is not None:
        lead, participating = roles
        return lead, dedupe([*participating, *split_units(part_text)])
    return split_units(lead_text), split_units(part_text)


def squash_lines(text: str) -> str:
    return " ".join(text.split())


def dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def row_deadline(row: RawRow, content: str, year: int | None) -> Deadline:
    if "deadline" in row.fields:
        return text_to_deadline(squash(row.fields["deadline"]) or None, year)
    return content_to_deadline(content, year)


def row_milestones(row: RawRow, year: int | None) -> list[Milestone]:
    if year is None:
        return []
    return [
        Milestone(due=month_end(year, month), text=squash(text))
        for month, text in sorted(row.months.items())
        if squash(text)
    ]


def merge_indicators(*groups: list[Indicator]) -> list[Indicator]:
    seen, out = set(), []
    for group in groups:
        for ind in group:
            key = (ind.value, ind.unit, ind.op)
            if key not in seen:
                seen.add(key)
                out.append(ind)
    return out
