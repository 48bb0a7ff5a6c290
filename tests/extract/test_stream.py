"""Paragraph-cell tables (duban.extract.stream): one cell per line, no separators at all."""

from __future__ import annotations

from duban.extract.layout import Cell
from duban.extract.stream import anchor_seq, join_paragraphs, join_wrapped_lines, stream_rows


def fields(rows, *names):
    return [tuple(row.fields.get(n, "") for n in names) for row in rows]


def test_rows_without_item_numbers_are_found_by_their_unit_cells():
    lines = [
        "任务分类", "工作任务", "牵头单位", "配合单位", "完成时限",
        "提升基层服务能力",
        "推进乡镇卫生院标准化建设，年内新增2家达标卫生院。",
        "县卫健局",
        "县发改局、县财政局",
        "2025年12月底前",
        "落实家庭医生签约服务。",  # same group: its cell was merged and vanished; no 配合单位 either
        "县卫健局",
        "长期坚持",
        "加强医保基金监管",
        "开展定点医药机构专项检查。",
        "县医保局",
        "县卫健局、县市场监管局",
    ]
    rows, cmap = stream_rows(lines)
    assert cmap is not None
    assert fields(rows, "category", "content", "lead", "participating", "deadline") == [
        ("提升基层服务能力", "推进乡镇卫生院标准化建设，年内新增2家达标卫生院。", "县卫健局", "县发改局、县财政局", "2025年12月底前"),
        ("", "落实家庭医生签约服务。", "县卫健局", "", "长期坚持"),
        ("加强医保基金监管", "开展定点医药机构专项检查。", "县医保局", "县卫健局、县市场监管局", ""),
    ]
    assert all(row.doubts == ["layout_guessed"] for row in rows)
    assert (rows[0].first, rows[0].last) == (6, 10)


def test_month_cells_after_the_units_fill_the_month_columns_in_order():
    lines = [
        "工作任务", "牵头单位", "年度目标", "6月", "9月", "12月",
        "建成县级胸痛中心。", "县人民医院", "通过省级验收", "完成选址", "完成建设", "申报验收",
        "开展老年人健康体检。", "县卫健局", "体检率70%以上", "启动体检", "完成体检",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "content", "lead", "target") == [
        ("建成县级胸痛中心。", "县人民医院", "通过省级验收"),
        ("开展老年人健康体检。", "县卫健局", "体检率70%以上"),
    ]
    assert rows[0].months == {6: "完成选址", 9: "完成建设", 12: "申报验收"}
    assert rows[1].months == {6: "启动体检", 9: "完成体检"}  # the last cell was empty


def test_a_remark_after_the_units_stays_out_of_the_next_task():
    lines = [
        "工作任务", "责任单位", "完成时限", "备注",
        "推进基层医疗机构标准化建设。", "县卫健局", "2025年底前", "省级考核项目",
        "开展医保政策宣传月活动。", "县医保局", "6月底前", "已列入年度计划",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "content", "lead", "deadline") == [
        ("推进基层医疗机构标准化建设。", "县卫健局", "2025年底前"),
        ("开展医保政策宣传月活动。", "县医保局", "6月底前"),
    ]


def test_a_header_of_labels_with_their_values_is_not_read_as_a_table():
    lines = ["具体任务：成立工作专班。", "牵头单位：市卫健委", "配合单位：市医保局", "完成时限：2023年3月底前"]
    assert stream_rows(lines)[0] == []


def test_a_numbered_table_keeps_a_row_whose_number_was_lost():
    lines = [
        "序号", "工作任务", "牵头单位", "配合单位",
        "1", "做好传染病防控，法定传染病报告率达到100%。", "市疾控中心",
        "2", "开展爱国卫生运动。", "市爱卫办", "各县（市、区）政府",
        "加强慢性病管理，高血压患者规范管理率不低于65%。", "市卫健委", "市医保局",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "seq", "content", "lead", "participating") == [
        ("1", "做好传染病防控，法定传染病报告率达到100%。", "市疾控中心", ""),
        ("2", "开展爱国卫生运动。", "市爱卫办", "各县（市、区）政府"),
        ("", "加强慢性病管理，高血压患者规范管理率不低于65%。", "市卫健委", "市医保局"),
    ]


def cells(*texts):
    return [Cell(t, i, i) for i, t in enumerate(texts, start=1)]


def test_lines_wrapped_at_a_fixed_width_are_joined_back_into_their_cells():
    wrapped = cells(
        "1",
        "推进紧密型县域医共体建设，县域内就诊率达到9",  # 22 characters: the line was full
        "0%以上。",
        "县卫健局",
        "县医保局、县财政局、县人社局、县委编办、各乡",
        "镇人民政府",
        "2",
        "健全村卫生室药品配备使用管理制度，基本药物配",
        "备品种不少于60种。",
        "县卫健局",
    )
    got = join_wrapped_lines(wrapped, unit_columns=2)
    assert [c.text for c in got] == [
        "1",
        "推进紧密型县域医共体建设，县域内就诊率达到90%以上。",
        "县卫健局",
        "县医保局、县财政局、县人社局、县委编办、各乡镇人民政府",
        "2",
        "健全村卫生室药品配备使用管理制度，基本药物配备品种不少于60种。",
        "县卫健局",
    ]
    assert (got[1].first, got[1].last) == (2, 3)


def test_a_full_line_does_not_swallow_the_units_of_its_own_row():
    text = cells(
        "开展医保基金运行分析，定期通报基金使用情况",  # 21 characters, the longest: a full line
        "县医保局",
        "县财政局",
        "推进县域医共体建设，医共体内实现人员统一管",
        "理、财务统一核算。",
        "县卫健局",
        "县人社局",
        "落实村医养老保障政策，完善乡村医生退出机制",
        "县卫健局",
    )
    got = [c.text for c in join_wrapped_lines(text, unit_columns=2)]
    assert got[:3] == ["开展医保基金运行分析，定期通报基金使用情况", "县医保局", "县财政局"]
    assert got[3] == "推进县域医共体建设，医共体内实现人员统一管理、财务统一核算。"


def test_a_table_without_repeated_full_lines_is_not_taken_for_wrapped_text():
    text = cells("序号", "1", "完善家庭医生签约服务。", "县卫健局", "2", "推进医保支付方式改革。", "县医保局")
    assert join_wrapped_lines(text, unit_columns=1) == text


def test_paragraphs_of_a_cell_keep_a_number_cut_at_the_line_end_whole():
    assert join_paragraphs(["办事指南要素准确率达到10", "0%。"]) == "办事指南要素准确率达到100%。"
    assert join_paragraphs(["完善考核机制。", "纳入绩效考核。"]) == "完善考核机制。\n纳入绩效考核。"


def test_a_numbered_excerpt_skips_rows_and_takes_the_last_of_several_empty_groups():
    lines = [
        "序号", "重点工作任务", "主要责任单位", "协同配合单位",
        "一、主要预期目标",
        "2", "基本医疗保险参保率稳定在95%以上。", "县医保局", "县卫健委、县税务局。",
        "二、扩大有效投资", "三、壮大实体经济", "四、增进民生福祉",
        "41", "推进县人民医院新院区建设。", "县卫健委", "县发改委。",
        "42", "实施基层医疗机构能力提升工程。", "县卫健委", "县财政局。",
        "45", "新增普惠托位200个，全县托位数达到",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "seq", "category", "lead", "participating") == [
        ("2", "一、主要预期目标", "县医保局", "县卫健委、县税务局。"),
        ("41", "四、增进民生福祉", "县卫健委", "县发改委。"),
        ("42", "", "县卫健委", "县财政局。"),
    ]  # row 45, cut inside its text by the end of the copy, is no task


def test_a_later_number_opens_a_row_only_before_a_task_text():
    text = Cell("推进县人民医院新院区建设。", 9, 9)
    assert anchor_seq("41", True, 3, text) == "41"
    assert anchor_seq("30", True, 3, Cell("县医保局", 9, 9)) is None  # a number before units
    assert anchor_seq("2025", True, 3, text) is None  # a year
    assert anchor_seq("41.推进医改。", False, 3, text) is None  # numbers inside the text run on


def test_items_numbered_in_one_content_cell_share_the_unit_cell_after_the_last():
    lines = [
        "工作任务", "具体要求", "落实科室（部门）",
        "做好医疗服务信息公开",
        "3.公布医疗机构名录。",
        "4.公开医疗服务价格调整情况。",
        "5.公开医疗质量检查结果。",
        "医政医管科、规划财务科按职责分工落实",
        "做好公共卫生信息公开",
        "6.发布法定传染病疫情信息。",
        "疾病预防控制科",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "content", "lead") == [
        ("3.公布医疗机构名录。", "医政医管科、规划财务科按职责分工落实"),
        ("4.公开医疗服务价格调整情况。", "医政医管科、规划财务科按职责分工落实"),
        ("5.公开医疗质量检查结果。", "医政医管科、规划财务科按职责分工落实"),
        ("6.发布法定传染病疫情信息。", "疾病预防控制科"),
    ]
    assert (rows[0].first, rows[0].last) == (5, 8)


def test_a_row_with_its_own_number_cell_and_no_units_shares_nothing():
    lines = ["序号", "工作任务", "责任单位", "1", "推进医共体建设。", "2", "完善签约服务。", "县卫健局"]
    rows, _ = stream_rows(lines)
    assert fields(rows, "seq", "lead") == [("1", ""), ("2", "县卫健局")]


def test_a_group_name_glued_onto_the_task_text_is_parted_where_the_page_prints_it_alone():
    lines = [
        "主题：", "健康惠民",
        "实事内容", "工作任务", "责任单位", "进展情况",
        "健康惠民为老年人免费开展健康体检。", "区卫健局", "已完成体检800人。",
        "新增家庭医生工作室10个。", "区卫健局", "已建成4个。",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "category", "content", "progress") == [
        ("健康惠民", "为老年人免费开展健康体检。", "已完成体检800人。"),
        ("", "新增家庭医生工作室10个。", "已建成4个。"),
    ]


def test_a_copy_cut_after_its_first_numbered_row_still_reads_the_number_column():
    lines = [
        "序号", "目标任务", "牵头单位", "责任单位", "责任人",
        "一、主要发展指标（牵头领导：张某、李某）",
        "1", "★地区生产总值增长6%。", "区发改局",
    ]
    rows, _ = stream_rows(lines)
    assert fields(rows, "seq", "category", "content", "lead") == [
        ("1", "一、主要发展指标（牵头领导：张某、李某）", "★地区生产总值增长6%。", "区发改局"),
    ]
