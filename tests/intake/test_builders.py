"""The test-document builders, checked through the readers: a document built from a gold file
reads back as the gold's table (categories repeated on every row, header repeated per page)."""

from __future__ import annotations

import pytest

from builders import (
    BUILDERS,
    SHARED,
    column_roles,
    expected_rows,
    load_case,
    sample_gold,
    seed_header,
)
from duban.intake.readers import read_path

HEADERS = [
    (
        "标题\n\n改革项目\t具体条目\t牵头单位和联络人\t参与单位\t6月\n进一步加强\t…",
        ["改革项目", "具体条目", "牵头单位和联络人", "参与单位", "6月"],
        "one tab-separated line",
    ),
    (
        "某某任务分解表（2017-2020年）\n\n\t序号\n\t重点\n\n任务\n\t具体内容\n\t牵头单位\n\t实施单位\n\n\t一\n",
        ["序号", "重点任务", "具体内容", "牵头单位", "实施单位"],
        "tab-indented cells, one broken in two",
    ),
    (
        "2022年全市深化医药卫生体制改革重点任务分解表\n\n序号\n\n重点工作任务\n\n具体内容\n\n牵头组织\n\n参与部门\n\n深入学习\n",
        ["序号", "重点工作任务", "具体内容", "牵头组织", "参与部门"],
        "bare cells, one per paragraph",
    ),
    ("没有表格的通知。\n（市卫健委牵头）", [], "no header"),
]


@pytest.mark.parametrize(("text", "header", "note"), HEADERS, ids=[h[2] for h in HEADERS])
def test_it_finds_the_seed_header(text, header, note):
    assert seed_header(text) == header


ROLES = [
    (
        ["任务分类", "序号", "重点任务", "牵头部门", "责任部门", "完成时限"],
        ["category", "seq", "content", "lead", "participating", "deadline"],
        "category first",
    ),
    (
        ["序号", "重点任务", "具体内容", "进度安排", "牵头单位", "实施单位", "备注"],
        ["seq", "category", "content", "deadline", "lead", "participating", "note"],
        "content after category",
    ),
    (["序号", "工作任务", "责任单位"], ["seq", "content", "participating"], "one task column"),
    (
        ["改革项目", "具体条目", "年度目标", "6月"],
        ["category", "content", "target", "month"],
        "倒排表",
    ),
]


@pytest.mark.parametrize(("header", "roles", "note"), ROLES, ids=[r[2] for r in ROLES])
def test_it_names_column_roles(header, roles, note):
    assert column_roles(header) == roles


def squeeze(rows: list[list[str]]) -> list[list[str]]:
    """Cells without whitespace: PDF wraps insert line breaks anywhere."""
    return [["".join(cell.split()) for cell in row] for row in rows]


def table_rows_read(path) -> list[list[str]]:
    """All table rows of a document, repeated header rows dropped."""
    tables = read_path(str(path)).tables
    header = tables[0].rows[0]
    return [header] + [row for t in tables for row in t.rows if row != header]


GOLD_STEMS = sorted(p.stem[:3] for p in (SHARED / "gold").glob("*.json")) if SHARED.exists() else []
ROUND_TRIPS = [(stem, fmt) for stem in GOLD_STEMS for fmt in BUILDERS]


@pytest.mark.parametrize(("stem", "fmt"), ROUND_TRIPS)
def test_it_builds_gold_documents_that_read_back_as_their_table(tmp_path, stem, fmt):
    gold = load_case(stem)
    path = BUILDERS[fmt](gold, tmp_path / f"{stem}.{fmt}")
    assert squeeze(table_rows_read(path)) == squeeze(expected_rows(gold))


@pytest.mark.parametrize("fmt", sorted(BUILDERS))
def test_it_builds_a_sample_document_in_every_format(tmp_path, fmt):
    gold = sample_gold(count=7)
    path = BUILDERS[fmt](gold, tmp_path / f"sample.{fmt}")
    doc = read_path(str(path))
    assert doc.source.format == fmt
    assert squeeze(table_rows_read(path)) == squeeze(expected_rows(gold))
    assert "某市重点任务分解表" in doc.lines


def test_it_builds_a_word_table_split_in_two(tmp_path):
    from builders import build_docx

    gold = sample_gold(count=8)
    doc = read_path(str(build_docx(gold, tmp_path / "split.docx", split_at=5)))
    header, *rows = expected_rows(gold)
    assert [t.rows for t in doc.tables] == [[header, *rows[:5]], [header, *rows[5:]]]
