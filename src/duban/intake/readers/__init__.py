"""Format sniffing and the table of readers (READERS), one per format.

``read_path`` is the only entry point callers need: it reads the file, sniffs the format from
the content (the name is a hint), runs the reader and guarantees that every failure surfaces
as ``IntakeError(path, reason)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from duban.intake import limits
from duban.intake.budget import time_budget
from duban.intake.model import IntakeError, NeutralDocument, megabytes, technical_note
from duban.intake.readers.excel import read_xlsx
from duban.intake.readers.legacy import read_legacy
from duban.intake.readers.pdf import read_pdf
from duban.intake.readers.sniff import UNSUPPORTED, sniff
from duban.intake.readers.text import decode_text, read_txt
from duban.intake.readers.web import read_html, read_mht
from duban.intake.readers.word import read_docx

__all__ = ["READERS", "UNSUPPORTED", "decode_text", "read_bytes", "read_path", "sniff"]

Reader = Callable[[str, bytes], NeutralDocument]

READERS: dict[str, Reader] = {
    "txt": read_txt,
    "docx": read_docx,
    "xlsx": read_xlsx,
    "html": read_html,
    "mht": read_mht,
    "pdf": read_pdf,
    "doc": read_legacy,
    "wps": read_legacy,
    "xls": read_legacy,
}


def read_bytes(path: str) -> bytes:
    """The file's bytes; IntakeError when missing, unreadable, empty or too large."""
    p = Path(path)
    if not p.exists():
        raise IntakeError(path, "找不到该文件，请检查文件名和所在位置")
    if not p.is_file():
        raise IntakeError(path, "这不是一个文件（可能是文件夹），请选择要读取的文件本身")
    try:
        size = p.stat().st_size
        if size > limits.MAX_INPUT_BYTES:
            raise IntakeError(path, f"文件过大：{megabytes(size)}（上限 "
                                    f"{megabytes(limits.MAX_INPUT_BYTES)}），请只上传任务分工部分")
        data = p.read_bytes()
    except OSError as exc:
        raise IntakeError(path, "无法读取该文件（可能没有读取权限，或文件正被其他程序占用）"
                          + technical_note(exc)) from exc
    if not data.strip():
        raise IntakeError(path, "文件是空的，没有任何内容，请检查是否选错了文件")
    return data


def check_text_size(path: str, document: NeutralDocument) -> None:
    """Refuse a document whose text is far beyond any task document (MAX_TEXT_CHARS)."""
    size = sum(len(line) + 1 for line in document.lines)
    if size > limits.MAX_TEXT_CHARS:
        raise IntakeError(path, f"文件文字过多：{size:,} 字（上限 {limits.MAX_TEXT_CHARS:,} 字），"
                                "请只上传任务分工部分")


def read_path(path: str) -> NeutralDocument:
    """Read any supported document into the neutral form, within the time budget of
    ``duban.intake.budget``; only IntakeError escapes."""
    path = str(path)
    data = read_bytes(path)
    try:
        fmt = sniff(data, Path(path).name)
        reader = READERS.get(fmt)
        if reader is None:
            raise IntakeError(path, UNSUPPORTED.get(fmt, f"不支持该文件格式（{fmt}）"))
        with time_budget(path):
            document = reader(path, data)
        check_text_size(path, document)
        return document
    except IntakeError:
        raise
    except Exception as exc:  # a library's own error on a damaged file
        raise IntakeError(path, "文件已损坏或格式异常，无法读取：请用 Word、WPS 或 Excel 打开后"
                                "重新保存，再上传" + technical_note(exc)) from exc
