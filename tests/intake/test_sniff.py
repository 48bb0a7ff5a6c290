"""Format sniffing: content decides, the file name is only a hint."""

from __future__ import annotations

import io
import zipfile

import pytest

from duban.intake.readers import sniff

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def ole(*streams: str) -> bytes:
    return OLE2 + b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in streams)


CASES = [
    (b"%PDF-1.7\n1 0 obj\n", "notes.txt", "pdf", "a .txt that is really a PDF"),
    (b"\r\n%PDF-1.4\n", "a.pdf", "pdf", "whitespace before the PDF header"),
    (
        b"\x00junk\n%PDF-1.4\n1 0 obj\nstartxref\n%%EOF",
        "a.pdf",
        "pdf",
        "junk before the PDF header",
    ),
    (b"Save it as %PDF-1.4 please", "a.txt", "txt", "text that mentions a PDF header"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html></html>", "a.docx", "html", "a .docx that is really HTML"),
    (
        b"\xff\xfe" + "<html><body>任务</body></html>".encode("utf-16-le"),
        "a.doc",
        "html",
        "UTF-16 HTML",
    ),
    (b"  \n<table><tr><td>1</td></tr></table>", "a.txt", "html", "a bare table"),
    ("<p>重点任务</p>".encode("gb18030"), "a", "html", "GB18030 paragraph"),
    (b"<!-- saved page -->\n<HTML>", "a.htm", "html", "comment before the tag, upper case"),
    (b'<?xml version="1.0"?>\n<html xmlns="x">', "a.xml", "html", "XHTML"),
    (b"<p>", "a.txt", "html", "tag at end of input"),
    (b"<pre-formatted> is not html", "a.txt", "txt", "a word starting like a tag"),
    (b"{\\rtf1\\ansi text}", "a.doc", "rtf", "RTF saved as .doc"),
    (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\tboundary=x\r\n",
        "a.doc",
        "mht",
        "web archive saved as .doc",
    ),
    (
        b"From: <Saved by Windows Internet Explorer>\nSubject: x\nMIME-Version: 1.0\n",
        "a.mht",
        "mht",
        "IE web archive",
    ),
    (ole("WordDocument"), "a.doc", "doc", "Word 97-2003"),
    (ole("WordDocument"), "a.wps", "wps", "WPS writer file"),
    (ole("Workbook"), "a.xls", "xls", "Excel 97-2003"),
    (ole("EncryptedPackage"), "a.docx", "encrypted-office", "password-protected .docx"),
    (OLE2, "a.bin", "ole", "unknown OLE2"),
    (zip_bytes("[Content_Types].xml", "word/document.xml"), "a.zip", "docx", "docx named .zip"),
    (zip_bytes("xl/workbook.xml"), "a.docx", "xlsx", "xlsx named .docx"),
    (zip_bytes("ppt/presentation.xml"), "a.pptx", "pptx", "presentation"),
    (zip_bytes("mimetype", "content.xml"), "a.odt", "odf", "OpenDocument"),
    (zip_bytes("readme.txt"), "a.docx", "zip", "plain zip"),
    (b"PK\x03\x04broken", "a.docx", "docx", "broken zip keeps the .docx hint"),
    (b"PK\x03\x04broken", "a.zip", "zip", "broken zip without hint"),
    ("任务分解表\n".encode(), "a.docx", "txt", "UTF-8 text named .docx"),
    ("重点任务分解表，牵头单位：市卫健委".encode("gb18030"), "a", "txt", "GB18030 text"),
    ("任务分解表".encode("utf-16"), "a", "txt", "UTF-16 with BOM"),
    (bytes(range(256)) * 4, "a.txt", "binary", "binary"),
    (b"abc\x00def", "a.txt", "binary", "NUL byte"),
]


@pytest.mark.parametrize(("data", "name", "expected", "note"), CASES, ids=[c[3] for c in CASES])
def test_it_sniffs_the_format_from_content(data, name, expected, note):
    assert sniff(data, name) == expected
