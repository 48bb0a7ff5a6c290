"""Header rows are recognised by meaning, in any order and with synonyms."""

from __future__ import annotations

import pytest

from duban.extract.headers import candidates, map_header, month_of

CASES = [
    (["改革项目", "具体条目", "牵头单位和联络人", "参与单位", "年度目标", "6月", "7月"],
     {"category": 0, "content": 1, "lead": 2, "participating": 3, "target": 4}, "倒排表 with months"),
    (["序号", "重点\n\n任务", "具体内容", "进度安排", "牵头单位", "实施单位", "备注"],
     {"seq": 0, "category": 1, "content": 2, "deadline": 3, "lead": 4, "participating": 5}, "broken header cell"),
    (["任务分类", "序号", "重点任务", "牵头部门", "责任部门", "完成时限"],
     {"category": 0, "seq": 1, "content": 2, "lead": 3, "participating": 4, "deadline": 5}, "重点任务 as content"),
    (["序号", "完成时限", "工作任务", "配合单位", "牵头单位"],
     {"seq": 0, "deadline": 1, "content": 2, "participating": 3, "lead": 4}, "another column order"),
    (["序号", "工作任务", "责任单位", "完成时限"],
     {"seq": 0, "content": 1, "lead": 2, "deadline": 3}, "lone 责任单位 names the lead (rule 8)"),
    (["序号", "重点工作任务", "主要责任单位", "协同配合单位"],
     {"seq": 0, "content": 1, "lead": 2, "participating": 3}, "主要责任单位 leads, 协同配合单位 helps"),
    (["事项类别", "事项名称", "公开内容", "公开依据", "公开时限", "公开责任"],
     {"category": 0, "content": 2, "deadline": 4, "lead": 5}, "a 公开目录"),
    (["序号", "事项名称", "公开内容", "公开时限", "公开责任"],
     {"seq": 0, "category": 1, "content": 2, "deadline": 3, "lead": 4}, "a 公开目录 naming items"),
    (["序号", "目标任务", "牵头单位", "责任单位", "责任人"],
     {"seq": 0, "content": 1, "lead": 2, "participating": 3, "leaders": 4}, "the targets are the tasks"),
]


@pytest.mark.parametrize(("cells", "expected", "note"), CASES, ids=[c[2] for c in CASES])
def test_it_maps_columns(cells, expected, note):
    cmap = map_header(cells)
    assert cmap is not None, note
    for name, index in expected.items():
        assert cmap.get(name) == index, (name, cmap.columns)


NOT_HEADERS = [
    ["加强组织领导", "1", "成立领导小组。", "市政府办公室", "", "2022年8月底前"],
    ["今天", "天气", "很好"],
]


@pytest.mark.parametrize("cells", NOT_HEADERS)
def test_it_rejects_data_rows(cells):
    assert map_header(cells) is None


MONTH_CELLS = [
    ("6月", 6), ("十二月", 12), ("2020年7月", 7), ("6月份", 6), ("备注", None), ("3月底前", 3),
    ("一季度", 3), ("第3季度", 9), ("四季度末", 12), ("季度", None),
]


@pytest.mark.parametrize(("cell", "month"), MONTH_CELLS)
def test_it_reads_month_columns(cell, month):
    assert month_of(cell) == month


@pytest.mark.parametrize("title", ["某市2025年重点任务分工表", "重点任务分工表", "工作任务清单"])
def test_a_title_line_is_no_header_cell(title):
    assert candidates(title) == []


@pytest.mark.parametrize(
    ("cells", "content"),
    [
        (["序号", "民生实事", "责任单位", "完成时限"], 1),
        (["序号", "惠民工程", "牵头单位", "配合单位", "完成时限"], 1),
    ],
)
def test_an_unknown_column_between_the_number_and_the_roles_is_the_content(cells, content):
    cmap = map_header(cells)
    assert cmap is not None and cmap.get("content") == content


@pytest.mark.parametrize(
    "cells",
    [
        ["序号", "民生实事", "备注"],  # one role is not enough
        ["惠民工程", "责任单位", "完成时限"],  # no number column
        ["序号", "惠民工程", "资金来源", "责任单位", "完成时限"],  # two unknown columns: which one?
    ],
)
def test_an_unknown_column_is_not_guessed_without_enough_evidence(cells):
    cmap = map_header(cells)
    assert cmap is None or cmap.get("content") is None


@pytest.mark.parametrize("line", ["牵头单位：区医保分局", "完成时限:2025年6月底前", "责任单位：县卫健局、县财政局"])
def test_a_label_with_its_value_is_no_header_cell(line):
    # the lines of an item's label block must not read as a header run above a paragraph table
    assert candidates(line) == []
    assert candidates(line.split("：")[0].split(":")[0]) != []


def test_a_third_unit_column_is_kept_as_partners():
    cmap = map_header(["序号", "类别", "主要任务", "细化措施", "牵头单位", "参与单位", "责任单位"])
    assert (cmap.get("lead"), cmap.get("participating"), cmap.more_units) == (4, 5, [6])
    assert (cmap.get("category"), cmap.get("content")) == (1, 3)  # 细化措施 is the task text


def test_a_sole_unit_column_beside_a_partners_column_names_the_lead():
    cmap = map_header(["工作任务", "责任单位", "配合单位", "完成时限"])
    assert (cmap.get("lead"), cmap.get("participating"), cmap.more_units) == (1, 2, [])
    assert not cmap.lead_guessed


@pytest.mark.parametrize("cell", ["一、年底前专项工作任务", "（二）重点任务", "三．工作任务"])
def test_a_numbered_heading_is_no_header_cell(cell):
    assert candidates(cell) == []


def test_a_disclosure_catalogue_header_names_its_item_text_and_unit():
    cmap = map_header(["序号", "事项名称", "公开内容", "公开依据", "公开时限", "公开责任", "公开方式"])
    assert (cmap.get("category"), cmap.get("content"), cmap.get("deadline"), cmap.get("lead")) == (1, 2, 4, 5)
