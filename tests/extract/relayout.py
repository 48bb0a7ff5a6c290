"""Re-lay a gold document in the shapes real copies of task notices take (docs/layouts.md).

Every renderer takes a `Doc` — the gold answers of a document plus the lines its source prints
before the task table or list (title, 文号, addressees, the notice's prose) — and returns a
`Rendering`: the text of that document in one catalogued shape, and the answers that text
should give. The rows are printed from the gold answers rather than re-read from the source's
table, so the right answer of every rendering is known exactly; where a shape cannot carry a
field (a label block has no month columns, a prose item has no separate target) the answers
drop it, and where a shape changes the characters (traditional, half-width punctuation) the
answers are changed the same way. Shapes that only a real document can show (a progress table,
`——` group headings, a person beside a unit) are own documents in tests/extract/data, not here.

The renderers mimic real copies, ambiguities included: a merged cell is printed once and then
left empty or dropped, empty cells vanish when there is no separator, long cells wrap.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cn2an

from tests_support import SHARED

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class Doc:
    name: str
    gold: dict
    preamble: list[str]


@dataclass
class Rendering:
    text: str
    gold: dict


# --- loading ---------------------------------------------------------------------------------

TABLEISH = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def first_task_line(lines: list[str], gold: dict) -> int:
    """0-based index of the line where the first task starts in the source text."""
    tasks = gold["tasks"]
    numbered = [t["source_lines"][0] for t in tasks if t.get("source_lines")]
    if numbered:
        return min(numbered) - 1
    probe = compact(tasks[0]["content"])[:8]
    for i, line in enumerate(lines):
        if probe and probe in compact(line):
            return i
    return 0


def preamble_of(text: str, gold: dict) -> list[str]:
    """The source's lines before its task table or list (and before any task its prose states first)."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = first_task_line(lines, gold)
    probes = [compact(t["content"])[:8] for t in gold["tasks"] if compact(t["content"])[:8]]
    for i, line in enumerate(lines[:cut]):
        # a table row, or a task the notice's prose states before its annexed table
        if "\t" in line or "|" in line or any(p in compact(line) for p in probes):
            cut = i
            break
    floor = max(0, cut - 14)
    group = compact(gold["tasks"][0].get("category") or "")  # the first row's group cell
    while cut > floor:
        line = lines[cut - 1]
        if not line.strip() or "\t" in line or len(compact(line)) <= 8 or (TABLEISH.match(line) and len(line) <= 40) \
                or (group and compact(line) == group) or is_glued_header(line):
            cut -= 1
        else:
            break
    return [line.rstrip() for line in lines[:cut] if "\t" not in line]


PERIODS = re.compile(r"(?:第?[一二三四1-4]季度|(?:1[0-2]|[1-9])月)+")


def is_glued_header(line: str) -> bool:
    """A table header whose words are glued on one line, or the quarters under it: the source's
    own table, not its preamble."""
    from duban.extract.normalize import glued_header_words

    return bool(glued_header_words(line)) or PERIODS.fullmatch(compact(line)) is not None


def load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data[0] if isinstance(data, list) else data


def gold_documents() -> list[Doc]:
    """The four seeds with the shared gold, then the project's own documents with their answers."""
    docs = []
    for source in sorted((SHARED / "seeds").glob("*.txt")) if SHARED.exists() else []:
        gold = load(SHARED / "gold" / f"{source.stem}.json")
        docs.append(Doc(source.stem[:3], gold, preamble_of(source.read_text(encoding="utf-8"), gold)))
    for source in sorted(DATA.glob("*.txt")):
        answers = source.with_suffix(".expected.json")
        if answers.exists():
            gold = load(answers)
            if gold.get("tasks"):
                docs.append(Doc(source.stem, gold, preamble_of(source.read_text(encoding="utf-8"), gold)))
    return docs


# --- the document as columns -----------------------------------------------------------------


def month_of(due: str | None) -> int | None:
    return int(due[5:7]) if due and len(due) >= 7 else None


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    merged: list[bool]  # per row: the first cell is a merged category cell left empty


def table(doc: Doc) -> Table:
    """Columns the gold answers need, in the usual order, one row per task."""
    tasks = doc.gold["tasks"]
    has = {key: any(t.get(key) for t in tasks) for key in ("seq", "category", "target", "participating_units", "leaders")}
    has_deadline = any((t.get("deadline") or {}).get("text") for t in tasks)
    months = sorted({m for t in tasks for m in (month_of(x.get("due")) for x in t.get("milestones") or []) if m})
    header = (["任务分类"] if has["category"] else []) + (["序号"] if has["seq"] else []) + ["工作任务"]
    header += ["牵头单位", "配合单位"] if has["participating_units"] else ["责任单位"]
    header += (["牵头领导"] if has["leaders"] else []) + (["完成时限"] if has_deadline else [])
    header += (["年度目标"] if has["target"] else []) + [f"{m}月" for m in months]
    rows, merged, previous = [], [], object()
    for t in tasks:
        row = []
        if has["category"]:
            category = t.get("category") or ""
            row.append("" if category == previous else category)
            merged.append(category == previous and bool(category))
            previous = category
        else:
            merged.append(False)
        row += [t.get("seq") or ""] if has["seq"] else []
        row.append(t["content"])
        row.append("、".join(t.get("lead_units") or []))
        row += ["、".join(t.get("participating_units") or [])] if has["participating_units"] else []
        row += ["、".join(t.get("leaders") or [])] if has["leaders"] else []
        row += [(t.get("deadline") or {}).get("text") or ""] if has_deadline else []
        row += [t.get("target") or ""] if has["target"] else []
        by_month = {month_of(m.get("due")): m.get("text") or "" for m in t.get("milestones") or []}
        row += [by_month.get(m, "") for m in months]
        rows.append(row)
    return Table(header, rows, merged)


def with_preamble(doc: Doc, body: list[str]) -> str:
    return "\n".join(doc.preamble + [""] + body) + "\n"


def same(doc: Doc, text: str) -> Rendering:
    return Rendering(text, copy.deepcopy(doc.gold))


# --- table shapes ----------------------------------------------------------------------------


def pipe_rows(doc: Doc) -> Rendering:
    """`pipe_rows`: Pipe rows without a leading `|`: `序号 | 工作任务 | 牵头单位 | … |`, merged cells left empty."""
    t = table(doc)
    return same(doc, with_preamble(doc, [" | ".join(r) + " |" for r in [t.header, *t.rows]]))


def pipe_rows_leading(doc: Doc) -> Rendering:
    """`pipe_rows_leading`: Pipe rows with a leading `|`: `| 1 | 推进… | 市卫健委 |`."""
    t = table(doc)
    return same(doc, with_preamble(doc, ["| " + " | ".join(r) + " |" for r in [t.header, *t.rows]]))


def markdown_table(doc: Doc) -> Rendering:
    """`markdown_table`: A markdown table: leading `|` and a `|---|` line under the header."""
    t = table(doc)
    lines = ["| " + " | ".join(t.header) + " |", "|" + "---|" * len(t.header)]
    return same(doc, with_preamble(doc, lines + ["| " + " | ".join(r) + " |" for r in t.rows]))


def markdown_rows_broken(doc: Doc) -> Rendering:
    """`markdown_rows_broken`: Markdown rows whose second cell held a line break: `| 类别 |`, the cell alone, `|`, the rest `… | 单位 |`."""
    t = table(doc)
    lines = ["| " + " | ".join(t.header) + " |", "|" + "---|" * len(t.header)]
    for row in t.rows:
        lines += [f"| {row[0]} |", row[1] or " ", "|", " | ".join(row[2:]) + " |"]
    return same(doc, with_preamble(doc, lines))


def pipe_rows_shifted(doc: Doc) -> Rendering:
    """`pipe_rows_shifted`: Pipe rows under a merged cell lose that cell and end with an extra `|`: `4.… | 局主办科室 | |`."""
    t = table(doc)
    lines = [" | ".join(t.header) + " |"]
    for row, merged in zip(t.rows, t.merged, strict=True):
        lines.append(" | ".join(row[1:]) + " | |" if merged else " | ".join(row) + " |")
    return same(doc, with_preamble(doc, lines))


def pipe_rows_ragged(doc: Doc) -> Rendering:
    """`pipe_rows_ragged`: Pipe rows ending in empty cells `| ||`, the header's first cells partly lost."""
    t = table(doc)
    lines = [" | ".join(t.header[1:]) + " | ||"] + [" | ".join(r) + " | ||" for r in t.rows]
    return same(doc, with_preamble(doc, lines))


def pipe_rows_bar_lines(doc: Doc) -> Rendering:
    """`pipe_rows_bar_lines`: Pipe rows with a line holding only `|` after each row."""
    t = table(doc)
    lines = []
    for r in [t.header, *t.rows]:
        lines += [" | ".join(r) + " |", "|"]
    return same(doc, with_preamble(doc, lines))


def cells_ending_bar(doc: Doc) -> Rendering:
    """`cells_ending_bar`: One cell per line, every cell ending with ` |`; an empty cell is a line holding `|`."""
    t = table(doc)
    lines = [f"{cell} |" if cell else "|" for r in [t.header, *t.rows] for cell in r]
    return same(doc, with_preamble(doc, lines))


def cells_bar_lines(doc: Doc) -> Rendering:
    """`cells_bar_lines`: Cells separated by lines holding only `|`; a merged cell is dropped, an empty cell is an empty line."""
    t = table(doc)
    lines = []
    for r, merged in zip([t.header, *t.rows], [False, *t.merged], strict=True):
        for cell in r[1:] if merged else r:
            lines += [cell, "|"]
    return same(doc, with_preamble(doc, lines))


def cells_blank_lines(doc: Doc) -> Rendering:
    """`cells_blank_lines`: One cell per line with a blank line between cells; a merged cell is dropped, an empty cell is a space."""
    t = table(doc)
    lines = []
    for r, merged in zip([t.header, *t.rows], [False, *t.merged], strict=True):
        for cell in r[1:] if merged else r:
            lines += [cell or " ", ""]
    return same(doc, with_preamble(doc, lines))


def cells_glued_header(doc: Doc) -> Rendering:
    """`cells_glued_header`: One cell per paragraph under a header whose words are glued on one line: `序号工作任务责任单位完成时限`."""
    t = table(doc)
    lines = ["".join(t.header), ""]
    for r, merged in zip(t.rows, t.merged, strict=True):
        for cell in r[1:] if merged else r:
            lines += [cell or " ", ""]
    return same(doc, with_preamble(doc, lines))


def cells_spaced_header(doc: Doc) -> Rendering:
    """`cells_spaced_header`: One cell per paragraph, the task column's header spaced out to the column's width: `工 作 任 务`."""
    t = table(doc)
    task_at = t.header.index("工作任务")
    head = [" ".join(cell) if i == task_at else cell for i, cell in enumerate(t.header)]
    lines = []
    for r, merged in zip([head, *t.rows], [False, *t.merged], strict=True):
        for cell in r[1:] if merged else r:
            lines += [cell or " ", ""]
    return same(doc, with_preamble(doc, lines))


def cells_per_line(doc: Doc) -> Rendering:
    """`cells_per_line`: One cell per line, nothing between cells; empty and merged cells vanish."""
    t = table(doc)
    lines = [cell for r in [t.header, *t.rows] for cell in r if cell]
    return same(doc, with_preamble(doc, lines))


def cells_wrapped(doc: Doc, width: int = 22) -> Rendering:
    """`cells_wrapped`: One cell per line with long cells broken over several lines (words cut where the width ends)."""
    t = table(doc)
    lines = []
    for r in [t.header, *t.rows]:
        for cell in r:
            lines += [cell[i:i + width] for i in range(0, len(cell), width)]
    return same(doc, with_preamble(doc, lines))


def glued_cells(doc: Doc) -> Rendering:
    """`glued_cells`: Cells glued with no separator after the header: `序号重点任务责任单位完成时限1推进…市卫健委2025年底前2…`."""
    t = table(doc)
    return same(doc, with_preamble(doc, ["".join("".join(r) for r in [t.header, *t.rows])]))


def single_spaces(doc: Doc) -> Rendering:
    """`single_spaces`: Cells apart by single spaces, empty cells vanishing: `1 推进… 市卫健委 市医保局 2024年12月底前`."""
    t = table(doc)
    return same(doc, with_preamble(doc, [" ".join(c for c in r if c) for r in [t.header, *t.rows]]))


def space_runs(doc: Doc) -> Rendering:
    """`space_runs`: Cells apart by runs of spaces (a PDF's text laid out by position), empty cells as wider runs."""
    t = table(doc)
    return same(doc, with_preamble(doc, ["   ".join(r) for r in [t.header, *t.rows]]))


def spaced_header(doc: Doc) -> Rendering:
    """`spaced_header`: Pipe rows whose header words have spaces inside: `责 任 单 位 | 完  成  时  限`."""
    t = table(doc)
    head = [(" " if i % 2 else "  ").join(cell) for i, cell in enumerate(t.header)]
    return same(doc, with_preamble(doc, [" | ".join(r) + " |" for r in [head, *t.rows]]))


# --- item shapes -----------------------------------------------------------------------------


def numbered_items(doc: Doc) -> tuple[list[tuple[str | None, str, dict]], dict]:
    """(category heading or None, item number, task) in order, and answers whose seq is that number."""
    gold = copy.deepcopy(doc.gold)
    items, running = [], 0
    for task in gold["tasks"]:
        running += 1
        task["seq"] = task.get("seq") or str(running)
        task["milestones"] = []
        if task.get("target"):
            target = task["target"]
            task["target"] = None
            task["indicators"] = [i for i in task.get("indicators") or []
                                  if not (i.get("text") and i["text"] in target and i["text"] not in task["content"])]
        items.append((task.get("category"), task["seq"], task))
    return items, gold


def headed(items: list, render: Callable[[str, dict], list[str]]) -> list[str]:
    """Item lines with an `一、category` heading line wherever the category changes."""
    lines, previous, group = [], None, 0
    for category, number, task in items:
        if category and category != previous:
            group += 1
            lines.append(f"{cn2an.an2cn(group)}、{category}")
        previous = category
        lines += render(number, task)
    return lines


def units(task: dict, key: str) -> str:
    return "、".join(task.get(key) or [])


def has_roles(doc: Doc) -> bool:
    """Whether the document names participating units anywhere (then every item says 牵头单位)."""
    return any(t.get("participating_units") for t in doc.gold["tasks"])


def label_lines(number: str, task: dict, roles: bool, colon: str = "：") -> list[str]:
    lines = [f"{number}.{task['content']}", f"{'牵头单位' if roles else '责任单位'}{colon}{units(task, 'lead_units')}"]
    if task.get("participating_units"):
        lines.append(f"配合单位{colon}{units(task, 'participating_units')}")
    if task.get("leaders"):
        lines.append(f"牵头领导{colon}{'、'.join(task['leaders'])}")
    if (task.get("deadline") or {}).get("text"):
        lines.append(f"完成时限{colon}{task['deadline']['text']}")
    return lines


def label_blocks(doc: Doc) -> Rendering:
    """`label_blocks`: Numbered items each followed by `牵头单位：…` / `配合单位：…` / `完成时限：…` lines."""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    return Rendering(with_preamble(doc, headed(items, lambda n, t: label_lines(n, t, roles))), gold)


def label_blocks_spaced(doc: Doc) -> Rendering:
    """`label_blocks_spaced`: Label blocks with half-width colons and a blank line after every line (a web page's paragraphs)."""
    items, gold = numbered_items(doc)
    lines = []
    roles = has_roles(doc)
    for line in headed(items, lambda n, t: label_lines(n, t, roles, ":")):
        lines += [line, ""]
    return halfwidth_answers(Rendering(with_preamble(doc, lines), gold))


def label_then_value(doc: Doc) -> Rendering:
    """`label_then_value`: Each label on its own line and its value on the next: `具体任务` / text / `责任单位` / units …"""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    for task in gold["tasks"]:
        task["seq"] = None

    def block(_number: str, task: dict) -> list[str]:
        lines = ["具体任务", task["content"], "牵头单位" if roles else "责任单位", units(task, "lead_units")]
        if task.get("participating_units"):
            lines += ["配合单位", units(task, "participating_units")]
        if (task.get("deadline") or {}).get("text"):
            lines += ["完成时限", task["deadline"]["text"]]
        return lines

    return Rendering(with_preamble(doc, headed(items, block)), gold)


def paren_labels(task: dict, roles: bool) -> str:
    parts = [f"{'牵头单位' if roles else '责任单位'}：{units(task, 'lead_units')}"]
    if task.get("participating_units"):
        parts.append(f"配合单位：{units(task, 'participating_units')}")
    if (task.get("deadline") or {}).get("text"):
        parts.append(f"完成时限：{task['deadline']['text']}")
    return "（" + "；".join(parts) + "）"


def paren_roles(task: dict, roles: bool) -> str:
    text = f"{units(task, 'lead_units')}{'牵头' if roles else '按职责分工负责'}"
    if task.get("participating_units"):
        text += f"，{units(task, 'participating_units')}配合"
    if (task.get("deadline") or {}).get("text"):
        text += f"，{task['deadline']['text']}"
    return f"（{text}）"


def prose_line(number: str, task: dict, paren: Callable[[dict, bool], str], roles: bool) -> str:
    return f"{number}.{task['content']}{paren(task, roles)}"


def prose_labels(doc: Doc) -> Rendering:
    """`prose_labels`: Prose items ending `（牵头单位：X；配合单位：Y；完成时限：Z）`."""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    return Rendering(with_preamble(doc, headed(items, lambda n, t: [prose_line(n, t, paren_labels, roles)])), gold)


def prose_roles(doc: Doc) -> Rendering:
    """`prose_roles`: Prose items ending `（X牵头，Y配合，2024年6月底前）` or `（X、Y按职责分工负责）`."""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    return Rendering(with_preamble(doc, headed(items, lambda n, t: [prose_line(n, t, paren_roles, roles)])), gold)


def paren_square(task: dict, roles: bool) -> str:
    return paren_labels(task, roles).replace("（", "〔", 1)[:-1] + "〕"


def prose_brackets(doc: Doc) -> Rendering:
    """`prose_brackets`: Prose items whose unit note sits in tortoise-shell brackets: `〔牵头单位：X；配合单位：Y〕`."""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    return Rendering(with_preamble(doc, headed(items, lambda n, t: [prose_line(n, t, paren_square, roles)])), gold)


def one_line(doc: Doc) -> Rendering:
    """`one_line`: The whole document on one line, headings and items glued: `…）2.推进…（责任单位：…）3.…`."""
    items, gold = numbered_items(doc)
    roles = has_roles(doc)
    body = "".join(headed(items, lambda n, t: [prose_line(n, t, paren_labels, roles)]))
    return Rendering("".join(doc.preamble) + body + "\n", gold)


# --- character shapes ------------------------------------------------------------------------

HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})


def map_answers(gold: dict, convert: Callable[[str], str]) -> dict:
    """The answers with every printed string passed through `convert` (dates and numbers untouched)."""
    gold = copy.deepcopy(gold)
    doc = gold.get("document") or {}
    for key in ("title", "issuer", "doc_number", "region"):
        if doc.get(key):
            doc[key] = convert(doc[key])
    for task in gold["tasks"]:
        for key in ("category", "content", "target"):
            if task.get(key):
                task[key] = convert(task[key])
        for key in ("lead_units", "participating_units", "leaders"):
            task[key] = [convert(u) for u in task.get(key) or []]
        if (task.get("deadline") or {}).get("text"):
            task["deadline"]["text"] = convert(task["deadline"]["text"])
        for item in (task.get("milestones") or []) + (task.get("indicators") or []):
            if item.get("text"):
                item["text"] = convert(item["text"])
        for indicator in task.get("indicators") or []:
            if indicator.get("unit"):
                indicator["unit"] = convert(indicator["unit"])
    return gold


def halfwidth_answers(rendering: Rendering) -> Rendering:
    return Rendering(rendering.text.translate(HALF), map_answers(rendering.gold, lambda s: s.translate(HALF)))


def halfwidth_prose(doc: Doc) -> Rendering:
    """`halfwidth_prose`: Prose items with half-width punctuation: `(牵头单位:X;配合单位:Y)`."""
    return halfwidth_answers(prose_labels(doc))


def traditional(rendering: Rendering) -> Rendering:
    import opencc

    convert = opencc.OpenCC("s2t").convert
    return Rendering(convert(rendering.text), map_answers(rendering.gold, convert))


def traditional_prose(doc: Doc) -> Rendering:
    """`traditional_prose`: Prose items in traditional characters and half-width punctuation: `(市衛健委牽頭,市醫保局配合)`."""
    return traditional(halfwidth_answers(prose_roles(doc)))


def traditional_pipe_rows(doc: Doc) -> Rendering:
    """`traditional_pipe_rows`: Pipe rows in traditional characters: `牽頭單位 | 責任單位 | 完成時限 |`."""
    return traditional(pipe_rows(doc))


# --- the catalogue ---------------------------------------------------------------------------

SHAPES: dict[str, Callable[[Doc], Rendering]] = {
    "pipe_rows": pipe_rows,
    "pipe_rows_leading": pipe_rows_leading,
    "markdown_table": markdown_table,
    "markdown_rows_broken": markdown_rows_broken,
    "pipe_rows_shifted": pipe_rows_shifted,
    "pipe_rows_ragged": pipe_rows_ragged,
    "pipe_rows_bar_lines": pipe_rows_bar_lines,
    "cells_ending_bar": cells_ending_bar,
    "cells_bar_lines": cells_bar_lines,
    "cells_blank_lines": cells_blank_lines,
    "cells_glued_header": cells_glued_header,
    "cells_spaced_header": cells_spaced_header,
    "cells_per_line": cells_per_line,
    "cells_wrapped": cells_wrapped,
    "glued_cells": glued_cells,
    "single_spaces": single_spaces,
    "space_runs": space_runs,
    "spaced_header": spaced_header,
    "label_blocks": label_blocks,
    "label_blocks_spaced": label_blocks_spaced,
    "label_then_value": label_then_value,
    "prose_labels": prose_labels,
    "prose_roles": prose_roles,
    "halfwidth_prose": halfwidth_prose,
    "prose_brackets": prose_brackets,
    "one_line": one_line,
    "traditional_prose": traditional_prose,
    "traditional_pipe_rows": traditional_pipe_rows,
}

THRESHOLDS = {"task_recall": 0.97, "task_precision": 0.95, "content": 0.95, "lead_units": 0.93,
              "participating_units": 0.90, "deadline_due": 0.95, "indicators": 0.85}
FIELDS = ["content", "lead_units", "participating_units", "deadline_due", "indicators"]


def render(shape: str, doc: Doc) -> Rendering:
    return SHAPES[shape](doc)


@dataclass
class DocScore:
    doc: str
    gold: int
    pred: int
    aligned: int
    fields: dict
    refused: str | None = None


def score_rendering(rendering: Rendering, path: Path, extract, scorer) -> DocScore:
    """Extract the rendering written to `path` and score it against its answers."""
    path.write_text(rendering.text, encoding="utf-8")
    n_gold = len(rendering.gold["tasks"])
    try:
        predicted = json.loads(json.dumps(extract(str(path)).to_dict()))
    except Exception as exc:  # a refusal is a score of zero, reported with its reason
        return DocScore(path.stem, n_gold, 0, 0, {}, refused=str(exc)[:80])
    result = scorer.score(rendering.gold, predicted)
    aligned = round((result["task_recall"] or 0) * n_gold)
    return DocScore(path.stem, n_gold, result["tasks_pred"], aligned, {f: result.get(f) for f in FIELDS})


def summarize(scores: list[DocScore]) -> dict:
    """Micro task recall and precision over all renderings; field scores weighted by aligned tasks."""
    gold = sum(s.gold for s in scores)
    pred = sum(s.pred for s in scores)
    aligned = sum(s.aligned for s in scores)
    out = {"task_recall": aligned / gold if gold else None, "task_precision": aligned / pred if pred else 0.0,
           "refused": sum(1 for s in scores if s.refused)}
    for f in FIELDS:
        weight = sum(s.aligned for s in scores if s.fields.get(f) is not None)
        out[f] = (sum(s.fields[f] * s.aligned for s in scores if s.fields.get(f) is not None) / weight) if weight else None
    return out


def failures(summary: dict) -> list[str]:
    bad = [f"{k}={summary[k]:.3f}<{v}" for k, v in THRESHOLDS.items() if summary[k] is not None and summary[k] < v]
    if summary["refused"]:
        bad.append(f"refused={summary['refused']}")
    return bad


def table_text(shape: str, scores: list[DocScore]) -> str:
    """Per-document lines of one shape, for a failure message or the report."""
    fmt = lambda v: "  -  " if v is None else f"{v:5.2f}"  # noqa: E731
    lines = [f"{shape}: {'doc':28} gold pred recall " + " ".join(f"{f[:8]:>8}" for f in FIELDS)]
    for s in scores:
        recall = s.aligned / s.gold if s.gold else None
        cells = " ".join(f"{fmt(s.fields.get(f)):>8}" for f in FIELDS)
        lines.append(f"{'':{len(shape) + 2}}{s.doc[:28]:28} {s.gold:4} {s.pred:4} {fmt(recall):>6} {cells}"
                     + (f"  REFUSED {s.refused}" if s.refused else ""))
    return "\n".join(lines)
