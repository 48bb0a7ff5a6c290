"""Test-data builder: turn a hand-checked gold file (shared/gold/X.json) into real documents,
.docx, .html, .pdf and .xlsx, whose task table carries the gold's tasks.

The table's header uses the column names of the seed's own header (shared/seeds/X.txt) when a
case is loaded with ``load_case``; otherwise names are made up from the fields the gold fills.
Category cells are merged over consecutive rows of the same category (vMerge in Word, rowspan
in HTML, SPAN in PDF, merged ranges in Excel); unit lists are joined with ``、``.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DUBAN_SHARED", REPO.parent / "shared"))
if not (SHARED / "gold").is_dir():
    SHARED = Path("/work/shared")

ROLE_PATTERNS = (
    ("seq", re.compile(r"序号|编号")),
    ("lead", re.compile(r"牵头|主办|主责")),
    ("participating", re.compile(r"参与|配合|协办|协同|责任|实施")),
    ("deadline", re.compile(r"时限|时间|进度|期限|节点")),
    ("target", re.compile(r"目标")),
    ("month", re.compile(r"^\d{1,2}月$")),
    ("note", re.compile(r"备注|说明")),
)
COLUMN_WEIGHTS = {"seq": 1, "category": 2.5, "content": 7, "lead": 2.5, "participating": 3}
COLUMN_WEIGHTS |= {"deadline": 2, "target": 3, "month": 2.5, "note": 1}
HEADER_CELL_MAX = 12
PDF_MAX_SPAN_ROWS = 4


# --- reading the cases -------------------------------------------------------------------


def case_paths(stem: str) -> tuple[Path, Path]:
    """The gold and seed files whose names start with ``stem`` (e.g. ``"003"``)."""
    (gold,) = sorted((SHARED / "gold").glob(f"{stem}*.json"))
    return gold, SHARED / "seeds" / (gold.stem + ".txt")


def load_case(stem: str) -> dict:
    """The gold dict of a case, with ``header``: the column names its seed's table uses."""
    gold_path, seed_path = case_paths(stem)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    if seed_path.exists():
        seed = seed_path.read_text(encoding="utf-8")
        gold["header"] = seed_header(seed)
    return gold


def seed_header(text: str) -> list[str]:
    """The column names of the first table header in a seed's text.

    The header is found by its lead-unit column (``牵头…``). It is either one tab-separated
    line, or one short line per cell: from the first short line above the lead column down to
    the next blank line for tab-indented cells (a line without the tab continues the cell
    above), or to the last line after the lead column that names a known kind of column.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.split("\t")]
        if not any(c.startswith("牵头") and len(c) <= HEADER_CELL_MAX for c in cells):
            continue
        filled = [cell for cell in cells if cell]
        if len(filled) >= 3:
            return filled
        return header_block(lines, index)
    return []


def is_header_cell(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= HEADER_CELL_MAX and stripped[-1] not in "。；：，.;:,"


def names_column_kind(cell: str) -> bool:
    return any(rx.search(cell) for _, rx in ROLE_PATTERNS)


def header_block(lines: list[str], index: int) -> list[str]:
    """Header cells written one per line around line ``index``."""
    tabbed = lines[index].startswith("\t")
    start = index
    while start > 0 and (not lines[start - 1].strip() or is_header_cell(lines[start - 1])):
        start -= 1
    cells: list[str] = []
    for position, line in enumerate(lines[start:], start):
        stripped = line.strip()
        if position > index and tabbed and not stripped:
            break
        if not stripped:
            continue
        if position > index and not (tabbed or names_column_kind(stripped)):
            break
        if tabbed and not line.startswith("\t") and cells:
            cells[-1] += stripped
        else:
            cells.append(stripped)
    return cells


def sample_gold(count: int = 6, per_category: int = 3) -> dict:
    """A made-up gold dict with ``count`` tasks in categories of ``per_category`` rows, for
    tests that must not depend on shared/."""
    units = ["市卫健委", "市财政局", "市人社局", "市医保局"]
    tasks = []
    for index in range(count):
        tasks.append(
            {
                "seq": str(index + 1),
                "category": f"第{index // per_category + 1}类重点任务",
                "content": f"第{index + 1}项任务：推进公立医院综合改革，完善运行机制。",
                "lead_units": [units[index % len(units)]],
                "participating_units": [units[(index + 1) % len(units)], "各县市区政府"],
                "deadline": {"text": f"2022年{index % 12 + 1}月底前"},
                "milestones": [],
                "target": None,
            }
        )
    document = {"title": "某市重点任务分解表", "issuer": "某市人民政府办公室"}
    return {"document": document | {"doc_number": None, "issued_on": "2022-09-14"}, "tasks": tasks}


def expected_rows(gold: dict) -> list[list[str]]:
    """Header and rows the readers should return for a built document: merged categories
    repeated on every row."""
    header, rows, _ = table_of(gold)
    return [header, *rows]


# --- the table ----------------------------------------------------------------------------


def column_roles(header: list[str]) -> list[str]:
    """What each column holds; of the task-describing columns the last is ``content`` and the
    one before it ``category``."""
    roles = []
    for name in header:
        roles.append(next((role for role, rx in ROLE_PATTERNS if rx.search(name)), "text"))
    texts = [i for i, role in enumerate(roles) if role == "text"]
    if texts:
        roles[texts[-1]] = "content"
    if len(texts) >= 2:
        roles[texts[-2]] = "category"
    return ["note" if role == "text" else role for role in roles]


def default_header(gold: dict) -> list[str]:
    """Column names for the fields the gold's tasks fill."""
    tasks = gold["tasks"]
    header = ["序号"] if any(t.get("seq") for t in tasks) else []
    header += ["任务分类"] if any(t.get("category") for t in tasks) else []
    header += ["具体任务", "牵头单位", "参与单位"]
    header += ["完成时限"] if any((t.get("deadline") or {}).get("text") for t in tasks) else []
    header += ["年度目标"] if any(t.get("target") for t in tasks) else []
    months = {int(m["due"][5:7]) for t in tasks for m in t.get("milestones") or []}
    return header + [f"{m}月" for m in sorted(months)]


def header_of(gold: dict) -> list[str]:
    return gold.get("header") or default_header(gold)


def cell_value(task: dict, role: str, name: str) -> str:
    """The text a task shows in a column of the given role."""
    if role == "month":
        month = int(name[:-1])
        found = [m["text"] for m in task.get("milestones") or [] if int(m["due"][5:7]) == month]
        return "；".join(found)
    if role in ("lead", "participating"):
        return "、".join(task.get(f"{role}_units") or [])
    if role == "deadline":
        return (task.get("deadline") or {}).get("text") or ""
    if role == "note":
        return ""
    return task.get(role) or ""


def table_of(gold: dict) -> tuple[list[str], list[list[str]], list[tuple[int, int, int]]]:
    """Header, data rows, and merges ``(column, first_row, last_row)`` of category runs
    (row numbers count data rows from 0)."""
    header = header_of(gold)
    roles = column_roles(header)
    rows = [
        [cell_value(t, r, n) for r, n in zip(roles, header, strict=True)] for t in gold["tasks"]
    ]
    merges = []
    if "category" in roles:
        column = roles.index("category")
        merges = [(column, a, b) for a, b in runs([t.get("category") for t in gold["tasks"]])]
    return header, rows, merges


def runs(values: list) -> list[tuple[int, int]]:
    """``(first, last)`` index of every run of two or more equal non-empty values."""
    found, start = [], 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            if values[start] and index - 1 > start:
                found.append((start, index - 1))
            start = index
    return found


def preamble(gold: dict) -> list[str]:
    """Paragraphs before the table: document number, title, issuer and date, as given."""
    doc = gold["document"]
    lines = [doc.get("doc_number"), doc.get("title"), doc.get("issuer")]
    if doc.get("issued_on"):
        year, month, day = (int(part) for part in doc["issued_on"].split("-"))
        lines.append(f"{year}年{month}月{day}日")
    return [line for line in lines if line]


def merged_rows(rows: list[list[str]], merges) -> list[list[str]]:
    """Rows as a merged table shows them: a merged cell's text only in its first row."""
    shown = [list(row) for row in rows]
    for column, first, last in merges:
        for r in range(first + 1, last + 1):
            shown[r][column] = ""
    return shown


# --- writers ------------------------------------------------------------------------------


def build_docx(gold: dict, path, split_at: int | None = None) -> Path:
    """A Word document: preamble paragraphs, then a real table with merged category cells.
    With ``split_at`` the tasks from that index on go into a second table, right after the
    first and with the same header (as when a table is broken across pages)."""
    import docx

    document = docx.Document()
    for line in preamble(gold):
        document.add_paragraph(line)
    tasks = gold["tasks"]
    parts = [tasks] if split_at is None else [tasks[:split_at], tasks[split_at:]]
    for part in parts:
        add_word_table(document, *table_of(gold | {"tasks": part}))
    document.add_paragraph("（此件公开发布）")
    document.save(str(path))
    return Path(path)


def add_word_table(document, header, rows, merges) -> None:
    """Append a bordered table; merged category cells are real vertical merges (vMerge)."""
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    for word_row, row in zip(table.rows, [header, *merged_rows(rows, merges)], strict=True):
        for cell, text in zip(word_row.cells, row, strict=True):
            if text:
                cell.text = text
    for column, first, last in merges:
        table.cell(first + 1, column).merge(table.cell(last + 1, column))


def build_html(gold: dict, path, encoding: str = "utf-8") -> Path:
    """A government web page: navigation crumbs, the table with rowspan, print links, footer."""
    header, rows, merges = table_of(gold)
    spans = {(first, column): last - first + 1 for column, first, last in merges}
    covered = {(r, c) for c, first, last in merges for r in range(first + 1, last + 1)}
    body = ["<tr>" + "".join(f"<th>{html.escape(n)}</th>" for n in header) + "</tr>"]
    for r, row in enumerate(rows):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rowspan = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            cells.append(f"<td{rowspan}><p>{html.escape(text)}</p></td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    intro = "".join(f"<p>{html.escape(line)}</p>" for line in preamble(gold))
    title = html.escape(gold["document"].get("title") or "")
    page = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}"><title>{title}</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>td {{ border: 1px solid #000; }}</style></head>
<body><div class="crumbs">当前位置：首页 &gt; 政府信息公开 &gt; 政策文件</div>
<div class="article">{intro}
<table border="1" cellspacing="0">{"".join(body)}</table></div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】 【<a href="javascript:window.close()">关闭</a>】</div>
<div class="footer">主办单位：人民政府办公室<br>网站标识码 0000000000 备案号：ICP备00000000号</div>
</body></html>"""
    Path(path).write_bytes(page.encode(encoding))
    return Path(path)


def build_xlsx(gold: dict, path) -> Path:
    """A workbook: the preamble as merged rows above the header, then the tasks with merged
    category cells."""
    import openpyxl

    header, rows, merges = table_of(gold)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解表"
    for line in preamble(gold):
        sheet.append([line])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(header))
    first_data_row = sheet.max_row + 2
    sheet.append(header)
    for row in merged_rows(rows, merges):
        sheet.append(row)
    for column, first, last in merges:
        top, bottom = first + first_data_row, last + first_data_row
        sheet.merge_cells(
            start_row=top, start_column=column + 1, end_row=bottom, end_column=column + 1
        )
    workbook.save(str(path))
    return Path(path)


def build_pdf(gold: dict, path) -> Path:
    """A landscape PDF: preamble, then a ruled table with wrapped cells, category cells spanned
    over their rows, the header repeated on every page (STSong-Light CID font)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=11, wordWrap="CJK")
    title_style = ParagraphStyle("title", parent=style, fontSize=12, leading=18)
    header, rows, merges = table_of(gold)
    merges = split_merges(merges, PDF_MAX_SPAN_ROWS)
    data = [[Paragraph(html.escape(text), style) for text in row] for row in [header, *rows]]
    shown = merged_rows(rows, merges)
    for r, row in enumerate(shown, start=1):
        for c, text in enumerate(row):
            if not text:
                data[r][c] = ""
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=30, rightMargin=30)
    widths = column_widths(column_roles(header), doc.width)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    commands += [("SPAN", (c, a + 1), (c, b + 1)) for c, a, b in merges]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    story = [Paragraph(html.escape(line), title_style) for line in preamble(gold)]
    doc.build([*story, table])
    return Path(path)


def split_merges(merges, size: int) -> list[tuple[int, int, int]]:
    """Cut long merges into pieces of at most ``size`` rows: reportlab cannot break a page
    inside a spanned cell, so a printed category restarts on each piece."""
    pieces = []
    for column, first, last in merges:
        for start in range(first, last + 1, size):
            end = min(start + size - 1, last)
            if end > start:
                pieces.append((column, start, end))
    return pieces


def column_widths(roles: list[str], total: float) -> list[float]:
    weights = [COLUMN_WEIGHTS.get(role, 1) for role in roles]
    return [total * w / sum(weights) for w in weights]


BUILDERS = {"docx": build_docx, "html": build_html, "pdf": build_pdf, "xlsx": build_xlsx}
