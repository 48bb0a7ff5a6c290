"""HTML intake (web pages, Word's "save as web page", .mht web archives): text outside tables
as lines, data tables as tables.

Rules: a web archive is read through its HTML part; decode by BOM, then the ``<meta charset>``
or ``http-equiv`` declaration, then guessing; drop ``head``, scripts, styles, navigation, form
controls and hidden elements; block elements and ``<br>`` end a line, whitespace inside a
line collapses to one space (``<pre>`` kept). A ``<table>`` whose cells hold another table,
or with at most one cell per row, is page layout: its cells are read as running text. A data
table is laid on its grid: ``rowspan`` repeats the text on every covered row, ``colspan``
leaves the covered columns empty.
"""

from __future__ import annotations

import re

from duban.intake import limits
from duban.intake.layout import Block, assemble, make_source
from duban.intake.model import IntakeError, NeutralDocument, technical_note
from duban.intake.readers.text import decode_guess, decode_with_bom

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
WHITESPACE = re.compile(r"[ \t\r\n\f\xa0]+")
RESAVE_PAGE = "请把网页中的表格复制到 Word 或 Excel 中保存后上传"
NOISE_TAGS = frozenset(
    "head script style noscript template nav select option button iframe object embed svg"
    " canvas map input textarea".split()
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd div dl dt fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section table"
    " tbody td tfoot th thead tr ul".split()
)
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
CHARSET_SEARCH_BYTES = 4096


def read_html(path: str, data: bytes) -> NeutralDocument:
    """An HTML page as lines and tables in document order."""
    return html_document(path, decode_html(path, data), make_source(path, "html", data))


def read_mht(path: str, data: bytes) -> NeutralDocument:
    """A web archive (.mht, or Word's "single file web page" saved as .doc): its HTML part."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [p for p in message.walk() if not p.is_multipart()]
    html_parts = [p for p in parts if p.get_content_type() == "text/html"]
    text_parts = [p for p in parts if p.get_content_type() == "text/plain"]
    source = make_source(path, "mht", data)
    if html_parts:
        return html_document(path, part_text(path, html_parts[0]), source)
    if text_parts:
        return assemble(source, [part_text(path, text_parts[0])])
    raise IntakeError(path, "网页存档（.mht）中没有网页或文字内容，请检查是否选错了文件")


def part_text(path: str, part) -> str:
    """A MIME part's text, decoded by its declared charset or, failing that, by guessing."""
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):
        text = decode_guess(part.get_payload(decode=True) or b"")
    if text is None:
        raise IntakeError(path, f"网页存档（.mht）的文字编码无法识别：{RESAVE_PAGE}")
    return text


def html_document(path: str, text: str, source) -> NeutralDocument:
    """Parse decoded HTML and lay it out as lines and tables."""
    import lxml.etree
    import lxml.html

    text = XML_DECLARATION.sub("", text).replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise IntakeError(path, "网页文件中没有可读取的内容，请检查是否选错了文件"
                                + technical_note(exc)) from exc
    flow = Flow()
    flow.element(root)
    return assemble(source, flow.finish())


def decode_html(path: str, data: bytes) -> str:
    """The page's text: BOM, then declared charset, then a guess."""
    text = decode_with_bom(data)
    if text is not None:
        return text
    declared = META_CHARSET.search(data[:CHARSET_SEARCH_BYTES])
    if declared:
        encoding = declared.group(1).decode("ascii").lower()
        encoding = "gb18030" if encoding in ("gb2312", "gbk", "gb_2312-80") else encoding
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    text = decode_guess(data)
    if text is None:
        raise IntakeError(path, f"网页文件的文字编码无法识别：{RESAVE_PAGE}")
    return text


class Flow:
    """Collects running text into lines and tables into blocks while walking the tree."""

    def __init__(self, preformatted: bool = False) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.preformatted = preformatted

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(value if self.preformatted else WHITESPACE.sub(" ", value))

    def line_break(self) -> None:
        line = "".join(self.parts).strip()
        self.parts = []
        if line:
            self.blocks.append(line)

    def finish(self) -> list[Block]:
        self.line_break()
        return self.blocks

    def element(self, el) -> None:
        """Walk ``el`` and its children (not its tail)."""
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None or tag in NOISE_TAGS or is_hidden(el):
            return
        if tag == "br":
            self.line_break()
            return
        if tag == "table" and is_data_table(el):
            self.line_break()
            self.blocks.append(table_grid(el))
            return
        block = tag in BLOCK_TAGS
        if block:
            self.line_break()
        was_pre, self.preformatted = self.preformatted, self.preformatted or tag == "pre"
        self.text(el.text)
        for child in el:
            self.element(child)
            self.text(child.tail)
        self.preformatted = was_pre
        if block:
            self.line_break()


def is_hidden(el) -> bool:
    """Hidden by an inline style or the ``hidden`` attribute: not shown, so not read."""
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def direct_rows(table) -> list:
    """The table's own ``<tr>`` rows, not those of nested tables."""
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def direct_cells(tr) -> list:
    return tr.xpath("./td | ./th")


def is_data_table(table) -> bool:
    """A grid of data, not page layout: no nested table, some row with two or more cells."""
    if table.xpath(".//td//table | .//th//table"):
        return False
    return any(len(direct_cells(tr)) >= 2 for tr in direct_rows(table))


def span(cell, name: str, limit: int) -> int:
    """A rowspan/colspan value, 1 when missing or invalid, 0 kept for 'to the end'."""
    match = re.match(r"\s*(\d+)", cell.get(name) or "")
    return min(int(match.group(1)), limit) if match else 1


def cell_text(cell) -> str:
    """A cell's text with its own line breaks."""
    flow = Flow()
    flow.text(cell.text)
    for child in cell:
        flow.element(child)
        flow.text(child.tail)
    return "\n".join(b for b in flow.finish() if isinstance(b, str))


def table_grid(table) -> list[list[str]]:
    """Rows of cell texts with rowspan repeated and colspan left empty."""
    rows = direct_rows(table)
    grid: list[list[str]] = []
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still covered)
    for index, tr in enumerate(rows):
        row: list[str] = []
        for cell in direct_cells(tr):
            take_carried(row, carried)
            if len(row) >= limits.MAX_TABLE_COLUMNS:
                break
            text, colspan = cell_text(cell), max(1, span(cell, "colspan", MAX_COLSPAN))
            colspan = min(colspan, limits.MAX_TABLE_COLUMNS - len(row))
            rowspan = span(cell, "rowspan", MAX_ROWSPAN) or len(rows) - index
            for offset in range(colspan):
                if rowspan > 1:
                    carried[len(row)] = (text if offset == 0 else "", rowspan - 1)
                row.append(text if offset == 0 else "")
        while carried and max(carried) >= len(row):
            if not take_carried(row, carried):
                row.append("")
        grid.append(row[:limits.MAX_TABLE_COLUMNS])
    return grid


def take_carried(row: list[str], carried: dict[int, tuple[str, int]]) -> bool:
    """Fill the row's next columns from cells spanning down from above; True if any."""
    took = False
    while len(row) in carried:
        column = len(row)
        text, left = carried.pop(column)
        row.append(text)
        if left > 1:
            carried[column] = (text, left - 1)
        took = True
    return took
