"""Fuzzing read_path: random bytes, damaged real documents and random text may be refused,
but only ever with IntakeError; no other exception may escape."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import BUILDERS, sample_gold
from duban.intake import IntakeError, NeutralDocument
from duban.intake.readers import read_path

NAMES = ["a.txt", "a.docx", "a.xlsx", "a.pdf", "a.html", "a.doc", "a.wps", "a", "附件.htm"]
ENCODINGS = ["utf-8", "gb18030", "utf-16", "utf-8-sig"]
FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@functools.cache
def real_document(fmt: str) -> bytes:
    """A small genuine document of the given format, built once."""
    with tempfile.TemporaryDirectory() as tmp:
        path = BUILDERS[fmt](sample_gold(count=4), Path(tmp) / f"sample.{fmt}")
        return path.read_bytes()


def read_only_intake_errors(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = read_path(str(path))
        except IntakeError as exc:
            assert exc.reason
            return
        assert isinstance(doc, NeutralDocument)
        assert all(isinstance(line, str) for line in doc.lines)
        for table in doc.tables:
            assert len(table.rows) == len(table.lines)


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES))
def test_random_bytes_raise_only_intake_errors(data, name):
    read_only_intake_errors(data, name)


@FUZZ
@given(
    fmt=st.sampled_from(sorted(BUILDERS)),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=4),
)
def test_damaged_real_documents_raise_only_intake_errors(fmt, cut, flips):
    data = bytearray(real_document(fmt))
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    read_only_intake_errors(bytes(data[: max(1, int(cut * len(data)))]), f"sample.{fmt}")


@FUZZ
@given(
    text=st.text(max_size=2000),
    prefix=st.sampled_from(["", "<html><body>", "<table><tr><td>", "%PDF-1.4\n", "PK\x03\x04"]),
    encoding=st.sampled_from(ENCODINGS),
    name=st.sampled_from(NAMES),
)
def test_random_text_raises_only_intake_errors(text, prefix, encoding, name):
    data = (prefix + text).encode(encoding, errors="replace")
    read_only_intake_errors(data, name)
