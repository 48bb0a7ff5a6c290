"""read_path: every failure is an IntakeError with a reason a person understands."""

from __future__ import annotations

import pytest

from duban.intake import IntakeError, limits
from duban.intake.readers import read_path

CASES = [
    (None, "找不到该文件", "missing file"),
    (b"", "文件是空的", "empty file"),
    (b" \n\t\r\n", "文件是空的", "only whitespace"),
    (b"{\\rtf1\\ansi hello}", "不支持 RTF 格式", "RTF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "不支持该文件格式", "an image"),
    (b"PK\x05\x06" + b"\x00" * 18, "压缩包", "empty zip"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
        "文件已加密（有密码保护）",
        "encrypted .docx",
    ),
    (b"%PDF-1.4\n garbage", "PDF 文件已损坏", "a PDF header and nothing else"),
]


@pytest.mark.parametrize(("data", "reason", "note"), CASES, ids=[c[2] for c in CASES])
def test_it_refuses_unreadable_files_with_a_reason(tmp_path, data, reason, note):
    path = tmp_path / "input.bin"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(IntakeError) as caught:
        read_path(str(path))
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_it_refuses_a_directory(tmp_path):
    with pytest.raises(IntakeError, match="不是一个文件"):
        read_path(str(tmp_path))


def test_it_refuses_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("重点任务分解表" * 10, encoding="utf-8")
    with pytest.raises(IntakeError, match="文件过大"):
        read_path(str(path))


def test_it_wraps_a_library_error_into_intake_error(tmp_path, monkeypatch):
    from duban.intake import readers

    def broken(path, data):
        raise KeyError("word/document.xml")

    monkeypatch.setitem(readers.READERS, "txt", broken)
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(IntakeError, match="文件已损坏或格式异常.*技术信息：KeyError"):
        read_path(str(path))
