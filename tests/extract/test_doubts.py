"""The doubts a task carries (spec/extraction.md, `doubts`): `units_guessed` where rule 8 made
a loose list of units all leads, `fragment_unit` where a name looks cut. (`row_may_continue`
is in test_page_breaks.py, `layout_guessed` with the fallback layouts.)"""

from __future__ import annotations

import pytest

from duban.extract import extract_document
from duban.intake.model import NeutralDocument, Source


def tasks_of(lines: list[str]):
    return extract_document(NeutralDocument(Source("d.txt", "txt", "0"), lines)).tasks


def units_and_guess(lines: list[str]) -> list[tuple[list[str], list[str], bool]]:
    return [(t.lead_units, t.participating_units, "units_guessed" in t.doubts) for t in tasks_of(lines)]


PROSE = [
    "一、加强组织领导。（县应急局牵头，县水利局配合）",
    "二、完善预案体系。（县水利局、县气象局按职责分工负责）",
    "三、加强值守。（县应急局负责）",
    "四、强化宣传。（县委宣传部、县融媒体中心）",
    "五、开展演练。（县应急局、县水利局负责，排在第一位的为牵头部门）",
]
SOLE_COLUMN = [
    "序号\t工作任务\t责任单位\t完成时限",
    "1\t完善预案。\t县水利局、县气象局\t2023年6月",
    "2\t加强值守。\t县应急局\t2023年6月",
    "3\t开展演练。\t县应急局牵头，县水利局配合\t2023年7月",
]
LEAD_COLUMN = [
    "序号\t工作任务\t牵头单位\t配合单位\t完成时限",
    "1\t完善预案。\t县水利局、县气象局\t\t2023年6月",
]
LABELS = [
    "1.完善预案体系。",
    "责任单位：县水利局、县气象局",
    "2.加强值守。",
    "责任单位：县应急局",
    "3.开展演练。",
    "牵头单位：县应急局；责任单位：县水利局、县气象局",
]
CASES = [
    (
        PROSE,
        [
            (["县应急局"], ["县水利局"], False),
            (["县水利局", "县气象局"], [], True),  # 按职责分工负责: rule 8
            (["县应急局"], [], False),  # one unit leads whatever its wording
            (["县委宣传部", "县融媒体中心"], [], True),  # a bare list
            (["县应急局"], ["县水利局"], False),  # the first is named the lead
        ],
        "unit parentheses of prose items",
    ),
    (
        SOLE_COLUMN,
        [
            (["县水利局", "县气象局"], [], True),
            (["县应急局"], [], False),
            (["县应急局"], ["县水利局"], False),  # roles inside the cell
        ],
        "a lone 责任单位 column",
    ),
    (LEAD_COLUMN, [(["县水利局", "县气象局"], [], False)], "a 牵头单位 column names its leads"),
    (
        LABELS,
        [(["县水利局", "县气象局"], [], True), (["县应急局"], [], False), (["县应急局"], ["县水利局", "县气象局"], False)],
        "label lines",
    ),
]


@pytest.mark.parametrize(("lines", "expected", "note"), CASES, ids=[c[2] for c in CASES])
def test_units_made_leads_by_rule_8_are_a_guess_only_when_several(lines, expected, note):
    assert units_and_guess(lines) == expected, note


def test_a_piece_of_a_name_left_alone_is_flagged_not_glued_to_its_neighbour():
    (task,) = tasks_of(["序号\t工作任务\t牵头单位\t配合单位", "1\t编制规划。\t规划、办公室\t县财政局"])
    assert task.lead_units == ["规划", "办公室"]  # never 规划办公室 or 规划室
    assert "fragment_unit" in task.doubts


def test_a_name_cut_in_two_is_joined_and_in_no_doubt():
    (task,) = tasks_of(["序号\t工作任务\t牵头单位\t配合单位", "1\t调解纠纷。\t县公安局\t县司、法局、各镇办"])
    assert task.participating_units == ["县司法局", "各镇办"]
    assert "fragment_unit" not in task.doubts
