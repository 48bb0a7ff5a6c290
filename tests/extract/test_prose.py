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


def extracted(*lines: str):
    from duban.extract import extract_document
    from duban.intake.model import NeutralDocument, Source

    doc = NeutralDocument(source=Source(path="notice.txt", format="txt", sha256=""), lines=list(lines))
    return [(t.seq, t.content, t.lead_units, t.participating_units, t.deadline.text) for t in extract_document(doc).tasks]


def test_numbered_items_closing_with_roles_in_words_are_tasks():
    assert extracted(
        "某区卫生健康局2025年重点工作分工",
        "一、基层卫生",
        "1.推进社区医院建设，由区卫健局牵头，区发改局、区财政局配合，2025年9月底前完成。",
        "2.落实家庭医生签约服务，各街道（乡镇）落实。",
        "二、公共卫生",
        "3.做好学生常见病监测，区疾控中心负责，每季度末。",
    ) == [
        ("1", "推进社区医院建设", ["区卫健局"], ["区发改局", "区财政局"], "2025年9月底前完成"),
        ("2", "落实家庭医生签约服务", ["各街道（乡镇）"], [], None),
        ("3", "做好学生常见病监测", ["区疾控中心"], [], "每季度末"),
    ]


def test_roles_inside_the_sentence_leave_the_sentence_whole():
    tasks = extracted(
        "1.由市医保局牵头，市卫健委配合，开展定点医药机构自查自纠。",
        "2.规范医疗服务收费，市市场监管局负责。",
    )
    assert tasks[0] == ("1", "由市医保局牵头，市卫健委配合，开展定点医药机构自查自纠。", ["市医保局"], ["市卫健委"], None)
    assert tasks[1][2] == ["市市场监管局"]


def test_a_notice_whose_paragraphs_close_with_roles_is_not_refused():
    tasks = extracted(
        "某市卫生健康委关于做好2025年职业健康工作的通知",
        "开展重点行业职业病危害专项治理，覆盖率达到90%以上。市卫健委牵头，各县（市、区）政府落实。",
        "推进职业健康检查机构建设。市疾控中心负责，2025年11月底前完成。",
        "请各单位认真组织实施。",
    )
    assert [(t[2], t[3], t[4]) for t in tasks] == [
        (["市卫健委"], ["各县（市、区）政府"], None),
        (["市疾控中心"], [], "2025年11月底前完成"),
    ]
