"""Extraction: from the neutral form of a document to task records (spec/extraction.md).

The pipeline, each stage a plain function:
  reader tables / text lines --layout--> grids --rows--> raw rows --assemble--> tasks,
with `stream` (paragraph-cell tables), `prose` (numbered items naming their units) and
`fallback` (any responsibility label anchors a task, marked `layout_guessed`) as the
fallbacks when no delimited table is found. The text is normalized first (`normalize`). Web-page furniture (`noise`) is blanked
from the text first. A document with both prose and a
table yields the table rows only.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from duban.extract.model import NO_TASK_FOUND, ExtractError, Extraction
from duban.extract.text import compact
from duban.intake.model import NeutralDocument

__all__ = ["ExtractError", "Extraction", "extract_document", "extract_path"]


def extract_path(path: str) -> Extraction:
    """Read and extract one file (raises IntakeError or ExtractError, both ValueError)."""
    from duban.intake import read_document

    return extract_document(read_document(path))


def extract_document(doc: NeutralDocument) -> Extraction:
    from duban.extract.assemble import rows_to_tasks
    from duban.extract.metadata import document_info, document_year
    from duban.extract.normalize import full_width_punctuation, to_simplified
    from duban.extract.printed import traditional_reading

    doc = without_pinyin_notes(doc)
    rows, header_line = find_task_rows(doc)
    numbered = [((i, i), line) for i, line in enumerate(doc.lines, start=1)]
    lines = [text for _, text in full_width_punctuation(to_simplified(numbered))]
    info = document_info(lines, header_line)
    tasks = rows_to_tasks(rows, document_year(info, lines))
    if not tasks:
        raise ExtractError(doc.source.path, NO_TASK_FOUND)
    as_printed = traditional_reading(doc.lines)
    if as_printed is not None:
        reprint(info, tasks, as_printed)
    keep_printed_brackets(tasks, doc.lines)
    return Extraction(source=asdict(doc.source), document=info, tasks=tasks)


def without_pinyin_notes(doc: NeutralDocument) -> NeutralDocument:
    """The document with the pinyin some sites print after characters removed (`責(zé)任`)."""
    from duban.extract.text import strip_pinyin_notes

    if not any("(" in line or "（" in line for line in doc.lines):
        return doc
    tables = [replace(t, rows=[[strip_pinyin_notes(c) for c in row] for row in t.rows]) for t in doc.tables]
    return replace(doc, lines=[strip_pinyin_notes(line) for line in doc.lines], tables=tables)


def reprint(info, tasks: list, as_printed) -> None:
    """Text read from a traditional document given back in its printed characters."""
    for name in ("title", "issuer", "doc_number", "region"):
        setattr(info, name, as_printed(getattr(info, name)))
    for task in tasks:
        for name in ("category", "content", "target", "progress"):
            setattr(task, name, as_printed(getattr(task, name)))
        task.lead_units = [as_printed(n) for n in task.lead_units]
        task.participating_units = [as_printed(n) for n in task.participating_units]
        task.leaders = [as_printed(n) for n in task.leaders]
        task.deadline.text = as_printed(task.deadline.text)
        for item in (*task.milestones, *task.indicators):
            item.text = as_printed(item.text)
        for indicator in task.indicators:
            indicator.unit = as_printed(indicator.unit)


def keep_printed_brackets(tasks: list, lines: list[str]) -> None:
    """Unit names given back with the brackets they were printed with: reading widened
    `各街道(功能区)` to `各街道（功能区）`, and a unit name is kept as written."""
    from functools import cache

    from duban.extract.printed import names_as_printed

    printed = cache(lambda: compact("\n".join(lines)))
    for task in tasks:
        task.lead_units = names_as_printed(task.lead_units, printed)
        task.participating_units = names_as_printed(task.participating_units, printed)


def find_task_rows(doc: NeutralDocument):
    """Rows of the best task table; the prose items only when there is no table.

    The text is normalized first (`duban.extract.normalize`); rows found in it are given back
    the input lines they came from."""
    from duban.extract.cut_end import open_end, settle_cut_row
    from duban.extract.fallback import marker_rows
    from duban.extract.layout import table_grids, text_grids
    from duban.extract.noise import without_noise
    from duban.extract.normalize import normalize
    from duban.extract.prose import prose_rows
    from duban.extract.stream import stream_rows

    clean = without_noise(doc.lines)
    norm = normalize(clean)
    lines = norm.lines
    rows, line, joined = rows_from_grids(table_grids(doc))
    best: tuple[list, int | None] = (rows, line)
    # the text form of a table prints a row a page break cut in two as two rows
    best_count = count_tasks(rows) + joined
    end = open_end(clean, norm.origin)
    for grid in text_grids(lines):
        rows, line, _ = rows_from_grids([grid])
        rows = settle_cut_row(rows, end)
        if count_tasks(rows) > best_count:
            best = (relined(rows, norm), norm.span(line, line)[0] if line else None)
            best_count = count_tasks(rows)
    if count_tasks(best[0]) == 0:
        rows, cmap = stream_rows(lines)
        best = (relined(rows, norm), norm.span(cmap.line, cmap.line)[0] if cmap else None)
    if count_tasks(best[0]) == 0:
        best = (relined(prose_rows(lines), norm), None)
    if count_tasks(best[0]) == 0:
        best = (relined(marker_rows(lines), norm), None)
    return best


def relined(rows: list, norm) -> list:
    """Rows found in normalized text, their line spans put back on the input text."""
    for row in rows:
        row.first, row.last = norm.span(row.first, row.last)
    return rows


def rows_from_grids(grids: list) -> tuple[list, int | None, int]:
    """Rows of consecutive grids, the header's line, and how many rows were parts of a row a
    page break cut in two. A grid without a header continues the one before, and a grid that
    opens a new page may finish the row the page before ended with."""
    from duban.extract.cut_end import split_item_cells
    from duban.extract.page_breaks import join_across_page
    from duban.extract.rows import grid_to_rows

    rows: list = []
    cmap = None
    first_line = None
    joined = 0
    for grid in grids:
        found, cmap = grid_to_rows(grid, cmap)
        if grid.continues:
            kept = join_across_page(rows, found, cmap)
            joined += len(found) - len(kept)
            found = kept
        rows.extend(found)
        if cmap is not None and first_line is None:
            first_line = cmap.line
    return split_item_cells(rows), first_line, joined


def count_tasks(rows: list) -> int:
    # a table whose one task column is named like a category (重点工作任务) puts its text there
    return sum(1 for row in rows if not row.heading and any(compact(row.fields.get(n)) for n in ("content", "category")))
