"""Tables whose cells lost their separators (duban.extract.glued, duban.extract.cells)."""

from __future__ import annotations

from duban.extract.cells import (
    are_glued_units,
    guess_cells,
    is_whole_deadline,
    spaced_cells,
    spaced_tokens,
    split_group_cell,
    split_unit_columns,
)
from duban.extract.headers import map_header
from duban.extract.normalize import glued_table


def numbered(*texts: str):
    return [((i, i), t) for i, t in enumerate(texts, start=1)]


def rows(lines):
    return [t.split("\t") for _, t in lines]


def test_glued_rows_take_the_group_cell_printed_before_their_number():
    text = (
        "任务分类序号工作任务牵头单位配合单位完成时限"
        "强化基层服务1新建村卫生室8所。县卫健局县财政局2025年10月底前"
        "2推进家庭医生签约服务。县卫健局长期坚持"
        "提升公卫能力3开展老年人健康体检。县疾控中心各乡镇卫生院2025年第三季度"
    )
    assert rows(glued_table(numbered(text))) == [
        ["任务分类", "序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["强化基层服务", "1", "新建村卫生室8所。", "县卫健局", "县财政局", "2025年10月底前"],
        ["", "2", "推进家庭医生签约服务。", "县卫健局", "", "长期坚持"],
        ["提升公卫能力", "3", "开展老年人健康体检。", "县疾控中心", "各乡镇卫生院", "2025年第三季度"],
    ]


def test_a_number_is_not_taken_from_a_date_or_a_quantity_but_may_be_glued_to_one():
    text = (
        "序号重点任务责任单位完成时限"
        "1建成胸痛中心2个。县人民医院2025年12月31日前"  # not row 2 at 2个, not row 3 at 31日
        "2做好传染病报告。县疾控中心每季度末"
        "365岁以上老年人健康管理率达到70%。各乡镇卫生院2025年底前"  # row 3 glued to 65岁
    )
    assert rows(glued_table(numbered(text)))[1:] == [
        ["1", "建成胸痛中心2个。", "县人民医院", "2025年12月31日前"],
        ["2", "做好传染病报告。", "县疾控中心", "每季度末"],
        ["3", "65岁以上老年人健康管理率达到70%。", "各乡镇卫生院", "2025年底前"],
    ]


def test_numbering_that_starts_again_under_a_new_group_and_a_row_without_a_number():
    text = (
        "任务分类序号工作任务牵头单位完成时限"
        "医疗服务1推进胸痛中心建设。市卫健委2025年6月底前2推进检查结果互认。市卫健委持续推进"
        "公共卫生1做好传染病防控。市疾控中心长期坚持2开展爱国卫生运动。市爱卫办持续推进"
        "加强慢性病管理，高血压患者规范管理率不低于65%。市卫健委持续推进"
    )
    got = rows(glued_table(numbered(text)))[1:]
    assert [r[:4] for r in got] == [
        ["医疗服务", "1", "推进胸痛中心建设。", "市卫健委"],
        ["", "2", "推进检查结果互认。", "市卫健委"],
        ["公共卫生", "1", "做好传染病防控。", "市疾控中心"],
        ["", "2", "开展爱国卫生运动。", "市爱卫办"],
        ["", "", "加强慢性病管理，高血压患者规范管理率不低于65%。", "市卫健委"],
    ]


def test_a_glued_table_without_numbers_is_cut_after_unit_names_and_deadlines():
    text = (
        "工作任务牵头单位配合单位完成时限"
        "完善定点医药机构协议管理。市医保局市卫健委2025年6月底前"
        "建成医保智能监控系统。市医保局2025年12月底前"
    )
    assert rows(glued_table(numbered(text)))[1:] == [
        ["完善定点医药机构协议管理。", "市医保局", "市卫健委", "2025年6月底前"],
        ["建成医保智能监控系统。", "市医保局", "", "2025年12月底前"],
    ]


def test_glued_rows_on_lines_of_their_own_without_numbers():
    lines = numbered(
        "重点任务牵头单位完成时限",
        "推进紧密型县域医共体建设县卫健局2025年底前",
        "开展药品集中带量采购，中选药品",  # a row broken over two lines
        "使用比例不低于80%县医保局持续推进",
    )
    assert rows(glued_table(lines))[1:] == [
        ["推进紧密型县域医共体建设", "县卫健局", "2025年底前"],
        ["开展药品集中带量采购，中选药品\n使用比例不低于80%", "县医保局", "持续推进"],
    ]


def test_month_columns_after_the_units_follow_the_first_unit_names():
    text = "序号工作任务牵头单位6月9月1制定医共体章程。县卫健局起草章程。印发实施。2推进信息平台建设。县卫健局完成招标。上线运行。"
    assert rows(glued_table(numbered(text))) == [
        ["序号", "工作任务", "牵头单位", "6月", "9月"],
        ["1", "制定医共体章程。", "县卫健局", "起草章程。", "印发实施。"],
        ["2", "推进信息平台建设。", "县卫健局", "完成招标。", "上线运行。"],
    ]


def test_a_two_column_task_and_units_table_glued_is_read():
    text = "工作任务责任单位完善城乡居民医保筹资机制，参保人数稳定在38万人以上。县医保局、县税务局"
    assert rows(glued_table(numbered(text))) == [
        ["工作任务", "责任单位"],
        ["完善城乡居民医保筹资机制，参保人数稳定在38万人以上。", "县医保局、县税务局"],
    ]


def test_rows_apart_by_single_spaces_are_read_a_line_each():
    lines = numbered(
        "任务分类 序号 工作任务 牵头单位 配合单位 完成时限",
        "医保改革 1 推进DRG付费改革。 县医保局 县卫健局 2025年底前",
        "2 开展基金专项检查。 县医保局 持续推进",
        "3 规范村卫生室医保结算。 县医保局 县卫健局、各乡镇卫生院",
        "2025年9月底前完成",  # the last cell carried on
    )
    assert rows(glued_table(lines))[1:] == [
        ["医保改革", "1", "推进DRG付费改革。", "县医保局", "县卫健局", "2025年底前"],
        ["", "2", "开展基金专项检查。", "县医保局", "", "持续推进"],
        ["", "3", "规范村卫生室医保结算。", "县医保局", "县卫健局、各乡镇卫生院", "2025年9月底前完成"],
    ]


def test_an_excerpt_of_single_spaced_rows_under_a_header_with_spaced_words():
    lines = numbered(
        "序号 2025年重点工作任务 牵头  领导 牵头       责任单位 配合       责任单位 工作评价",
        "7 新建普惠托育机构3所。 赵某某 区卫健局 各街道 区直有关单位 已完成",
        "8 开展婴幼儿照护指导服务。 钱某某 区妇幼保健院 区卫健局 推进中",
    )
    assert rows(glued_table(lines)) == [
        ["序号", "重点工作任务", "牵头领导", "牵头责任单位", "配合责任单位", "工作评价"],
        ["7", "新建普惠托育机构3所。", "赵某某", "区卫健局", "各街道 区直有关单位", "已完成"],
        ["8", "开展婴幼儿照护指导服务。", "钱某某", "区妇幼保健院", "区卫健局", "推进中"],
    ]


def test_spaced_tokens_go_to_the_columns_they_look_like():
    cmap = map_header(["任务分类", "工作任务", "牵头单位", "配合单位", "年度目标"])
    assert spaced_cells(["新建社区医院5家。", "市卫健委", "年底前建成"], cmap) == [
        "", "新建社区医院5家。", "市卫健委", "", "年底前建成",
    ]
    assert spaced_cells(["强化基层", "新建社区医院5家。", "市卫健委", "市财政局"], cmap) == [
        "强化基层", "新建社区医院5家。", "市卫健委", "市财政局", "",
    ]
    # a sentence is never a unit cell, though it ends like one
    cmap = map_header(["序号", "工作任务", "牵头单位", "完成时限"])
    assert spaced_cells(["2", "县中医院创成三级乙等中医医院。", "县中医院", "年底前"], cmap) == [
        "2", "县中医院创成三级乙等中医医院。", "县中医院", "年底前",
    ]


def test_two_unit_columns_are_parted_where_two_names_meet():
    assert split_unit_columns("县卫计局深化医改成员单位、相关工作部门", 2) == ["县卫计局", "深化医改成员单位、相关工作部门"]
    assert split_unit_columns("市卫健委各县（市、区）政府", 2) == ["市卫健委", "各县（市、区）政府"]
    assert split_unit_columns("市委组织部市卫健委", 2) == ["市委组织部", "市卫健委"]
    assert split_unit_columns("市政府办公室", 2) == ["市政府办公室", ""]
    assert split_unit_columns("市医保局、市卫健委", 2) == ["市医保局、市卫健委", ""]


def test_glued_unit_names_hold_no_task_words():
    assert are_glued_units("县医保局县卫健局")
    assert are_glued_units("县卫计局深化医改成员单位")
    assert not are_glued_units("市财政局完善公立医院")  # a unit, then a heading
    assert not are_glued_units("市卫健委2025年6月底前")
    assert not are_glued_units("做好办")


def test_a_group_cell_glued_to_the_task_text_is_parted_at_the_task_verb():
    assert split_group_cell("县域医共体建设健全管委会运行机制，每半年召开1次会议。") == (
        "县域医共体建设",
        "健全管委会运行机制，每半年召开1次会议。",
    )
    assert split_group_cell("加强公共卫生体系建设制定疾控体系专项规划。") == ("加强公共卫生体系建设", "制定疾控体系专项规划。")
    assert split_group_cell("推进分级诊疗，建设医联体。") == ("", "推进分级诊疗，建设医联体。")
    cmap = map_header(["任务分类", "工作任务", "责任单位", "完成时限"])
    assert guess_cells("强化医保基金监管完善协议考核办法。市医保局2025年6月底前", cmap) == [
        "强化医保基金监管", "完善协议考核办法。", "市医保局", "2025年6月底前",
    ]


def test_an_ongoing_deadline_is_read_as_written():
    assert is_whole_deadline("长期坚持")
    assert is_whole_deadline("每季度末")
    assert is_whole_deadline("每年12月底前")
    assert not is_whole_deadline("长期坚持推")
    assert not is_whole_deadline("每季度末7")



def test_a_run_of_spaces_holds_empty_cells():
    assert spaced_tokens("2  强化古树 名木保护 开展普查。") == ["2", "", "强化古树", "名木保护", "开展普查。"]
    assert spaced_tokens("3   加强森林防火。 市林业局") == ["3", "", "", "加强森林防火。", "市林业局"]
    assert spaced_tokens("  ") == []


def test_a_single_spaced_table_shows_its_merged_cells_as_extra_spaces():
    lines = numbered(
        "序号 类别 主要任务 细化措施 牵头单位 参与单位 责任单位",
        "1 加强森林资源保 护 严格林地用途管制 落实林地保护利用规划。 市林业局 市自然资源局 各县（市、区）人民政府",
        "2  强化古树 名木保护 开展古树名木普查建档。 市林业局 市住房城乡建设局 各县（市、区）人民政府",
        "3   加强森林防火，完善预警监测体系。 市林业局、应急管理局 市气象局 各县（市、区）人民政府",
    )
    assert rows(glued_table(lines))[1:] == [
        # a wrapped cell's short last piece (`护`) ends its cell
        ["1", "加强森林资源保 护", "严格林地用途管制", "落实林地保护利用规划。", "市林业局", "市自然资源局", "各县（市、区）人民政府"],
        ["2", "", "强化古树 名木保护", "开展古树名木普查建档。", "市林业局", "市住房城乡建设局", "各县（市、区）人民政府"],
        ["3", "", "", "加强森林防火，完善预警监测体系。", "市林业局、应急管理局", "市气象局", "各县（市、区）人民政府"],
    ]


def test_spaces_inside_a_padded_table_are_no_empty_cells():
    # the header pads its words with runs of spaces: a run in a row is padding too, no empty cell
    lines = numbered(
        "序号 2025年重点工作任务 牵头  领导 牵头       责任单位 配合       责任单位 工作评价",
        "4 建成区级急救分站2个。   孙某某 区卫健局 各街道 已完成",
        "5 开展院前急救培训。 李某某 区急救中心 区卫健局 推进中",
    )
    assert rows(glued_table(lines))[1:] == [
        ["4", "建成区级急救分站2个。", "孙某某", "区卫健局", "各街道", "已完成"],
        ["5", "开展院前急救培训。", "李某某", "区急救中心", "区卫健局", "推进中"],
    ]

def test_a_title_whose_words_read_like_header_words_does_not_hide_the_header():
    from duban.extract.glued import header_in
    from duban.extract.normalize import header_words

    line = "2025年民生实事项目目标任务责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1新建学校"
    found = header_in(line, header_words())
    assert found is not None
    assert found[0] == ["序号", "项目名称", "主要内容", "区政府分管领导", "牵头单位", "配合单位"]
    assert found[2] == "1新建学校"


def test_an_excerpt_of_a_glued_table_may_start_past_1_and_skip_rows_under_a_new_group(tmp_path):
    from duban.extract import extract_path

    path = tmp_path / "excerpt.txt"
    path.write_text(
        "任务分类序号工作任务牵头单位配合单位"
        "主要预期目标3居民医保参保率稳定在95%以上。县医保局县税务局"
        "建设健康县城27推进县中医院新院区建设。县卫健委县发改委"
        "28开展基层医疗机构能力提升行动。县卫健委县财政局\n",
        encoding="utf-8",
    )
    tasks = extract_path(str(path)).tasks
    assert [(t.seq, t.lead_units) for t in tasks] == [("3", ["县医保局"]), ("27", ["县卫健委"]), ("28", ["县卫健委"])]
