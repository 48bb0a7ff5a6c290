"""Tell a file's format from its bytes; the file name is only a hint.

Rules: ``%PDF`` → pdf; a zip holding ``word/`` → docx, ``xl/`` → xlsx; an OLE2 compound file
→ doc, wps or xls by the streams it names (an ``EncryptedPackage`` is a password-protected
.docx/.xlsx); ``{\\rtf`` → rtf; mail-style headers with ``MIME-Version`` → mht (a web
archive, which is also what Word's "single file web page" saved as .doc is); text that opens
with an HTML tag (after any BOM, whitespace or comments, in any encoding) → html; other text
→ txt; anything else → binary. Names that have no reader are explained by ``UNSUPPORTED``.
"""

from __future__ import annotations

import io
import re
import zipfile

from duban.intake.readers.text import decode_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_SEARCH_BYTES = 1024
HTML_START = re.compile(
    r"^(?:\s|<!--.*?-->|<\?xml[^>]*\?>)*<(?:!doctype\s+html|html|head|body|meta|title|table|p|div)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
HTML_SNIFF_CHARS = 4096
MHT_START = re.compile(
    rb"^\s*(?:[A-Za-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?MIME-Version:", re.IGNORECASE
)

UNSUPPORTED = {
    "rtf": "不支持 RTF 格式：请用 Word 或 WPS 打开后另存为 .docx 再上传",
    "odf": "不支持 OpenDocument 格式（.odt、.ods）：请另存为 .docx 或 .xlsx 再上传",
    "pptx": "不支持演示文稿（PPT）：请把其中的表格复制到 Word 或 Excel，或导出为 PDF 后上传",
    "ppt": "不支持演示文稿（PPT）：请把其中的表格复制到 Word 或 Excel，或导出为 PDF 后上传",
    "zip": "这是一个压缩包，不是 Word（.docx）或 Excel（.xlsx）文件：请解压后上传其中的文件",
    "ole": "无法识别的旧版 Office 文件：请用 Word、WPS 或 Excel 打开后另存为 .docx 或 .xlsx 再上传",
    "encrypted-office": "文件已加密（有密码保护）：请在 Word、WPS 或 Excel 中取消密码后另存，再上传",
    "binary": "不支持该文件格式：可以读取的是文本（.txt）、Word（.docx、.doc、.wps）、"
              "Excel（.xlsx、.xls）、网页（.html、.mht）和 PDF 文件",
}


def sniff(data: bytes, name: str = "") -> str:
    """Name the format of ``data``: a key of READERS or of UNSUPPORTED."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.lstrip()[:5] == b"%PDF-" or is_prefixed_pdf(data):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return zip_kind(data, suffix)
    if data.startswith(OLE2_MAGIC):
        return ole_kind(data, suffix)
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if MHT_START.match(data[:HTML_SNIFF_CHARS]):
        return "mht"
    text = decode_text(data)
    if text is None:
        return "binary"
    return "html" if HTML_START.match(text[:HTML_SNIFF_CHARS]) else "txt"


def is_prefixed_pdf(data: bytes) -> bool:
    """A PDF header after some junk bytes, as viewers accept, with a PDF trailer to match."""
    return b"%PDF-" in data[:PDF_SEARCH_BYTES] and (b"startxref" in data or b"%%EOF" in data)


def zip_kind(data: bytes, suffix: str) -> str:
    """docx, xlsx, pptx, odf or zip from the member names; a broken zip keeps its suffix."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return suffix if suffix in ("docx", "xlsx") else "zip"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if "mimetype" in names and "content.xml" in names:
        return "odf"
    return "zip"


def ole_name(name: str) -> bytes:
    """How an OLE2 directory entry spells a stream name (UTF-16LE)."""
    return name.encode("utf-16-le")


def ole_kind(data: bytes, suffix: str) -> str:
    """doc, wps, xls, ppt or encrypted-office from the stream names in an OLE2 file."""
    if ole_name("EncryptedPackage") in data:
        return "encrypted-office"
    if suffix == "wps" and (ole_name("WordDocument") in data or ole_name("CONTENTS") in data):
        return "wps"
    if ole_name("WordDocument") in data:
        return "doc"
    if ole_name("Workbook") in data or ole_name("Book") in data:
        return "xls"
    if ole_name("PowerPoint Document") in data:
        return "ppt"
    return suffix if suffix in ("doc", "wps", "xls") else "ole"
