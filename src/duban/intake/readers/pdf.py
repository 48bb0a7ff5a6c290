"""PDF intake (pdfplumber): per page, ruled tables as tables and the text around them as lines,
top to bottom.

Rules: tables are what ``page.find_tables()`` finds from the ruling lines, the lines a cell
wrapped joined back, and so are a paragraph's lines (``pdf_text``); a cell spanning
rows repeats its text on every row it covers (pdfplumber leaves those rows empty), one spanning
columns leaves the covered columns empty; a text line whose middle lies inside a table is part
of the table; a table continued on the next page is a separate table, marked ``continues`` when
nothing but a page number stands between it and the table that ended the page before, with the
same columns (extraction joins them, and finishes a row the page break cut in two).
A password-protected PDF is refused, and so is one without usable text (a scan, or fonts
that pdfminer can only show as ``(cid:N)``).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from itertools import pairwise

from duban.intake import limits
from duban.intake.budget import check_time
from duban.intake.layout import Block, TablePart, assemble, make_source
from duban.intake.model import IntakeError, NeutralDocument, technical_note
from duban.intake.readers.pdf_text import PageChars, cell_text, paragraphs

SPAN_TOLERANCE = 1.0
EDGE_TOLERANCE = 2.0  # points: the same column printed on two pages
PAGE_NUMBER = re.compile(
    r"^\s*[-—–－]?\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:[/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?\s*[-—–－]?\s*$"
)
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
MAX_UNMAPPED_SHARE = 0.5
ORIGINAL_FILE = "请上传原始的 Word 或 Excel 文件"
ENCRYPTED = "PDF 文件已加密（有密码保护）：请另存为无密码的 PDF，或上传原始的 Word 或 Excel 文件"


def read_pdf(path: str, data: bytes) -> NeutralDocument:
    """A PDF as lines and tables, page after page."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with open_pdf(path, data) as pdf:
        if len(pdf.pages) > limits.MAX_PDF_PAGES:
            raise IntakeError(path, f"PDF 页数过多：{len(pdf.pages)} 页（上限 {limits.MAX_PDF_PAGES} 页），"
                                    "请只上传任务分工部分")
        pages: list[list[Placed]] = []
        for page in pdf.pages:
            check_time(path)
            pages.append(page_blocks(page))
            page.close()
    link_continued_tables(pages)
    blocks = [placed.block for page in pages for placed in page]
    document = assemble(make_source(path, "pdf", data), blocks)
    check_text_layer(path, document.text)
    return document


def check_text_layer(path: str, text: str) -> None:
    """Refuse a PDF whose text is missing (a scan) or undecodable (fonts without Unicode map)."""
    visible = "".join(text.split())
    if not visible:
        raise IntakeError(path, "PDF 中没有可读取的文字（可能是扫描件或图片），本系统不做文字识别："
                                f"{ORIGINAL_FILE}")
    if len("".join(UNMAPPED_GLYPH.findall(visible))) > MAX_UNMAPPED_SHARE * len(visible):
        raise IntakeError(path, "PDF 中的文字无法解码（所用字体缺少 Unicode 对照表）："
                                f"{ORIGINAL_FILE}，或重新导出 PDF")


def open_pdf(path: str, data: bytes):
    """Open with pdfplumber, telling encryption apart from corruption."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise IntakeError(path, ENCRYPTED) from exc
        raise IntakeError(path, f"PDF 文件已损坏，无法打开：{ORIGINAL_FILE}，或重新导出 PDF"
                                + technical_note(cause)) from exc


@dataclass
class Placed:
    """A block on its page: where it starts, and for a table its column edges."""

    top: float
    block: Block
    edges: tuple[float, ...] = ()

    @property
    def is_page_number(self) -> bool:
        return isinstance(self.block, str) and PAGE_NUMBER.match(self.block) is not None


def page_blocks(page) -> list[Placed]:
    """The page's tables and the text lines outside them, ordered by their top edge."""
    tables = page.find_tables()
    chars = PageChars(page.chars) if tables else None
    placed = [Placed(table.bbox[1], TablePart(table_grid(table, chars)), column_edges(table)) for table in tables]
    boxes = [table.bbox for table in tables]
    lines = [line for line in page.extract_text_lines(return_chars=True) if not any(inside(line, box) for box in boxes)]
    left = min([line["x0"] for line in lines] + [box[0] for box in boxes], default=0.0)
    for top, text in paragraphs(lines, left, page.width - left, boxes):
        placed.append(Placed(top, text))
    placed.sort(key=lambda item: (item.top, isinstance(item.block, str)))
    return placed


def column_edges(table) -> tuple[float, ...]:
    """The x positions of the table's column lines."""
    edges: list[float] = []
    for x in sorted({x for row in table.rows for cell in row.cells if cell for x in (cell[0], cell[2])}):
        if not edges or x - edges[-1] > EDGE_TOLERANCE:
            edges.append(x)
    return tuple(edges)


def link_continued_tables(pages: list[list[Placed]]) -> None:
    """Mark a table that opens a page as continuing the table that closed the page before: only
    page numbers between them, and the same column lines."""
    for before, page in pairwise(pages):
        last = next((p for p in reversed(before) if not p.is_page_number), None)
        first = next((p for p in page if not p.is_page_number), None)
        if last is None or first is None or not (last.edges and first.edges):
            continue
        if same_columns(last.edges, first.edges):
            first.block.continues = True


def same_columns(left: tuple[float, ...], right: tuple[float, ...]) -> bool:
    return len(left) == len(right) and all(abs(a - b) <= EDGE_TOLERANCE for a, b in zip(left, right, strict=True))


def inside(line: dict, box: tuple[float, float, float, float]) -> bool:
    """The middle of a text line lies within a table's box."""
    x = (line["x0"] + line["x1"]) / 2
    y = (line["top"] + line["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def table_grid(table, chars: PageChars) -> list[list[str]]:
    """The table's cell texts, wrapped lines rejoined, with spans resolved from the cell boxes."""
    boxes = [row.cells for row in table.rows]
    grid = [[cell_text(chars.inside(box), box) if box else "" for box in row] for row in boxes]
    fill_open_cells(table, boxes, grid, chars)
    tops = [row.bbox[1] for row in table.rows]
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is None:
                continue
            for below in range(r + 1, len(boxes)):
                if tops[below] >= box[3] - SPAN_TOLERANCE:
                    break
                if boxes[below][c] is None:
                    grid[below][c] = grid[r][c]
    return grid


def fill_open_cells(table, boxes: list[list], grid: list[list[str]], chars: PageChars) -> None:
    """Text in a place no cell box covers: a merged cell that the page cut before its bottom
    line was drawn (a spreadsheet's merged group cell running on to the next page)."""
    every = [box for row in boxes for box in row if box]
    spans = column_spans(boxes)
    for r, row in enumerate(boxes):
        top, bottom = table.rows[r].bbox[1], table.rows[r].bbox[3]
        for c, box in enumerate(row):
            if box is not None or c not in spans:
                continue
            slot = (spans[c][0], top, spans[c][1], bottom)
            middle = ((slot[0] + slot[2]) / 2, (top + bottom) / 2)
            if not any(b[0] <= middle[0] <= b[2] and b[1] <= middle[1] <= b[3] for b in every):
                grid[r][c] = cell_text(chars.inside(slot), slot)


def column_spans(boxes: list[list]) -> dict[int, tuple[float, float]]:
    """Left and right edge of each column, from its narrowest cell."""
    spans: dict[int, tuple[float, float]] = {}
    for row in boxes:
        for c, box in enumerate(row):
            if box and (c not in spans or box[2] - box[0] < spans[c][1] - spans[c][0]):
                spans[c] = (box[0], box[2])
    return spans
