"""Layout readers on their own (duban.extract.layout): cell-per-line tables cut into rows, and
rows of text cells apart by runs of spaces."""

from __future__ import annotations

from duban.extract.layout import (
    is_label,
    looks_like_deadline,
    space_row_grid,
    tab_led_grid,
    uniform_gap,
)


def texts(grid):
    return [[c.text for c in row] for row in grid.rows]


def test_rows_that_lost_their_merged_group_cell_are_cut_narrower():
    lines = [
        "\t任务分类", "\t序号", "\t工作任务", "\t牵头单位", "\t配合单位", "\t完成时限",
        "\t强化基层", "\t1", "\t推进紧密型县域医共体建设。", "\t县卫健局", "\t县医保局", "\t2025年底前",
        "\t2", "\t落实家庭医生签约服务。", "\t县卫健局", "\t", "\t",
        "\t3", "\t开展医保基金专项检查。", "\t县医保局", "\t县卫健局", "\t每季度",
    ]
    assert texts(tab_led_grid(lines))[1:] == [
        ["强化基层", "1", "推进紧密型县域医共体建设。", "县卫健局", "县医保局", "2025年底前"],
        ["2", "落实家庭医生签约服务。", "县卫健局", "", ""],
        ["3", "开展医保基金专项检查。", "县医保局", "县卫健局", "每季度"],
    ]


def test_rows_that_kept_an_empty_group_cell_keep_the_full_width():
    lines = [
        "\t任务分类", "\t序号", "\t工作任务", "\t责任单位",
        "\t强化基层", "\t1", "\t推进医共体建设。", "\t县卫健局",
        "\t", "\t2", "\t落实签约服务。", "\t县卫健局",
    ]
    assert texts(tab_led_grid(lines))[1:] == [
        ["强化基层", "1", "推进医共体建设。", "县卫健局"],
        ["", "2", "落实签约服务。", "县卫健局"],
    ]


def test_a_two_column_header_of_listed_words_starts_a_table():
    lines = ["\t工作任务", "\t责任单位", "\t完善城乡居民医保筹资机制。", "\t县医保局、县税务局"]
    assert texts(tab_led_grid(lines)) == [["工作任务", "责任单位"], ["完善城乡居民医保筹资机制。", "县医保局、县税务局"]]
    # two words that merely contain header words are no header
    assert tab_led_grid(["\t工作任务完成情况", "\t责任单位意见", "\t已完成。", "\t县医保局"]).rows == []


def test_a_fixed_gap_table_keeps_its_empty_cells():
    lines = [
        "金水县2025年医改任务分解表",
        "任务分类   序号   工作任务   牵头单位   配合单位   完成时限",
        "强化基层   1   新建村卫生室8所。   县卫健局   县财政局   2025年10月底前",
        "   2   推进家庭医生签约服务。   县卫健局      长期坚持",
    ]
    assert uniform_gap(lines[1:]) == 3
    assert texts(space_row_grid(lines))[1:] == [
        ["强化基层", "1", "新建村卫生室8所。", "县卫健局", "县财政局", "2025年10月底前"],
        ["", "2", "推进家庭医生签约服务。", "县卫健局", "", "长期坚持"],
    ]


def test_gaps_of_a_text_laid_out_by_position_are_not_counted_as_empty_cells():
    lines = [
        "序号  重点任务          牵头单位     完成时限",
        "1     推进医共体建设    县卫健局     2025年底前",
        "2     开展带量采购      县医保局     持续推进",
    ]
    assert uniform_gap(lines) == 0
    assert texts(space_row_grid(lines))[1:] == [
        ["1", "推进医共体建设", "县卫健局", "2025年底前"],
        ["2", "开展带量采购", "县医保局", "持续推进"],
    ]


def test_a_two_column_table_of_tasks_and_units_is_read():
    lines = ["工作任务    责任单位", "完善城乡居民医保筹资机制。    县医保局、县税务局"]
    assert texts(space_row_grid(lines)) == [["工作任务", "责任单位"], ["完善城乡居民医保筹资机制。", "县医保局、县税务局"]]
    assert space_row_grid(["根据部署    结合实际", "做好工作    按时完成"]).rows == []


def test_a_numbered_heading_followed_by_empty_cells_is_a_heading_row():
    lines = [
        "\t工作任务", "\t具体要求", "\t责任单位", "\t完成情况", "\t备注",
        "\t一、年底前专项工作", "\t",
        "\t1.规范性文件集中公开", "\t清理现行有效的规范性文件，形成目录。", "\t市政府各部门", "\t推进中", "\t11月底前完成",
    ]
    assert texts(tab_led_grid(lines)) == [
        ["工作任务", "具体要求", "责任单位", "完成情况", "备注"],  # the heading is no header word
        ["一、年底前专项工作", ""],
        ["1.规范性文件集中公开", "清理现行有效的规范性文件，形成目录。", "市政府各部门", "推进中", "11月底前完成"],
    ]

def test_a_time_limit_in_working_days_is_a_deadline_cell():
    assert looks_like_deadline("自信息形成或者变更之日起20个工作日内。")
    assert looks_like_deadline("收到申请后15日内")
    assert not looks_like_deadline("按规定在20个工作日内办结，并向社会公开。")  # a clause of a task text


def test_a_heading_numbered_paragraph_is_no_header_word():
    assert is_label("预期目标")
    assert not is_label("一、主要预期目标")
