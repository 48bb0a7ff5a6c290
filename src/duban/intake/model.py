"""The neutral form every reader produces: numbered text lines plus tables of cells.

Line numbers are 1-based and refer to ``NeutralDocument.lines``, which is exactly what
``duban extract --text`` prints; a table row is printed there as one tab-separated line
(cell-internal line breaks become spaces), so every row has a line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_TECHNICAL_CHARS = 200


class IntakeError(ValueError):
    """A file that cannot be read: carries the path and the reason, in Chinese, that the
    office is shown (what is wrong with the file and, where it helps, what to do)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def technical_note(exc: BaseException) -> str:
    """A library's own error text, appended after the Chinese reason for a technician: on one
    line (``duban extract`` reports a refused file in one stderr line) and clipped."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(text) > MAX_TECHNICAL_CHARS:
        text = text[: MAX_TECHNICAL_CHARS - 1] + "…"
    return f"（技术信息：{text}）"


def megabytes(size: int) -> str:
    """A byte count as a reason states it: ``59.2 MB``, ``50 MB``."""
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


@dataclass
class Table:
    """A table with merged cells resolved.

    A vertically merged cell repeats its text in every row it covers; a horizontally
    merged cell keeps its text in the first column and leaves the others empty.
    ``lines[i]`` is the text-form line on which row ``i`` is printed. ``continues``: the table
    carries on the one before it across a page break (a PDF), so its first row may finish
    the row the previous page ended with.
    """

    rows: list[list[str]]
    lines: list[int] = field(default_factory=list)
    continues: bool = False


@dataclass
class Source:
    path: str
    format: str
    sha256: str


@dataclass
class NeutralDocument:
    """What intake hands to extraction."""

    source: Source
    lines: list[str]
    tables: list[Table] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
