"""A copy that stops inside the last table row (duban.extract.cut_end)."""

from __future__ import annotations

from duban.extract.cut_end import (
    ROW_MAY_CONTINUE,
    OpenEnd,
    open_end,
    settle_cut_row,
    split_item_cells,
    without_cut_name,
)
from duban.extract.rows import RawRow


def row(line: int, ends_in: str, **fields: str) -> RawRow:
    return RawRow(fields=dict(fields), first=line, last=line, ends_in=ends_in)


def origin(count: int) -> list[tuple[int, int]]:
    return [(i, i) for i in range(1, count + 1)]


def test_a_text_that_stops_in_an_unclosed_pipe_cell_ends_open():
    lines = ["| 序号 | 工作任务 | 责任股室 |", "| 1 | 更新公开目录。 | 办公室 |", "| 2 | 每季度梳理申请热点并"]
    assert open_end(lines, origin(3)) == OpenEnd(3, True)


def test_a_closed_row_a_full_stop_a_deadline_or_a_unit_name_ends_the_text():
    assert open_end(["| 1 | 更新公开目录。 | 办公室 |", ""], origin(2)) is None
    assert open_end(["1 开展家庭医生签约服务 县卫健局 持续推进"], origin(1)) is None
    assert open_end(["1 开展家庭医生签约服务 县卫健局 各乡镇卫生院"], origin(1)) is None
    assert open_end(["1 开展家庭医生签约服务 县卫健局 各乡镇卫"], origin(1)) == OpenEnd(1, False)


def test_where_cells_are_closed_by_pipes_only_a_pipe_closes_the_last_row():
    # a unit name at the end of a pipe row says nothing: its cell was not closed
    lines = ["| 1 | 更新公开目录。 | 办公室 |", "| 2 | 公开资金分配情况。 | 规划财务股"]
    assert open_end(lines, origin(2)) == OpenEnd(2, True)


def test_the_open_end_is_found_on_the_normalized_line_holding_the_last_input_line():
    lines = ["工作任务 |", "具体要求 |", "做好规划公开 |", "3.各级政府主动公开规划纲要。做好"]
    assert open_end(lines, [(1, 1), (2, 2), (3, 4)]) == OpenEnd(3, True)


def test_a_row_cut_inside_its_task_text_is_dropped():
    rows = [row(1, "lead", content="更新公开目录。", lead="办公室"), row(2, "content", content="每季度梳理申请热点并")]
    assert settle_cut_row(rows, OpenEnd(2, True)) == rows[:1]
    assert rows[0].doubts == []


def test_without_cell_marks_a_task_text_ending_a_sentence_is_whole():
    rows = [row(2, "content", content="每季度梳理申请热点。")]
    assert settle_cut_row(rows, OpenEnd(2, False)) == rows
    assert rows[0].doubts == [ROW_MAY_CONTINUE]
    assert settle_cut_row([row(2, "content", content="每季度梳理申请热点。")], OpenEnd(2, True)) == []


def test_a_row_whose_later_cells_were_cut_is_kept_with_a_doubt_and_without_the_cut_name():
    cut = row(3, "participating", content="加强森林防火。", lead="市林业局", participating="市气象局；各县（市、区）人")
    assert settle_cut_row([cut], OpenEnd(3, False)) == [cut]
    assert cut.doubts == [ROW_MAY_CONTINUE]
    assert cut.fields["participating"] == "市气象局"


def test_a_group_cell_with_nothing_after_it_is_no_task():
    assert settle_cut_row([row(5, "category", category="做好各类规划主动公开")], OpenEnd(5, True)) == []


def test_rows_above_the_open_end_are_left_alone():
    rows = [row(1, "lead", content="更新公开目录。", lead="办公室")]
    assert settle_cut_row(rows, OpenEnd(4, True)) == rows
    assert settle_cut_row(rows, None) == rows
    assert rows[0].doubts == []


def test_a_cut_name_is_the_last_one_after_a_separator_outside_brackets():
    assert without_cut_name("市发展改革委、市财政局、各县（市") == "市发展改革委、市财政局"
    assert without_cut_name("市林业局、应急管理局") == "市林业局、应急管理局"
    assert without_cut_name("各县（市、区）人民政府") == "各县（市、区）人民政府"
    assert without_cut_name("市卫生健") == ""


def test_a_cell_holding_the_next_two_items_gives_a_row_each():
    rows = [
        row(1, "lead", content="1.清理现行有效的规范性文件。", lead="办公室"),
        row(2, "lead", content="2.公开资金分配情况。", lead="规划财务股"),
        row(3, "content", content="3.规范依申请公开各环节。 4.每季度梳理申请热点并"),
    ]
    split = split_item_cells(rows)
    assert [r.fields["content"] for r in split] == [
        "1.清理现行有效的规范性文件。",
        "2.公开资金分配情况。",
        "3.规范依申请公开各环节。",
        "4.每季度梳理申请热点并",
    ]
    assert settle_cut_row(split, OpenEnd(3, True))[-1].fields["content"] == "3.规范依申请公开各环节。"


def test_a_task_text_listing_its_own_points_from_1_is_one_row():
    rows = [row(1, "lead", content="1.清理规范性文件。2.发布标准文本。3.建立专栏。", lead="市政府办公室")]
    assert split_item_cells(rows) == rows
    # nor is a first row split: nothing above says its cells number the rows
    first = [row(1, "lead", content="3.公开资金分配情况。4.公开审批结果。", lead="规划财务股")]
    assert split_item_cells(first) == first
