"""Property test: any text, however broken, gives tasks or an ExtractError, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.extract import extract_document
from duban.extract.model import ExtractError
from duban.intake.model import NeutralDocument, Source, Table

PIECES = [
    "序号", "牵头单位", "责任单位", "参与部门", "完成时限", "具体内容", "重点任务", "6月", "年度目标",
    "市卫健委", "各级卫生", "健康部门", "、", "，", "\t", "\n", "\n\n", "|", "| --- |", "1.", "12、", "（一）",
    "一、", "2022年8月底前", "持续推进", "达到75%", "（市医保局牵头，市卫健委配合）", "牵头单位：", "<p>", "</p>",
    "〔2022〕58号", "2017-2020年", "等部门按职责分工负责", "  ", "—", "9",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)


def document(text: str, tables: list[Table] | None = None) -> NeutralDocument:
    return NeutralDocument(Source("fuzz.txt", "txt", "0" * 64), text.split("\n"), tables or [])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_extracts_or_says_why(text):
    try:
        result = extract_document(document(text))
    except ExtractError as exc:
        assert exc.path == "fuzz.txt"
    else:
        assert all(task.content for task in result.tasks)
        result.to_dict()


CELL = st.one_of(st.sampled_from(PIECES), st.text(max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=12))
def test_any_reader_table_extracts_or_says_why(rows):
    table = Table(rows=rows, lines=list(range(1, len(rows) + 1)))
    try:
        extract_document(document("\n".join("\t".join(r) for r in rows), [table]))
    except ExtractError:
        pass
