"""PDF intake (pdfplumber): per page, ruled tables as tables and the text around them as lines,
top to bottom.

Rules: tables are what ``page.find_tables()`` finds from the ruling lines; a cell spanning
rows repeats its text on every row it covers (pdfplumber leaves those rows empty), one spanning
columns leaves the covered columns empty; a text line whose middle lies inside a table is part
of the table; a table continued on the next page is a separate table (extraction joins them).
A password-protected PDF is refused, and so is one without usable text (a scan, or fonts
that pdfminer can only show as ``(cid:N)``).
"""

from __future__ import annotations

import io
import logging
import re

from duban.intake import limits
from duban.intake.budget import check_time
from duban.intake.layout import Block, assemble, make_source
from duban.intake.model import IntakeError, NeutralDocument

SPAN_TOLERANCE = 1.0
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
MAX_UNMAPPED_SHARE = 0.5
ENCRYPTED = "encrypted PDF (password protected)"


def read_pdf(path: str, data: bytes) -> NeutralDocument:
    """A PDF as lines and tables, page after page."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with open_pdf(path, data) as pdf:
        if len(pdf.pages) > limits.MAX_PDF_PAGES:
            raise IntakeError(path, f"PDF 页数过多：{len(pdf.pages)} 页（上限 {limits.MAX_PDF_PAGES} 页），"
                                    "请只上传任务分工部分")
        blocks: list[Block] = []
        for page in pdf.pages:
            check_time(path)
            blocks.extend(page_blocks(page))
            page.close()
    document = assemble(make_source(path, "pdf", data), blocks)
    check_text_layer(path, document.text)
    return document


def check_text_layer(path: str, text: str) -> None:
    """Refuse a PDF whose text is missing (a scan) or undecodable (fonts without Unicode map)."""
    visible = "".join(text.split())
    if not visible:
        raise IntakeError(
            path, "the PDF has no text layer (a scanned image?); OCR is not supported"
        )
    if len("".join(UNMAPPED_GLYPH.findall(visible))) > MAX_UNMAPPED_SHARE * len(visible):
        raise IntakeError(path, "the PDF's text cannot be decoded (fonts without a Unicode map)")


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
        raise IntakeError(path, f"corrupt PDF: {type(cause).__name__}: {cause}") from exc


def page_blocks(page) -> list[Block]:
    """The page's tables and the text lines outside them, ordered by their top edge."""
    tables = page.find_tables()
    placed: list[tuple[float, int, Block]] = [
        (table.bbox[1], 0, table_grid(table)) for table in tables
    ]
    boxes = [table.bbox for table in tables]
    for line in page.extract_text_lines(return_chars=False):
        if not any(inside(line, box) for box in boxes):
            placed.append((line["top"], 1, line["text"]))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in placed]


def inside(line: dict, box: tuple[float, float, float, float]) -> bool:
    """The middle of a text line lies within a table's box."""
    x = (line["x0"] + line["x1"]) / 2
    y = (line["top"] + line["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def table_grid(table) -> list[list[str]]:
    """The table's cell texts with spans resolved from the cell boxes."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    grid = [[text or "" for text in row] for row in texts]
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
