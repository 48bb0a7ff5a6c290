"""Builders of hostile and broken upload files for the security tests (and the fuzz bench)."""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile
from pathlib import Path

from builders import BUILDERS, SHARED, sample_gold

BOMB_BYTES = 250 * 1024 * 1024
CHUNK = b"\0" * (1024 * 1024)


def genuine(fmt: str, count: int = 4) -> bytes:
    """A small genuine document of ``fmt`` (docx, xlsx, html, pdf) with ``count`` tasks."""
    with tempfile.TemporaryDirectory() as tmp:
        return BUILDERS[fmt](sample_gold(count=count), Path(tmp) / f"sample.{fmt}").read_bytes()


def seed_text() -> str:
    """The text of the first shared seed (a real 分工表)."""
    return sorted((SHARED / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")


def replace_member(data: bytes, name: str, transform) -> bytes:
    """The zip ``data`` with member ``name`` replaced by ``transform(old_bytes)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item.filename, transform(body) if item.filename == name else body)
    return out.getvalue()


def zip_bomb_docx(lie_about_size: bool = False) -> bytes:
    """A .docx whose document.xml inflates to 250 MB; optionally with headers claiming 1 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(genuine("docx"))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                continue
            dst.writestr(item.filename, src.read(item))
        with dst.open("word/document.xml", "w") as member:
            for _ in range(BOMB_BYTES // len(CHUNK)):
                member.write(CHUNK)
    data = out.getvalue()
    return declare_size(data, "word/document.xml", 1024) if lie_about_size else data


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """Overwrite the uncompressed size of ``name`` in its local and central zip headers."""
    buf = bytearray(data)
    encoded = name.encode()
    local = buf.find(b"PK\x03\x04" + b"\0" * 0)
    while local != -1:
        name_len = struct.unpack_from("<H", buf, local + 26)[0]
        if bytes(buf[local + 30:local + 30 + name_len]) == encoded:
            struct.pack_into("<I", buf, local + 22, size)
        local = buf.find(b"PK\x03\x04", local + 4)
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46:central + 46 + name_len]) == encoded:
            struct.pack_into("<I", buf, central + 24, size)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def xxe_doctype(secret_path: Path) -> bytes:
    return (f'<!DOCTYPE doc [<!ENTITY xxe SYSTEM "file://{secret_path}">]>').encode()


def with_entity(xml: bytes, secret_path: Path, anchor: bytes) -> bytes:
    """``xml`` with a DOCTYPE declaring an external entity, used in place of ``anchor``."""
    head, sep, body = xml.partition(b"?>")
    xml = head + sep + xxe_doctype(secret_path) + body if sep else xxe_doctype(secret_path) + xml
    return xml.replace(anchor, b"&xxe;" + anchor, 1)


def xxe_docx(secret_path: Path) -> bytes:
    return replace_member(genuine("docx"), "word/document.xml",
                          lambda xml: with_entity(xml, secret_path, "推进".encode()))


def xxe_xlsx(secret_path: Path) -> bytes:
    return replace_member(genuine("xlsx"), "xl/sharedStrings.xml",
                          lambda xml: with_entity(xml, secret_path, "推进".encode()))


def billion_laughs_docx() -> bytes:
    entities = '<!ENTITY l0 "hahahahaha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    doctype = f"<!DOCTYPE doc [{entities}]>".encode()

    def inject(xml: bytes) -> bytes:
        head, sep, body = xml.partition(b"?>")
        return (head + sep + doctype + body).replace("推进".encode(), b"&l9;" + "推进".encode(), 1)

    return replace_member(genuine("docx"), "word/document.xml", inject)


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("user-secret", ownerPassword="owner-secret", canPrint=0)
    pdf = canvas.Canvas(out, encrypt=enc)
    pdf.drawString(72, 720, "secret plan")
    pdf.save()
    return out.getvalue()


def scripted_html() -> bytes:
    """A genuine task table page with scripts, event handlers and javascript: links added."""
    page = genuine("html").decode("utf-8")
    hostile = ('<script>alert("xss-script")</script>'
               '<img src="x" onerror="alert(\'xss-onerror\')">'
               '<a href="javascript:alert(\'xss-link\')" onclick="alert(\'xss-click\')">链接</a>')
    return page.replace("<body>", "<body>" + hostile, 1).replace(
        "推进", '<span onmouseover="alert(\'xss-hover\')">推进</span>', 1).encode("utf-8")


def wide_html() -> bytes:
    """A 5 KB page whose spans would make a table of 50 000 columns (found by the fuzz run)."""
    cells = '<td rowspan="99999" colspan="999">牵头单位：市卫健委</td>' * 50
    page = genuine("html").decode("utf-8")
    return page.replace("<table", f"<table><tr>{cells}</tr></table><table", 1).encode("utf-8")


def grid_before_docx() -> bytes:
    """A .docx whose first table row claims a billion grid columns before its first cell."""
    def inject(xml: bytes) -> bytes:
        return xml.replace(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="999999999"/></w:trPr>', 1)

    return replace_member(genuine("docx"), "word/document.xml", inject)
