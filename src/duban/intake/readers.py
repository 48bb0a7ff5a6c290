"""Format sniffing and the table of readers (READERS), one per format."""

from __future__ import annotations

import hashlib
from pathlib import Path

from duban.intake.model import IntakeError, NeutralDocument, Source


def decode_text(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM), else whatever charset-normalizer finds (GB18030…)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IntakeError(path, "not a text file in a known encoding")
    return str(best)


def read_txt(path: str, data: bytes) -> NeutralDocument:
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    return NeutralDocument(source=_source(path, "txt", data), lines=text.split("\n"))


def _source(path: str, fmt: str, data: bytes) -> Source:
    return Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest())


READERS = {"txt": read_txt}


def sniff(data: bytes) -> str:
    """Name the format from the first bytes."""
    return "txt"


def read_path(path: str) -> NeutralDocument:
    p = Path(path)
    if not p.exists():
        raise IntakeError(path, "no such file")
    data = p.read_bytes()
    if not data.strip():
        raise IntakeError(path, "the file is empty")
    return READERS[sniff(data)](path, data)
