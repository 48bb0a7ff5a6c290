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
from duban.intake.model import IntakeError, NeutralDocument
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
        raise IntakeError(path, "no such file")
    if not p.is_file():
        raise IntakeError(path, "not a regular file")
    try:
        if p.stat().st_size > limits.MAX_INPUT_BYTES:
            raise IntakeError(path, f"file too large (limit {limits.MAX_INPUT_BYTES // 2**20} MB)")
        data = p.read_bytes()
    except OSError as exc:
        raise IntakeError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise IntakeError(path, "the file is empty")
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
            raise IntakeError(path, UNSUPPORTED.get(fmt, f"unsupported format: {fmt}"))
        with time_budget(path):
            document = reader(path, data)
        check_text_size(path, document)
        return document
    except IntakeError:
        raise
    except Exception as exc:  # a library's own error on a damaged file
        raise IntakeError(
            path, f"cannot read this file (damaged?): {type(exc).__name__}: {exc}"
        ) from exc
