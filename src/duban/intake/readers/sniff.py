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
    "rtf": "RTF files are not supported; open it in Word/WPS and save it as .docx",
    "odf": "OpenDocument files are not supported; save it as .docx or .xlsx",
    "pptx": "presentations are not supported; export the table as .docx, .xlsx or .pdf",
    "ppt": "presentations are not supported; export the table as .docx, .xlsx or .pdf",
    "zip": "a zip archive that is neither a .docx nor an .xlsx file",
    "ole": "an old Office file of unknown kind; save it as .docx or .xlsx",
    "encrypted-office": "a password-protected Office file; remove the password and save it again",
    "binary": "unsupported format: not text, .docx, .xlsx, .html, .pdf, .doc or .wps",
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
