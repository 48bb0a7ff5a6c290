"""Word .docx intake: body paragraphs and tables in document order.

Rules: paragraph text is every ``w:t`` with ``w:tab``/``w:br`` kept, skipping deleted text and
the ``mc:Fallback`` copy of text boxes; content controls (``w:sdt``) are read through. Tables
are laid on their grid: ``w:gridBefore`` and ``w:gridSpan`` place the cells, a ``w:vMerge``
continuation repeats the text of the cell that started the merge, the other columns a merged
cell covers stay empty. A table nested in a cell is flattened into that cell's text, one line
per nested row. Automatic list numbers are drawn in (see ``wordnum``). Two consecutive Word tables stay two tables. python-docx parses with
``resolve_entities=False``, so external entities are never fetched.
"""

from __future__ import annotations

import io

from duban.intake import limits
from duban.intake.budget import check_time
from duban.intake.layout import Block, assemble, make_source
from duban.intake.model import IntakeError, NeutralDocument, technical_note
from duban.intake.readers.archive import check_zip
from duban.intake.readers.wordnum import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXT_TAGS = {
    W + "t": None,
    W + "tab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
SKIPPED_TAGS = {W + "del", W + "moveFrom", MC_FALLBACK, W + "rPr", W + "pPr"}
TRANSPARENT_TAGS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"}
MAX_GRID_SPAN = 64


def read_docx(path: str, data: bytes) -> NeutralDocument:
    """A .docx file as paragraphs and tables in document order."""
    check_zip(path, data, "docx")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise IntakeError(path, "文件已损坏，或不是有效的 Word 文档（.docx）：请用 Word 或 WPS 打开后"
                                "另存为 .docx，再上传" + technical_note(exc)) from exc
    numbering = Numbering(numbering_xml(document), document.styles.element)
    blocks = body_blocks(document.element.body, numbering, path)
    return assemble(make_source(path, "docx", data), blocks)


def numbering_xml(document):
    """The numbering definitions, or None when the document has none."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None


def body_blocks(parent, numbering: Numbering, path: str = "") -> list[Block]:
    """Paragraph texts and table grids directly under ``parent`` (through content controls)."""
    blocks: list[Block] = []
    for child in parent:
        check_time(path)
        if child.tag == W + "p":
            blocks.append(numbering.label(child) + paragraph_text(child))
        elif child.tag == W + "tbl":
            blocks.append(table_rows(child, numbering, path))
        elif child.tag in TRANSPARENT_TAGS:
            blocks.extend(body_blocks(child, numbering, path))
    return blocks


def paragraph_text(element) -> str:
    """The visible text of a paragraph (or run container), tabs and line breaks kept."""
    parts: list[str] = []
    for child in element:
        if child.tag in SKIPPED_TAGS or not isinstance(child.tag, str):
            continue
        if child.tag in TEXT_TAGS:
            replacement = TEXT_TAGS[child.tag]
            parts.append((child.text or "") if replacement is None else replacement)
        else:
            parts.append(paragraph_text(child))
    return "".join(parts)


def int_attr(element, path: str, default: int) -> int:
    """The integer ``w:val`` of the child at ``path``, or ``default``."""
    found = element.find(path)
    if found is None:
        return default
    try:
        return int(found.get(W + "val", default))
    except ValueError:
        return default


def row_cells(tr) -> list:
    """The ``w:tc`` cells of a row, looking through content controls."""
    cells = []
    for child in tr:
        if child.tag == W + "tc":
            cells.append(child)
        elif child.tag in TRANSPARENT_TAGS:
            cells.extend(row_cells(child))
    return cells


def table_row_elements(tbl) -> list:
    """The ``w:tr`` rows of a table, looking through content controls."""
    rows = []
    for child in tbl:
        if child.tag == W + "tr":
            rows.append(child)
        elif child.tag in TRANSPARENT_TAGS:
            rows.extend(table_row_elements(child))
    return rows


def vertical_merge(tc) -> str | None:
    """``restart``, ``continue`` or None (not vertically merged)."""
    found = tc.find(f"{W}tcPr/{W}vMerge")
    if found is None:
        return None
    return found.get(W + "val", "continue")


def table_rows(tbl, numbering: Numbering, path: str = "") -> list[list[str]]:
    """The table as a grid of cell texts with merged cells resolved."""
    grid: list[list[str]] = []
    merge_origin: dict[int, str] = {}
    for tr in table_row_elements(tbl):
        check_time(path)
        col = min(max(0, int_attr(tr, f"{W}trPr/{W}gridBefore", 0)), limits.MAX_TABLE_COLUMNS)
        row = [""] * col
        for tc in row_cells(tr):
            if col >= limits.MAX_TABLE_COLUMNS:
                break
            span = min(max(1, int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)), MAX_GRID_SPAN,
                       limits.MAX_TABLE_COLUMNS - col)
            merge = vertical_merge(tc)
            if merge == "continue":
                text = merge_origin.get(col, "")
            else:
                text = cell_text(tc, numbering)
                merge_origin[col] = text if merge == "restart" else ""
            row.append(text)
            row.extend([""] * (span - 1))
            col += span
        grid.append(row)
    return grid


def cell_text(tc, numbering: Numbering) -> str:
    """A cell's paragraphs, one per line; nested tables one line per row."""
    lines: list[str] = []
    for block in body_blocks(tc, numbering):
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend(" ".join(cell for cell in row if cell.strip()) for row in block)
    return "\n".join(lines).strip()
