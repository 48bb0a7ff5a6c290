"""A table row cut in two by a page break is one task (extract/page_breaks.py): the table parts
as a PDF reader gives them, the second marked as continuing the first."""

from __future__ import annotations

from duban.extract import extract_document, rows_from_grids
from duban.extract.assemble import rows_to_tasks
from duban.extract.layout import Cell, Grid
from duban.intake.layout import TablePart, assemble, make_source

HEADER = ["序号", "重点任务", "具体内容", "进度安排", "牵头单位", "实施单位"]
MONTHS = ["改革项目", "具体条目", "牵头单位", "参与单位", "6月", "7月", "8月"]


def grid(rows: list[list[str]], continues: bool = False, first_line: int = 1) -> Grid:
    cells = [[Cell(text, first_line + i, first_line + i) for text in row] for i, row in enumerate(rows)]
    return Grid("table", cells, continues)


def tasks_of(*grids: Grid):
    rows, _, joined = rows_from_grids(list(grids))
    return rows_to_tasks(rows, 2020), joined


def test_the_rest_of_a_numbered_row_on_the_next_page_finishes_it():
    page1 = grid([HEADER, ["9", "推进公立医院综合改革", "由县医院对接，组建医疗", "2017-", "县医", "县人社局、县财"]])
    page2 = grid([HEADER, ["", "", "联合体，推行多点执业。", "2018年", "改办", "政局、各公立医院"],
                  ["10", "", "制定完善优惠政策。", "2017-2020年", "县卫计局", "县发改局"]], continues=True, first_line=3)
    tasks, joined = tasks_of(page1, page2)
    assert joined == 1
    assert [t.seq for t in tasks] == ["9", "10"]
    nine = tasks[0]
    assert nine.content == "由县医院对接，组建医疗联合体，推行多点执业。"
    assert nine.lead_units == ["县医改办"]
    assert nine.participating_units == ["县人社局", "县财政局", "各公立医院"]
    assert (nine.deadline.kind, nine.deadline.due) == ("range", "2018-12-31")
    assert nine.source_lines == [2, 4]
    assert nine.doubts == []


def test_a_deadline_cut_before_its_year_sign_is_no_task_of_its_own():
    page1 = grid([HEADER, ["26", "深化基层改革", "建立乡村医生后续补充与退出养老机制，足额落实村", "2017-2020", "县人社局", "县财政局、县卫计"]])
    page2 = grid([["", "", "医各类补助，稳定村医队伍。", "年", "", "局、各镇办"]], continues=True, first_line=3)
    tasks, _ = tasks_of(page1, page2)
    assert len(tasks) == 1
    assert tasks[0].deadline.text == "2017-2020年"
    assert tasks[0].participating_units == ["县财政局", "县卫计局", "各镇办"]


def test_without_numbers_the_rest_lacks_the_lead_the_row_above_has():
    page1 = grid([MONTHS, ["加强公共卫生体系", "制定疾控体系建设专项", "市卫健委", "市财政局、市医", "召开研讨", "提出方案。", "征求意"]])
    page2 = grid([["建设", "规划。", "", "保局", "会。", "", "见。"],
                  ["建设", "年度项目全部投资按预算内投入。", "市卫健委", "市疾控中心", "开工。", "施工。", "施工。"]],
                 continues=True, first_line=3)
    tasks, joined = tasks_of(page1, page2)
    assert joined == 1
    assert [t.content for t in tasks] == ["制定疾控体系建设专项规划。", "年度项目全部投资按预算内投入。"]
    assert [t.category for t in tasks] == ["加强公共卫生体系建设"] * 2  # the cut group cell spans both
    assert tasks[0].participating_units == ["市财政局", "市医保局"]
    assert [m.text for m in tasks[0].milestones] == ["召开研讨会。", "提出方案。", "征求意见。"]


def test_a_month_cell_alone_on_the_next_page_is_the_rest_not_a_heading():
    page1 = grid([MONTHS, ["完善投入机制", "建立价格机制。", "市医保局", "市卫健委", "梳理《目录", "", ""]])
    page2 = grid([["", "", "", "", "(2019)》。", "", ""]], continues=True, first_line=3)
    tasks, _ = tasks_of(page1, page2)
    assert [t.category for t in tasks] == ["完善投入机制"]
    assert tasks[0].milestones[0].text == "梳理《目录(2019)》。"


def test_a_new_row_on_the_next_page_is_a_task_and_the_cut_row_above_is_in_doubt():
    page1 = grid([HEADER, ["5", "推进改革", "建立符合县情实际的医疗服务共同体。", "2017年", "县卫计局", "县发改局、县财"]])
    page2 = grid([HEADER, ["6", "", "建立补偿机制。", "2017年", "县财政局", "县卫计局"]], continues=True, first_line=3)
    tasks, joined = tasks_of(page1, page2)
    assert joined == 0
    assert [t.seq for t in tasks] == ["5", "6"]
    assert "row_may_continue" in tasks[0].doubts
    assert "row_may_continue" not in tasks[1].doubts


def test_a_row_that_ended_with_its_page_is_in_no_doubt():
    page1 = grid([HEADER, ["5", "推进改革", "建立医疗服务共同体。", "2017年", "县卫计局", "县发改局、县财政局"]])
    page2 = grid([HEADER, ["6", "", "建立补偿机制。", "2017年", "县财政局", "县卫计局"]], continues=True, first_line=3)
    tasks, _ = tasks_of(page1, page2)
    assert [t.doubts for t in tasks] == [[], []]


def test_a_heading_or_a_new_group_at_the_top_of_a_page_is_no_rest():
    page1 = grid([HEADER, ["10", "", "制定完善优惠政策，增", "2017-2020年", "县卫计局", "县发改局"]])
    page2 = grid([["三、完善分级诊疗制度", "", "", "", "", ""],
                  ["11", "", "建立全科医生制度。", "2017-2020年", "县卫计局", "县财政局"]], continues=True, first_line=3)
    tasks, joined = tasks_of(page1, page2)
    assert joined == 0
    assert [(t.seq, t.category) for t in tasks] == [("10", None), ("11", "完善分级诊疗制度")]


def test_a_table_not_continuing_across_a_page_is_never_joined():
    first = grid([HEADER, ["1", "甲", "制定方案，", "2017年", "县卫计局", "县编办"]])
    second = grid([HEADER, ["", "", "另表说明。", "", "", "县财政局"]], first_line=3)
    _, joined = tasks_of(first, second)
    assert joined == 0


def test_the_text_reading_of_the_same_rows_does_not_win_by_counting_the_pieces():
    """The tab-separated text of the table parts counts a cut row twice; the reader's tables,
    joined, are still the rows taken."""
    parts = [
        TablePart([HEADER, ["1", "甲", "制定方案并组织", "2017年", "县卫计局", "县编办"],
                   ["2", "甲", "成立县级公立医院管理委员会，建立", "2017年", "县医改办", "县卫计局"]]),
        TablePart([HEADER, ["", "", "现代化医药管理制度。", "", "", "县人社局"],
                   ["3", "甲", "落实公立医院自主权。", "2017-2020年", "县医改办", "县编办"]], continues=True),
    ]
    doc = assemble(make_source("t.pdf", "pdf", b"x"), ["重点任务分解表", *parts])
    tasks = extract_document(doc).tasks
    assert [t.seq for t in tasks] == ["1", "2", "3"]
    assert tasks[1].content == "成立县级公立医院管理委员会，建立现代化医药管理制度。"
