"""Numbered items that name their units in the text (duban.extract.prose)."""

from __future__ import annotations

import pytest

from duban.extract.prose import labels_in, prose_rows, unwrapped


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("配合单位：区妇幼保健院、各街道（乡镇）", {"participating": "区妇幼保健院、各街道（乡镇）"}),
        ("（牵头单位：区卫健局；配合单位：区财政局）", {"lead": "区卫健局", "participating": "区财政局"}),
        ("牵头单位：各县（市、区）人民政府）", {"lead": "各县（市、区）人民政府"}),
        ("(责任单位:各乡镇(街道)卫生院)", {"sole": "各乡镇(街道)卫生院"}),
    ],
)
def test_a_label_line_keeps_the_closing_bracket_of_a_name(line, expected):
    assert labels_in(line) == expected


def test_only_brackets_that_pair_with_nothing_are_stray():
    assert unwrapped("（责任单位：县医保局）") == "责任单位：县医保局"
    assert unwrapped("责任单位：某街道办）") == "责任单位：某街道办"
    assert unwrapped("各街道（乡镇）") == "各街道（乡镇）"
    assert unwrapped("配合单位：各街道（乡镇））") == "配合单位：各街道（乡镇）"


def test_label_blocks_name_units_with_brackets_whole():
    lines = [
        "1.开展老年人健康体检，体检率不低于70%。",
        "牵头单位：区疾控中心",
        "配合单位：各街道（乡镇）",
        "完成时限：2024年12月底前",
        "2.推进家庭医生签约服务。",
        "牵头单位：区卫健局、各街道（乡镇）",
        "完成时限：持续推进",
    ]
    rows = prose_rows(lines)
    assert len(rows) == 2
    assert rows[0].fields["participating"] == "各街道（乡镇）"
    assert rows[1].fields["lead"] == "区卫健局、各街道（乡镇）"
