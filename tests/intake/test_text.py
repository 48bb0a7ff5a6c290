"""Plain-text intake: encodings and line numbering."""

from __future__ import annotations

import pytest

from duban.intake.readers import read_path

TEXT = "附件\n重点任务分解表\n\t序号\t牵头单位"

CASES = [
    (TEXT.encode("utf-8"), TEXT.split("\n"), "UTF-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT.split("\n"), "UTF-8 with BOM"),
    (TEXT.encode("utf-16"), TEXT.split("\n"), "UTF-16 with BOM"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT.split("\n"), "UTF-16 big endian"),
    (TEXT.encode("gb18030"), TEXT.split("\n"), "GB18030"),
    (TEXT.encode("gbk"), TEXT.split("\n"), "GBK"),
    (TEXT.replace("\n", "\r\n").encode("gb18030"), TEXT.split("\n"), "Windows line ends"),
    (b"page one\x0cpage two", ["page one", "page two"], "form feed between pages"),
    ("䶮𠀀㐀".encode("gb18030"), ["䶮𠀀㐀"], "characters only GB18030 has"),
]


@pytest.mark.parametrize(("data", "lines", "note"), CASES, ids=[c[2] for c in CASES])
def test_it_decodes_and_numbers_lines(tmp_path, data, lines, note):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_path(str(path))
    assert doc.lines == lines
    assert doc.source.format == "txt"
    assert doc.tables == []
