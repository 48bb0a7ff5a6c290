"""Every reason a refused file is given is written in Chinese for the office staff who read it
(the import page and the API show it after 无法读取该文件：); a library's own English text may
follow only as a technical note at the end, and the whole reason stays on one line."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from reportlab.pdfgen import canvas

from duban.extract import ExtractError, extract_path
from duban.intake import IntakeError, limits

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[\s,;:'-]+[A-Za-z]{2,}){2,}")
TECHNICAL = "（技术信息："


def word_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、加强组织领导（市卫健委牵头）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(**options) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, **options)
    if "encrypt" in options:
        page.drawString(72, 720, "Secret")
    page.rect(72, 72, 300, 300, fill=1)
    page.save()
    return buffer.getvalue()


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


CASES = [
    ("missing file", None, None, {}, "找不到该文件"),
    ("a folder", "folder", None, {}, "不是一个文件"),
    ("empty file", "empty.txt", b"", {}, "文件是空的"),
    ("blank file", "blank.txt", b" \r\n\t\n", {}, "文件是空的"),
    ("image", "photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, {}, "不支持该文件格式"),
    ("RTF", "note.rtf", b"{\\rtf1\\ansi hello}", {}, "不支持 RTF 格式"),
    ("plain zip", "files.zip", zip_bytes({"a.txt": "x"}), {}, "压缩包"),
    ("truncated .docx", "cut.docx", word_bytes()[:2000], {}, "文件已损坏"),
    ("zip that is not Word", "fake.docx", zip_bytes({"word/document.xml": "<w:document><"}), {},
     "不是有效的 Word 文档"),
    ("zip that is not Excel", "fake.xlsx", zip_bytes({"xl/workbook.xml": "<workbook><"}), {},
     "不是有效的 Excel 工作簿"),
    ("encrypted Office file", "locked.docx",
     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), {},
     "文件已加密"),
    ("encrypted PDF", "locked.pdf", pdf_bytes(encrypt="secret"), {}, "PDF 文件已加密"),
    ("corrupt PDF", "bad.pdf", b"%PDF-1.4\n garbage", {}, "PDF 文件已损坏"),
    ("scanned PDF", "scan.pdf", pdf_bytes(), {}, "扫描件"),
    ("no task found", "notice.txt", "今天天气很好。\n我们去公园。\n".encode(), {}, "未找到任务"),
    ("file too large", "big.txt", "重点任务分解表".encode() * 10, {"MAX_INPUT_BYTES": 10},
     "文件过大"),
    ("zip bomb", "bomb.docx", word_bytes(), {"MAX_UNZIPPED_BYTES": 1000}, "文件过大：解压后"),
    ("too many zip members", "many.docx", word_bytes(), {"MAX_ZIP_MEMBERS": 2}, "个部件"),
    ("too much text", "long.txt", "（市卫健委牵头）\n".encode() * 20, {"MAX_TEXT_CHARS": 50},
     "文件文字过多"),
]


def make_input(tmp_path, name, data) -> str:
    if name is None:
        return str(tmp_path / "missing.docx")
    path = tmp_path / name
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(("note", "name", "data", "limited", "says"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_refused_file_is_told_why_in_chinese(tmp_path, monkeypatch, note, name, data, limited,
                                               says):
    for limit, value in limited.items():
        monkeypatch.setattr(limits, limit, value)
    path = make_input(tmp_path, name, data)
    with pytest.raises((IntakeError, ExtractError)) as caught:
        extract_path(path)
    reason = caught.value.reason
    told, _, technical = reason.partition(TECHNICAL)
    assert says in told, reason
    assert CHINESE.search(told), reason
    assert not ENGLISH_SENTENCE.search(told), reason
    assert "\n" not in reason and "\r" not in reason, reason
    assert not technical or technical.endswith("）"), reason
