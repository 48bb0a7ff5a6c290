"""Task lists without a table: numbered items that name their units in the text.

An item names its units in one of these shapes:
- label lines under a numbered item (`牵头单位：区发改局`, `责任单位：…`, `完成时限：…`);
- a unit parenthesis at its end (`（市医保局牵头，市卫健委配合）`,
  `（各级医保、卫生健康等部门按职责分工负责）`), or the same roles in words without brackets;
- a sentence after it that covers the items above (`以上工作由X负责，Y配合。`, since the previous
  such sentence or the group heading);
- a heading that names the unit of the duties below it: `（一）市公安局` in a 职责分工 section,
  or a line naming one unit over its duty list (`…区人民政府` / `…责任清单` / `主要承担以下工作：`);
- in a 职责分工 section, its own clauses (`X负责…，Y负责…`, `X：负责…`); an item there that
  names none is still a duty.
A numbered line that names no units but is followed by items is their group heading; a
paragraph right under a heading is an item of its own (unnumbered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.extract.headers import candidates
from duban.extract.numbering import split_heading_marker, split_item_number, strip_heading_number
from duban.extract.rows import UNITS_GUESSED, RawRow
from duban.extract.text import compact, squash
from duban.extract.unit_names import split_units
from duban.extract.units import (
    final_parenthesis,
    find_covering_roles,
    find_inner_roles,
    find_role_clauses,
    find_subject_roles,
    find_unit_label,
    find_unit_parenthesis,
    is_unit_name,
    names_lead,
    notes_first_lead,
    vocabulary,
)

ITEM = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,3}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+[条项]"
    r"|[①-⑳])"
)
LABEL_WORD = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,8}?)\s*[：:]")
# person and remark lines (牵头领导：…, 备注：…) are read as labels so that they stay out of the content.
LABEL_FIELDS = ("lead", "participating", "deadline", "target", "leaders", "person", "remark", "progress")
SOLE = "sole"  # 责任单位: the lead where no lead label is given, else participating (rule 8)
TEXT_FIELDS = ("content", "category")
NOTE_SEPARATORS = re.compile(r"[，,；;]")
SENTENCE_ENDS = ("。", "；", ";", "！", "？")
TIME_NOTE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|年末|底前|季度|上半年|下半年|持续|长期")


@dataclass
class Item:
    first: int
    last: int
    text: str
    labels: dict[str, str] = field(default_factory=dict)
    head: str = ""  # the first line: a heading's words, without an intro paragraph joined to it
    numbered: bool = True  # False for a paragraph under a heading, which heads nothing itself
    covers: tuple[list[str], list[str]] | None = None  # `以上工作由X负责`: roles for the items above
    holder: str = ""  # a line naming only the unit whose duty list follows (`上海市区级人民政府`)

    def __post_init__(self) -> None:
        self.head = self.head or self.text

    @property
    def is_bare_heading(self) -> bool:
        """A single line like `二、加强公共卫生`: a heading marker, no sentence, nothing joined to it."""
        number, words = split_heading_marker(self.text)
        return number is not None and self.first == self.last and 0 < len(words) <= 30 and not words.endswith(
            ("。", "；", ";", "，", ",", "、")
        )


def prose_rows(lines: list[str]) -> list[RawRow]:
    """Items that name their units, each a raw row with its group heading as category."""
    return ProseReader(lines).read()


@dataclass
class ProseReader:
    """The items of a text in order, with what holds across them: the group heading, a
    first-is-lead note (下同), items waiting for a `以上工作由X负责` sentence, the unit a heading
    names (`（一）市公安局`, `上海市区级人民政府 … 主要承担以下工作：`), a 职责分工 section."""

    lines: list[str]
    rows: list[RawRow] = field(default_factory=list)
    heading: str | None = None
    first_leads: bool = False  # a （…列第一位者为牵头…，下同） note seen: it holds for later lists
    waiting: list[tuple[Item, str | None]] = field(default_factory=list)  # no units yet
    holder: Item | None = None  # the heading that names the unit of the duties below it
    duties: bool = False  # inside a section headed 职责分工: each item is a duty

    def read(self) -> list[RawRow]:
        items = collect_items(self.lines)
        for index, item in enumerate(items):
            self.take(item, is_last=index == len(items) - 1)
        if any(item.covers for item in items):
            self.rows.extend(uncovered_rows(self.waiting, self.lines))
        return self.rows

    def take(self, item: Item, is_last: bool) -> None:
        if item.covers is not None:
            self.heading = self.waiting[0][1] if self.waiting else self.heading  # they were no headings
            self.rows.extend(covered_rows(self.waiting, item, self.heading))
            self.waiting = []
            return
        if item.holder:
            self.holder, self.waiting = item, []
            return
        self.enter_section(item)
        row = item_to_row(item, next_seq(self.rows), self.duties)
        if row is None and self.is_holder(item):
            self.holder, self.waiting = item, []
            return
        row = row or self.duty_row(item)
        if row is None and is_last and is_cut_off_item(item, self.rows, self.lines):
            row = cut_off_row(item, next_seq(self.rows))
        if row is None:
            ends_cut = is_last and is_sibling(item, self.waiting)
            self.waiting = [] if item.is_bare_heading and not ends_cut else [*self.waiting, (item, self.heading)]
            if item.numbered:
                self.heading = heading_text(item.head) or self.heading
            return
        self.waiting = []
        self.add(row, item)

    def enter_section(self, item: Item) -> None:
        """A top heading (`三、职责分工`) or another bare heading ends the unit heading before it
        (a unit line over a whole duty list holds until the next such line)."""
        if not (item.is_bare_heading or is_top_heading(item.text)):
            return
        if self.holder is not None and not self.holder.holder:
            self.holder = None
        if is_top_heading(item.text):
            self.duties = is_duty_heading(item.head)

    def is_holder(self, item: Item) -> bool:
        """`（一）市公安局`, `1.市公安局` in a 职责分工 section: a heading that names only a unit."""
        return self.duties and item.first == item.last and unit_heading(item.text) is not None

    def duty_row(self, item: Item) -> RawRow | None:
        """An item under a unit heading is that unit's duty; one in a 职责分工 section is a duty
        of the units it names in its own words, or of none it names."""
        if self.holder is not None and not item.is_bare_heading:
            return holder_row(item, self.holder)
        if self.duties and item.numbered and item.text.rstrip().endswith(SENTENCE_ENDS):
            return bare_row(item, None)
        return None

    def add(self, row: RawRow, item: Item) -> None:
        self.first_leads = self.first_leads or notes_first_leads_below(item.text)
        if self.first_leads and not compact(row.fields.get("participating")):
            names = split_units(row.fields.get("lead", ""))
            row.fields["lead"], row.fields["participating"] = "\n".join(names[:1]), "\n".join(names[1:])
        if self.heading:
            row.fields["category"] = self.heading
        self.rows.append(row)


def holder_row(item: Item, holder: Item) -> RawRow:
    """A duty under a unit heading: the unit leads; a paragraph right under a numbered heading
    (`（一）市公安局` / its duties) takes the heading's number."""
    row = bare_row(item, None)
    row.fields["lead"] = holder.holder or unit_heading(holder.text) or ""
    if not item.numbered:
        row.fields["seq"] = item_number(squash(holder.text))[0] or ""
        row.first = holder.first if holder.first >= item.first - 2 else row.first
    return row


def unit_heading(text: str) -> str | None:
    """The unit a heading names, and nothing else (`（一）市公安局`), or None."""
    words = strip_heading_number(squash(text)).rstrip("：:")
    return words if 0 < len(words) <= 30 and is_unit_name(words) and len(split_units(words)) == 1 else None


TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


def is_top_heading(text: str) -> bool:
    return TOP_HEADING.match(text) is not None


def is_duty_heading(text: str) -> bool:
    """`三、职责分工`: a section that divides the work among units."""
    words = heading_text(text) or ""
    return any(word in words for word in vocabulary().roles.duty_headings)


def is_sibling(item: Item, waiting: list[tuple[Item, str | None]]) -> bool:
    """Is the item numbered like the last waiting one (`（三）建设一批…` after `（二）…`): the text's
    last words, short and unpunctuated because the copy is cut there, not a new heading."""
    if not waiting:
        return False
    marks = [ITEM.match(squash(i.text)) for i in (waiting[-1][0], item)]
    return all(marks) and marks[0].group()[:1] == marks[1].group()[:1]


def covered_rows(waiting: list[tuple[Item, str | None]], covering: Item, heading: str | None) -> list[RawRow]:
    """The items a `以上工作由X负责，Y配合。` sentence covers, each a task with its roles; the
    last of them runs on to the sentence."""
    lead, participating = covering.covers or ([], [])
    rows = []
    for index, (item, _) in enumerate(waiting):
        row = bare_row(item, heading)  # the heading above the first: the others were no headings
        row.fields["lead"], row.fields["participating"] = "\n".join(lead), "\n".join(participating)
        row.whole_names = True
        if index == len(waiting) - 1:
            row.last = covering.last
        rows.append(row)
    return rows


def uncovered_rows(waiting: list[tuple[Item, str | None]], lines: list[str]) -> list[RawRow]:
    """A copy cut before the sentence that names the units of its last items: the whole ones are
    kept with no units (`row_may_continue`); the one the cut ends inside is not known."""
    if not waiting or any(s.strip() for s in lines[waiting[-1][0].last :]):
        return []
    cut = waiting[-1][0]
    if cut.text.rstrip().endswith(SENTENCE_ENDS):
        return []  # nothing is cut: these items simply name no units
    heading = waiting[0][1]
    rows = [bare_row(item, heading) for item, _ in waiting[:-1] if item.text.rstrip().endswith(SENTENCE_ENDS)]
    for row in rows:
        row.doubts.append("row_may_continue")
    return rows


def bare_row(item: Item, category: str | None) -> RawRow:
    """An item as a row with its words, number and category and no units yet."""
    seq, text = item_number(squash(item.text))
    row = RawRow(first=item.first, last=item.last)
    row.fields.update(content=text, seq=seq or "")
    if category:
        row.fields["category"] = category
    return row


def is_cut_off_item(item: Item, rows: list[RawRow], lines: list[str]) -> bool:
    """The text's last item, numbered next after items that named units, with nothing after it:
    a copy cut before its units (or in their parenthesis) still shows a task."""
    if not rows or item.is_bare_heading or item.first != item.last or any(s.strip() for s in lines[item.last :]):
        return False
    text = item.text.rstrip()
    if len(rows) < 2 and text.endswith(("。", "；", "）", ")")):
        return False  # one item before is too little to say the page was cut, unless the text is
    opened = max(text.rfind("（"), text.rfind("("))
    shown = text[:opened] if opened > 0 and ")" not in text[opened:] and "）" not in text[opened:] else text
    if not shown.rstrip().endswith(("。", "；", ";")):
        return False  # the task's own words are cut: what it asks is not known
    seq, _ = item_number(squash(item.text), next_seq(rows))
    return seq is not None and seq == str(next_seq(rows))


def cut_off_row(item: Item, expected: int | None) -> RawRow:
    """A cut-off item as a task with what it shows: its units, if any, after a parenthesis left open."""
    seq, text = item_number(squash(item.text), expected)
    row = RawRow(first=item.first, last=item.last, doubts=["row_may_continue"])
    opened = max(text.rfind("（"), text.rfind("("))
    if opened > 0 and not inside_parenthesis(text[opened + 1 :], 0) and text[opened - 1] in "。；;":
        names = [n for n in split_units(text[opened + 1 :]) if is_unit_name(n)]
        text = text[:opened]
        row.fields["lead"] = "\n".join(names)
    row.fields["content"] = text
    row.fields["seq"] = seq or ""
    return row


def notes_first_leads_below(text: str) -> bool:
    return notes_first_lead(text) and any(w in text for w in vocabulary().roles.same_below)


def collect_items(lines: list[str]) -> list[Item]:
    items: list[Item] = []
    holders = holder_lines(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        covers = find_covering_roles(line)
        if covers is not None or number in holders:
            items.append(Item(number, number, line, numbered=False, covers=covers, holder=holders.get(number, "")))
            continue
        labels = labels_in(line)
        body = text_after_content_label(line)
        if body is not None:
            items.append(Item(number, number, body))
        elif (ITEM.match(line) or ends_with_units(line, items)) and not labels:
            items.append(Item(number, number, line, numbered=ITEM.match(line) is not None))
        elif items and labels:
            items[-1].labels.update(labels)
            items[-1].last = number
        elif items and (items[-1].is_bare_heading or items[-1].covers is not None or names_one_unit(items[-1])):
            items.append(Item(number, number, line, numbered=False))  # a paragraph under a heading
        elif items and not items[-1].labels and not names_units(items[-1].text):
            items[-1].text += line
            items[-1].last = number
    return items


def names_one_unit(item: Item) -> bool:
    """A numbered line holding only a unit name (`1.市公安局`): it heads the paragraph below."""
    return item.first == item.last and item.numbered and len(item.text) <= 34 and unit_heading(item.text) is not None


DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
HOLDER_LOOKAHEAD = 3


def holder_lines(lines: list[str]) -> dict[int, str]:
    """Lines that name only a unit and head its duty list: within the next lines before the first
    item, words announce the list (`2024年度…工作责任清单`, `…主要承担以下工作：`). A signature
    (the issuer, then the date) heads nothing."""
    intros = vocabulary().roles.duty_intros
    found: dict[int, str] = {}
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line or len(line) > 30 or ITEM.match(line):
            continue
        following = [s.strip() for s in lines[index + 1 : index + 1 + HOLDER_LOOKAHEAD * 2] if s.strip()]
        before_items = []
        for text in following[:HOLDER_LOOKAHEAD]:
            if ITEM.match(text):
                break
            before_items.append(text)
        if not following or DATE_LINE.match(following[0]):
            continue
        if any(w in text for text in before_items for w in intros) and unit_heading(line) is not None:
            found[index + 1] = line
    return found


def names_units(text: str) -> bool:
    """Does an item's text already close with its units (so the next line is no continuation)?"""
    return find_unit_parenthesis(text) is not None or find_role_clauses(text) is not None


def ends_with_units(line: str, items: list[Item]) -> bool:
    """An unnumbered paragraph that closes with a unit parenthesis is an item of its own."""
    previous = items[-1] if items else None
    previous_done = (
        previous is None
        or bool(previous.labels)
        or previous.is_bare_heading
        or find_unit_parenthesis(previous.text) is not None
    )
    return previous_done and len(line) > 12 and find_unit_parenthesis(line) is not None


def labels_in(line: str) -> dict[str, str]:
    """`牵头单位：X；责任单位：Y` -> {"lead": "X", "participating": "Y"}; {} when the line is no label line."""
    text = unwrapped(line)
    marks = [(m, field_of(m.group("label"))) for m in LABEL_WORD.finditer(text)]
    marks = [(m, name) for m, name in marks if name]
    if not marks or marks[0][0].start() > 2:
        return {}
    found = {}
    ends = [m.start() for m, _ in marks[1:]] + [len(text)]
    for (mark, name), end in zip(marks, ends, strict=True):
        found[name] = text[mark.end() : end].strip(" ；;，,。")
    return found


def unwrapped(text: str) -> str:
    """The text without the parenthesis around it, keeping brackets inside a unit name
    (`（责任单位：各街道（功能区））`, `配合单位：各街道（乡镇）`); a bracket left alone by a cut
    page is dropped too, and only as many as pair with nothing (`责任单位：各街道（乡镇））`)."""
    text = text.strip()
    found = final_parenthesis(text)
    if found and not found[0]:
        return found[1].strip()
    opened = sum(map(text.count, "（("))
    closed = sum(map(text.count, "）)"))
    while text[:1] in ("（", "(") and opened > closed:
        text, opened = text[1:], opened - 1
    while text[-1:] in ("）", ")") and closed > opened:
        text, closed = text[:-1], closed - 1
    return text.strip()


def lead_by_rule_8(labels: dict[str, str]) -> bool:
    """Labels naming units but no lead (责任单位：X、Y alone): rule 8 makes them all leads."""
    return "lead" not in labels and (SOLE in labels or "participating" in labels)


def resolve_sole(labels: dict[str, str]) -> dict[str, str]:
    """责任单位 beside 牵头单位 names participants; beside 配合单位 alone, or alone, the lead."""
    labels = dict(labels)
    sole = labels.pop(SOLE, None)
    if sole is None:
        return labels
    if "lead" in labels:
        labels["participating"] = "；".join(t for t in (sole, labels.get("participating")) if t)
    else:
        labels["lead"] = sole
    return labels


def text_after_content_label(line: str) -> str | None:
    """`任务内容：推进…` opens an item of a label block; the text after the label is its content."""
    mark = LABEL_WORD.match(line)
    if mark is None or not any(n in TEXT_FIELDS for n in candidates(mark.group("label"))):
        return None
    return line[mark.end() :].strip() or None


def field_of(label: str) -> str | None:
    if label in vocabulary().roles.sole_labels:
        return SOLE
    names = [n for n in candidates(label) if n in LABEL_FIELDS]
    return names[0] if names else None


def next_seq(rows: list[RawRow]) -> int | None:
    """The item number expected next (`7.65岁…` after item 6 is item 7, not 7.65)."""
    seq = rows[-1].fields.get("seq", "") if rows else "0"
    return int(seq) + 1 if seq.isdigit() else None


def item_to_row(item: Item, expected: int | None = None, duties: bool = False) -> RawRow | None:
    """The item as a task row, or None when it names no units. In a 职责分工 section (``duties``)
    the subjects of its clauses (`X负责…，Y负责…`) and a unit before a colon (`X：负责…`) name them too."""
    seq, text = item_number(squash(item.text), expected)
    text = text_after_content_label(text) or text  # `1.任务内容：推进…`
    labels = dict(item.labels)
    if not labels:
        text, labels = split_inline_labels(text)
    if not labels:
        text, labels = parenthesis_labels(text)
    row = RawRow(first=item.first, last=item.last)
    if labels:
        if lead_by_rule_8(labels):
            row.doubts.append(UNITS_GUESSED)
        row.fields.update(resolve_sole(time_note_apart(labels)))
        if "lead" not in row.fields and "participating" in row.fields:
            row.fields["lead"] = row.fields.pop("participating")
    else:
        found = units_in_words(text)
        if found is not None and not names_lead(text[len(found[0]) :]):
            row.doubts.append(UNITS_GUESSED)  # （X、Y）, （X、Y按职责分工负责）: rule 8
        found = found or (duty_units(text) if duties else None)
        if found is None:
            return None
        body, (lead, participating), deadline = found
        if deadline:
            row.fields["deadline"] = deadline
        text = body
        row.fields["lead"] = "\n".join(lead)
        row.fields["participating"] = "\n".join(participating)
        row.whole_names = True
    row.fields["content"] = text
    row.fields["seq"] = seq or ""
    return row


def units_in_words(text: str) -> tuple[str, tuple[list[str], list[str]], str | None] | None:
    """Units an item names without labels: a closing parenthesis (`（市医保局牵头，市卫健委配合）`),
    closing clauses with no bracket (`…，由市医保局牵头，市卫健委配合。`), or such clauses inside
    the sentence. Returns (the content, (lead, participating), the time note beside them), or None."""
    found = find_unit_parenthesis(text)
    if found is not None:
        body, roles = found
        return body, roles, time_note(text[len(body) :])
    found = find_role_clauses(text)
    if found is not None:
        return found
    inner = find_inner_roles(text)
    return (text, inner, None) if inner else None  # the roles are part of the sentence


def duty_units(text: str) -> tuple[str, tuple[list[str], list[str]], None] | None:
    """A duty of a 职责分工 section: `市卫健委：负责…` (the unit, then its duty), or clauses whose
    subjects are units (`市局安监注册处负责…，市场监督处负责…`): each such unit leads."""
    labelled = find_unit_label(text)
    if labelled:
        return labelled[0], labelled[1], None
    subjects = find_subject_roles(text)
    return (text, subjects, None) if subjects else None


def split_inline_labels(text: str) -> tuple[str, dict[str, str]]:
    """`……工作。牵头单位：X；责任单位：Y。` -> the text before the labels, and the labels."""
    for mark in LABEL_WORD.finditer(text):
        if inside_parenthesis(text, mark.start()):
            continue  # （牵头单位：X；配合单位：Y） is read whole by parenthesis_labels
        if field_of(mark.group("label")) in ("lead", "participating", SOLE) and mark.start() > 0:
            if text[mark.start() - 1] in "。；;，, ":
                labels = labels_in(text[mark.start() :])
                if labels:
                    return text[: mark.start()].rstrip("，, "), labels
    return text, {}


def inside_parenthesis(text: str, at: int) -> bool:
    head = text[:at]
    return head.count("（") + head.count("(") > head.count("）") + head.count(")")


def parenthesis_labels(text: str) -> tuple[str, dict[str, str]]:
    """`……。（责任单位：X；完成时限：Y）` -> the text before the parenthesis, and its labels."""
    found = final_parenthesis(text)
    labels = labels_in(found[1]) if found else {}
    return (found[0], labels) if labels else (text, {})


def time_note_apart(labels: dict[str, str]) -> dict[str, str]:
    """`责任单位：X、Y，6月底完成` with no deadline label: the time after the last unit is the deadline."""
    if "deadline" in labels or not labels:
        return labels
    name, value = list(labels.items())[-1]
    pieces = NOTE_SEPARATORS.split(value)
    last = pieces[-1].strip("。 ")
    if len(pieces) < 2 or not TIME_NOTE.search(last) or is_unit_name(last):
        return labels
    cut = value.rfind(pieces[-1])
    return {**labels, name: value[:cut].rstrip("，,；; "), "deadline": last}


def time_note(parenthesis: str) -> str | None:
    """The deadline written beside the units: `（市卫健委牵头，2024年底前完成）`, `（…；完成时限：…）`."""
    for piece in NOTE_SEPARATORS.split(parenthesis.strip("（()）。；; ")):
        labelled = labels_in(piece).get("deadline")
        if labelled:
            return labelled
        if TIME_NOTE.search(piece) and not is_unit_name(piece):
            return piece.strip("（()）。 ")
    return None


def item_number(text: str, expected: int | None = None) -> tuple[str | None, str]:
    """`12.` or `（十二）` at the head of an item -> ("12", rest)."""
    seq, rest = split_item_number(text, expected=expected)
    if seq is None:
        number, rest = split_heading_marker(text)
        seq = str(number) if number is not None else None
    return seq, rest


def heading_text(text: str) -> str | None:
    """`一、深入学习三明医改经验` -> the heading words, up to its first full stop."""
    words = strip_heading_number(squash(text)).split("。")[0]
    return words if 0 < len(compact(words)) <= 40 else None
