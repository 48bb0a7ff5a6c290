"""A document's ledger (台账) as a table: the source table's columns plus status and progress.

One declaration of the columns (``ledger_columns``) serves the Excel and the CSV export. A
reporter's export shows the progress columns (percent, latest report) only of the tasks whose
reports it may read (``reads``: those task ids; None: every task). The
Excel sheet keeps the layout offices know from the original 分工表: a title row, a header row,
the category cells merged vertically over their rows, wrapped text, sized columns, and the header
frozen so it stays in view while scrolling.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from duban.ledger.choices import AssignmentRole
from duban.ledger.models import Document, ProgressReport, Task
from duban.lib.cells import put, write_csv_rows

TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
# The body cells' look as two named styles (left / centred), registered once per workbook: a
# per-cell Border and Alignment would be hashed by openpyxl for each of a ledger's cells.
BODY_STYLES = {
    center: NamedStyle(name=f"台账{'居中' if center else '正文'}", border=BORDER,
                       alignment=Alignment(horizontal="center" if center else "left",
                                           vertical="center", wrap_text=True))
    for center in (False, True)
}


@dataclass(frozen=True)
class Column:
    """One column of the ledger: header, width in characters and how to read a row's value."""

    header: str
    width: float
    value: Callable[[Task], object]
    center: bool = False


def units_text(task: Task, role: str) -> str:
    """The units of a role as the document names them: its own units, then its unit groups
    (a group's member lines are not listed again)."""
    names = [a.unit.name for a in task.assignments.all() if a.role == role and not a.via_group_id]
    names += [g.group.name for g in task.group_assignments.all() if g.role == role]
    return "、".join(names)


def latest_report(task: Task) -> ProgressReport | None:
    reports = list(task.reports.all())
    return reports[0] if reports else None


def latest_percent(task: Task) -> int | None:
    return next((r.percent for r in task.reports.all() if r.percent is not None), None)


def milestone_months(tasks: list[Task]) -> list[tuple[int, int]]:
    """The (year, month) of every milestone of the document, in order (a 倒排表's month columns)."""
    return sorted({(m.due.year, m.due.month) for t in tasks for m in t.milestones.all() if m.due})


def month_label(year: int, month: int, years: set[int]) -> str:
    return f"{month}月" if len(years) == 1 else f"{year}年{month}月"


def milestone_column(year: int, month: int, label: str) -> Column:
    def value(task):
        texts = [m.text for m in task.milestones.all()
                 if m.due and (m.due.year, m.due.month) == (year, month)]
        return "\n".join(texts)

    return Column(label, 22, value)


def ledger_columns(tasks: list[Task], reads: set[int] | None = None) -> list[Column]:
    """The columns of this document's ledger: only those its tasks fill, in the source's order;
    the progress columns blank for tasks outside ``reads`` (when given)."""

    def shown(read):
        return lambda t: read(t) if reads is None or t.pk in reads else None

    columns = [Column("序号", 6, lambda t: t.seq, center=True)]
    if any(t.category for t in tasks):
        columns.append(Column("类别", 18, lambda t: t.category))
    columns.append(Column("任务内容", 60, lambda t: t.content))
    columns.append(Column("牵头单位", 18, lambda t: units_text(t, AssignmentRole.LEAD)))
    columns.append(Column("参与单位", 24,
                          lambda t: units_text(t, AssignmentRole.PARTICIPATING)))
    if any(t.deadline_text or t.deadline_due for t in tasks):
        columns.append(Column("完成时限", 14, lambda t: t.deadline_text
                              or (t.deadline_due.isoformat() if t.deadline_due else "")))
    months = milestone_months(tasks)
    years = {year for year, _ in months}
    columns += [milestone_column(y, m, month_label(y, m, years)) for y, m in months]
    if any(t.target for t in tasks):
        columns.append(Column("年度目标", 24, lambda t: t.target))
    columns += [
        Column("状态", 9, lambda t: t.get_state_display(), center=True),
        Column("完成比例（%）", 9, shown(latest_percent), center=True),
        Column("最新进展", 40, shown(lambda t: latest_report(t).text if latest_report(t) else "")),
    ]
    return columns


def document_tasks(document: Document) -> list[Task]:
    return list(
        document.tasks.order_by("order", "pk").prefetch_related(
            "assignments__unit", "group_assignments__group", "milestones", "reports"))


def ledger_rows(document: Document, reads: set[int] | None = None
                ) -> tuple[list[str], list[list]]:
    """The header and the rows of a document's ledger, in source order."""
    tasks = document_tasks(document)
    columns = ledger_columns(tasks, reads)
    rows = [[column.value(task) for column in columns] for task in tasks]
    return [column.header for column in columns], rows


def ledger_csv(document: Document, reads: set[int] | None = None) -> str:
    """The ledger as CSV text (one header row, one row per task; the category on every row);
    text a spreadsheet would run as a formula is quoted (``lib.cells.csv_value``)."""
    header, rows = ledger_rows(document, reads)
    out = io.StringIO()
    write_csv_rows(out, [header, *rows])
    return out.getvalue()


def ledger_xlsx(document: Document, reads: set[int] | None = None) -> bytes:
    """The ledger as an .xlsx workbook in the source table's layout (see the module docstring)."""
    tasks = document_tasks(document)
    columns = ledger_columns(tasks, reads)
    book = Workbook()
    for style in BODY_STYLES.values():
        book.add_named_style(style)
    sheet = book.active
    sheet.title = "台账"
    write_title(sheet, document.title, len(columns))
    write_header(sheet, columns)
    for offset, task in enumerate(tasks):
        write_row(sheet, FIRST_DATA_ROW + offset, columns, task)
    if any(c.header == "类别" for c in columns):
        merge_categories(sheet, [c.header for c in columns].index("类别") + 1, tasks)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_title(sheet, title: str, width: int) -> None:
    cell = put(sheet, TITLE_ROW, 1, title)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    sheet.row_dimensions[TITLE_ROW].height = 30


def write_header(sheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, HEADER_ROW, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width


def write_row(sheet, row: int, columns: list[Column], task: Task) -> None:
    for index, column in enumerate(columns, start=1):
        cell = put(sheet, row, index, column.value(task))
        if column.header != "类别":  # styled after merging (merge_categories)
            cell.style = BODY_STYLES[column.center].name


def merge_categories(sheet, column: int, tasks: list[Task]) -> None:
    """Merge each run of rows of one category into one vertical cell, as the source table has.

    The column is styled after merging: openpyxl redraws a merged range's border cell by cell
    from its first cell's border, which costs seconds on a long ledger; a named style on every
    cell of the range gives the same borders at once."""
    row = FIRST_DATA_ROW
    for _category, run in groupby(tasks, key=lambda t: t.category):
        size = len(list(run))
        if size > 1:
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + size - 1,
                              end_column=column)
        row += size
    for offset in range(len(tasks)):
        sheet.cell(row=FIRST_DATA_ROW + offset, column=column).style = BODY_STYLES[False].name
