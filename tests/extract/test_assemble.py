"""Raw rows to tasks (duban.extract.assemble): categories carried down, marks and numbers off."""

from __future__ import annotations

from duban.extract.assemble import heading_leaders, rows_to_tasks
from duban.extract.rows import RawRow


def test_a_group_heading_naming_its_leaders_gives_them_to_every_task_of_the_group():
    rows = [
        RawRow(fields={"seq": "1", "category": "一、主要发展指标（牵头领导：张某、李某）",
                       "content": "★地区生产总值增长6%。", "lead": "区发改局"}, first=1, last=3),
        RawRow(fields={"seq": "2", "content": "一般公共预算收入增长5%。", "lead": "区财政局"}, first=4, last=6),
        RawRow(fields={"seq": "3", "category": "二、扩大有效投资", "content": "新开工项目50个。", "lead": "区发改局"},
               first=7, last=9),
    ]
    tasks = rows_to_tasks(rows, 2023)
    assert [(t.category, t.content, t.leaders) for t in tasks] == [
        ("主要发展指标", "地区生产总值增长6%。", ["张某", "李某"]),
        ("主要发展指标", "一般公共预算收入增长5%。", ["张某", "李某"]),
        ("扩大有效投资", "新开工项目50个。", []),
    ]


def test_a_heading_without_a_leaders_note_is_kept_whole():
    assert heading_leaders("加强组织领导（2023年）") == ("加强组织领导（2023年）", [])
    assert heading_leaders(None) == (None, [])
