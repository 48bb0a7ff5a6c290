"""Each normalization step on its own (duban.extract.normalize), and the line map back to the input."""

from __future__ import annotations

from duban.extract.cells import guess_cells, peel_deadline, peel_units
from duban.extract.headers import map_header
from duban.extract.normalize import (
    broken_markdown_rows,
    close_cut_parenthesis,
    full_width_punctuation,
    glued_header_lines,
    glued_item_starts,
    glued_table,
    join_label_lines,
    merge_spaced_words,
    normalize,
    pipe_cell_lines,
    pipe_rows,
    spaced_header_cells,
    split_glued_items,
    to_simplified,
    widen_header,
)


def numbered(*texts: str):
    return [((i, i), t) for i, t in enumerate(texts, start=1)]


def texts(lines):
    return [t for _, t in lines]


def test_traditional_text_becomes_simplified_and_simplified_text_is_left_alone():
    lines = numbered("推進醫療服務價格改革。（牽頭單位：市醫保局；協助部門：市衛生健康委）")
    assert texts(to_simplified(lines)) == ["推进医疗服务价格改革。（牵头单位：市医保局；协助部门：市卫生健康委）"]
    plain = numbered("推进医疗服务价格改革（市医保局牵头）")
    assert to_simplified(plain) is plain


def test_half_width_punctuation_in_chinese_text_becomes_full_width():
    got = texts(full_width_punctuation(numbered("加强村卫生室建设。(责任单位:县卫健局、县财政局;完成时限:年底)")))
    assert got == ["加强村卫生室建设。（责任单位：县卫健局、县财政局；完成时限：年底）"]
    assert texts(full_width_punctuation(numbered("〔牵头单位:县医保局〕"))) == ["（牵头单位：县医保局）"]
    # a time, a number and pinyin a converter left behind keep their form
    assert texts(full_width_punctuation(numbered("会议14:30开始,费用1,200元,醫(yī)院"))) == ["会议14:30开始，费用1,200元，醫(yī)院"]


def test_cells_closed_by_pipes_become_tab_led_cells_with_empty_cells_kept():
    lines = numbered("标题", "序号", "|", "任务", "|", "单位", "|", "1", "|", "推进", "分级诊疗 |", "市卫健委", "|", "|")
    got = texts(pipe_cell_lines(lines))
    assert got == ["标题", "\t序号", "\t任务", "\t单位", "\t1", "\t推进", "分级诊疗", "\t市卫健委", "\t"]


def test_a_two_column_table_of_cells_closed_by_pipes_is_read_and_labels_keep_their_bars():
    lines = numbered("工作任务 |", "责任单位 |", "推进县域医共体建设。 |", "县卫健局、县医保局 |")
    assert texts(pipe_cell_lines(lines)) == ["\t工作任务", "\t责任单位", "\t推进县域医共体建设。", "\t县卫健局、县医保局"]
    bars = numbered("工作任务", "|", "责任单位", "|", "推进县域医共体建设。", "|")
    assert join_label_lines(bars) is bars  # `|` closes the label's cell: it is not its value


def test_flattened_pipe_rows_become_markdown_rows_and_a_wrapped_cell_is_rejoined():
    lines = numbered(
        "序号 | 工作任务 | 牵头单位 | 完成时限 |",
        "1 | 推进分级诊疗 | 市卫健委 | 2025年",
        "12月底前 |",
        "2 | 完善医保支付 | 市医保局 | 持续推进 | ||",
    )
    got = pipe_rows(lines)
    assert texts(got) == [
        "| 序号 | 工作任务 | 牵头单位 | 完成时限 |",
        "| 1 | 推进分级诊疗 | 市卫健委 | 2025年<br>12月底前 |",
        "| 2 | 完善医保支付 | 市医保局 | 持续推进 |",
    ]
    assert got[1][0] == (2, 3)  # the rejoined row keeps both input lines


def test_a_leading_pipe_under_an_unframed_header_is_an_empty_group_cell():
    lines = numbered(
        "任务分类 | 序号 | 工作任务 | 牵头单位 | 完成时限 |",
        "强基层 | 1 | 推进医共体建设 | 县卫健局 | 2025年底前 |",
        " | 2 | 完善家庭医生签约 | 县卫健局 | 持续推进 |",
        " | 3 | 落实医保打包付费 | 县医保局 | 2025年6月底前 |",
    )
    assert texts(pipe_rows(lines))[2:] == [
        "|  | 2 | 完善家庭医生签约 | 县卫健局 | 持续推进 |",
        "|  | 3 | 落实医保打包付费 | 县医保局 | 2025年6月底前 |",
    ]


def test_a_line_holding_only_a_bar_after_each_row_closes_the_row():
    lines = numbered(
        "序号 | 工作任务 | 责任单位 | 完成时限 |",
        "|",
        "1 | 开展家庭医生签约服务 | 县卫健局 | 2025年底前 |",
        "|",
        "2 | 推进医保门诊共济 | 县医保局 | 持续推进 |",
        "|",
    )
    assert texts(pipe_rows(lines)) == [
        "| 序号 | 工作任务 | 责任单位 | 完成时限 |",
        "| 1 | 开展家庭医生签约服务 | 县卫健局 | 2025年底前 |",
        "| 2 | 推进医保门诊共济 | 县医保局 | 持续推进 |",
    ]


def test_a_header_that_lost_its_task_column_is_given_one_when_the_rows_are_wider():
    lines = numbered(
        "牵头单位 | 配合单位 | 完成时限 | ||",
        "建设县级胸痛中心。 | 县人民医院 | 县卫健局 | 2025年9月底前 | ||",
        "推进村卫生室医保结算。 | 县医保局 | 各乡镇 | 2025年6月底前 | ||",
    )
    assert texts(pipe_rows(lines))[0] == "| 工作任务 | 牵头单位 | 配合单位 | 完成时限 |"
    # rows as wide as the role words: they are not a header that lost a column
    same_width = numbered("牵头单位 | 完成时限 |", "县人民医院 | 2025年9月底前 |", "县医保局 | 2025年6月底前 |")
    assert "工作任务" not in texts(pipe_rows(same_width))[0]


def test_markdown_rows_are_left_to_the_markdown_reader():
    lines = numbered("| 序号 | 任务 | 牵头单位 |", "|---|---|---|", "| 1 | 推进 | 市卫健委 |")
    assert pipe_rows(lines) is lines


def test_a_header_narrower_than_its_rows_gets_a_seq_or_group_column():
    rows = [["一、公开", "1", "紧扣民生", "办公室"], ["二、解读", "2", "同步发布", "办公室"], ["3", "解读范围", "办公室"]]
    assert widen_header(["具体要求", "责任科室"], rows) == ["类别", "序号", "具体要求", "责任科室"]
    assert widen_header(["具体任务", "责任单位"], [["一、监管", "规范协议"] + ["x"], ["二、整治", "回头看", "y"]]) == [
        "类别",
        "具体任务",
        "责任单位",
    ]


def test_a_header_is_widened_by_the_width_of_its_rows_even_when_no_width_repeats():
    rows = [["1", "公开预算", "办公室"], ["一、解读", "2", "同步解读", "办公室"]]
    assert widen_header(["具体要求", "责任科室"], rows) == ["类别", "序号", "具体要求", "责任科室"]


def test_a_line_of_bare_pipes_under_a_pipe_header_is_no_row():
    # found by the fuzz test: an IndexError once; the bar closes the row above it
    lines = numbered("序号\t| --- |", "牵头单位\t| --- |\t具体内容", "|")
    assert texts(pipe_rows(lines)) == ["| 序号 | --- |", "| 牵头单位 | --- | 具体内容 |"]


def test_header_words_broken_by_spaces_are_joined():
    assert merge_spaced_words(["完", "成", "时", "限"]) == ["完成时限"]
    assert merge_spaced_words(["序号", "责任", "单位"]) == ["序号", "责任单位"]
    assert merge_spaced_words(["序号", "推进工作"]) is None


def test_cells_of_a_glued_row_are_found_from_the_right():
    cmap = map_header(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    assert guess_cells("1推进紧密型县域医共体建设县卫健局县医保局、县财政局2025年9月底前", cmap) == [
        "1",
        "推进紧密型县域医共体建设",
        "县卫健局",
        "县医保局、县财政局",
        "2025年9月底前",
    ]
    assert peel_deadline("开展药品集中带量采购持续推进") == ("持续推进", "开展药品集中带量采购")
    assert peel_deadline("推进2025年") == ("", "推进2025年") or peel_deadline("推进2025年")[0] == "2025年"
    assert peel_units("推进公立医院薪酬制度改革市人社局、市卫健委") == ("市人社局、市卫健委", "推进公立医院薪酬制度改革")


def test_a_glued_table_becomes_tab_rows_on_the_lines_it_came_from():
    lines = numbered("序号重点任务责任单位完成时限1推进薪酬制度改革市人社局2025年底前2开展带量采购市医保局持续推进")
    got = glued_table(lines)
    assert texts(got) == [
        "序号\t重点任务\t责任单位\t完成时限",
        "1\t推进薪酬制度改革\t市人社局\t2025年底前",
        "2\t开展带量采购\t市医保局\t持续推进",
    ]
    assert all(span == (1, 1) for span, _ in got)


def test_a_header_alone_above_paragraph_cells_is_left_to_the_stream_reader():
    lines = numbered("序号重点任务责任单位完成时限", "1", "推进薪酬制度改革。", "市人社局", "2025年底前")
    assert glued_table(lines) == lines


def test_numbered_items_glued_into_one_paragraph_are_split():
    text = "二、重点工作（一）服务能力1.建设卫生院。（责任单位：县卫健局）2.推进结算。（县医保局牵头）（二）公共卫生3.开展体检。（县卫健局负责）"
    assert len(glued_item_starts(text)) == 6  # the heading it opens with, then items and sub-headings
    assert texts(split_glued_items(numbered(text))) == [
        "二、重点工作",
        "（一）服务能力",
        "1.建设卫生院。（责任单位：县卫健局）",
        "2.推进结算。（县医保局牵头）",
        "（二）公共卫生",
        "3.开展体检。（县卫健局负责）",
    ]
    # a quantity or a sub-point inside one item is no item number
    assert texts(split_glued_items(numbered("推进3.5万张床位建设，达到第1、2项标准的机构占比提升到80%以上。"))) == [
        "推进3.5万张床位建设，达到第1、2项标准的机构占比提升到80%以上。"
    ]


def test_a_heading_glued_to_the_title_and_items_glued_to_it_are_split():
    text = (
        "临川区2025年卫生健康重点任务清单一、夯实基层网底1.新建村卫生室8所。（责任单位：区卫健局）"
        "2.推进乡村医生参加养老保险。（责任单位：区人社局）二、加强慢病管理3.65岁以上老年人体检率达到70%。"
        "（责任单位：区疾控中心）7.开展高血压患者随访。（责任单位：各乡镇卫生院）"
    )
    assert texts(split_glued_items(numbered(text))) == [
        "临川区2025年卫生健康重点任务清单",
        "一、夯实基层网底",
        "1.新建村卫生室8所。（责任单位：区卫健局）",
        "2.推进乡村医生参加养老保险。（责任单位：区人社局）",
        "二、加强慢病管理",
        "3.65岁以上老年人体检率达到70%。（责任单位：区疾控中心）",  # item 3, not a quantity 3.65
        "7.开展高血压患者随访。（责任单位：各乡镇卫生院）",  # an excerpt skips items 4 to 6
    ]


def test_quantities_and_lists_inside_an_item_are_no_item_numbers():
    text = "1.床位使用率提高到85.5%，达到1、2级标准。（责任单位：县卫健局）2.提高二、三级医院基本药物使用比例。（责任单位：县医保局）"
    assert texts(split_glued_items(numbered(text))) == [
        "1.床位使用率提高到85.5%，达到1、2级标准。（责任单位：县卫健局）",
        "2.提高二、三级医院基本药物使用比例。（责任单位：县医保局）",
    ]
    # a short line holding two items is split too
    assert texts(split_glued_items(numbered("1.制定方案。（责任单位：市卫健委）2.开展督导。（责任单位：市医保局）"))) == [
        "1.制定方案。（责任单位：市卫健委）",
        "2.开展督导。（责任单位：市医保局）",
    ]


def test_a_label_alone_on_its_line_is_joined_to_its_value_but_a_header_run_is_not():
    got = join_label_lines(numbered("具体任务", "推进康复科建设。", "责任单位", "县卫健局", "完成时限", "2025年10月底前"))
    assert texts(got) == ["具体任务：推进康复科建设。", "责任单位：县卫健局", "完成时限：2025年10月底前"]
    assert got[1][0] == (3, 4)
    header = numbered("序号", "重点任务", "责任单位", "完成时限", "1")
    assert join_label_lines(header) is header


def test_a_page_cut_inside_the_last_unit_parenthesis_is_closed():
    got = close_cut_parenthesis(numbered("1.推进健康促进。（责任单位：区卫健局、区科协", ""))
    assert texts(got) == ["1.推进健康促进。（责任单位：区卫健局、区科协）", ""]
    prose = numbered("做好宣传（详见附件")
    assert close_cut_parenthesis(prose) == prose


def test_normalize_keeps_the_input_line_numbers():
    norm = normalize(["标题", "序号 | 工作任务 | 牵头单位 | 完成时限 |", "1 | 推进 | 市卫健委 | 2025年", "底前 |"])
    assert norm.lines[2] == "| 1 | 推进 | 市卫健委 | 2025年<br>底前 |"
    assert norm.span(3, 3) == (3, 4)


def test_a_pipe_header_broken_after_a_closed_cell_takes_its_last_words_back():
    lines = numbered(
        "| 某局政府信息主动公开事项目录 | ||||||",
        "| 序号 | 事项名称 | 公开内容 | 公开时限 | 公开责任 |",
        "公开方式 |",
        "| 1 | 机构职能 | 本局职能和内设机构。 | 20个工作日内 | 办公室 | 政府网站 |",
        "| 2 | 财政资金 | 年度部门预算和决算。 | 20个工作日内 | 规划财务科 | 政府网站 |",
    )
    out = pipe_rows(lines)
    header = next(t for _, t in out if "序号" in t)
    assert header == "| 序号 | 事项名称 | 公开内容 | 公开时限 | 公开责任 | 公开方式 |"
    assert next(s for s, t in out if "序号" in t) == (2, 3)  # the joined header keeps both lines
    assert not any(t.strip() == "公开方式 |" for _, t in out)


def test_a_line_after_a_pipe_header_that_holds_text_is_no_header_tail():
    lines = numbered(
        "| 序号 | 工作任务 | 责任单位 |",
        "做好政务公开培训。 |",
        "| 1 | 开展业务培训。 | 办公室 |",
        "| 2 | 更新公开目录。 | 各股室 |",
    )
    header = next(t for _, t in pipe_rows(lines) if "序号" in t)
    assert "做好政务公开培训" not in header

def starts(text: str) -> list[str]:
    return [text[at : at + 3] for at in glued_item_starts(text)]


def test_an_excerpt_that_skips_items_and_headings_is_cut_at_each():
    text = (
        "二、重点任务（一）完善服务体系1.建设县级中医医院，（责任单位：县卫健局）"
        "2.加强基层中医馆建设，（责任单位：县卫健局、县财政局）"
        "（四）发展中医药产业9.培育道地药材基地，（责任单位：县农业农村局）"
        "12.推进中药材市场建设，（责任单位：县商务局）三、组织实施"
    )
    assert starts(text) == ["二、重", "（一）", "1.建", "2.加", "（四）", "9.培", "12.", "三、组"]


def test_an_item_number_before_the_digits_of_a_year_starts_an_item_after_a_sentence():
    text = "（一）扩大医保覆盖面。1、2023年，城镇职工医保参保率达90%以上。（市人社局负责）2、2024年，居民医保全覆盖。（市医保局负责）"
    assert starts(text) == ["（一）", "1、2", "2、2"]


def test_a_number_before_digits_inside_a_sentence_is_no_item():
    text = "1.做好6、7月份的疫苗接种。（县疾控中心负责）2.开展健康教育。（县卫健局负责）"
    assert starts(text) == ["1.做", "2.开"]


def test_a_markdown_row_broken_over_lines_is_put_back_by_counting_its_cells():
    lines = numbered(
        "| 事项类别 | 事项名称 | 公开内容 | 公开时限 | 公开责任 |",
        "|---|---|---|---|---|",
        "| 机构信息 |",
        "机构职能",
        "|",
        "本局职责及内设机构。 | 20个工作日内 | 办公室 |",
        "| 机构信息 | 联系方式 | 办公地址和电话。 | 10个工作日内 | 办公室 |",
        "| 政策文件 |",
        "规范性",
        "文件",
        "|",
        "本局文件及解读。 | 7个工作日内 | 待遇保障股 |",
        "| 监督",
    )
    got = broken_markdown_rows(lines)
    assert texts(got) == [
        "| 事项类别 | 事项名称 | 公开内容 | 公开时限 | 公开责任 |",
        "|---|---|---|---|---|",
        "| 机构信息 | 机构职能 | 本局职责及内设机构。 | 20个工作日内 | 办公室 |",
        "| 机构信息 | 联系方式 | 办公地址和电话。 | 10个工作日内 | 办公室 |",
        "| 政策文件 | 规范性<br>文件 | 本局文件及解读。 | 7个工作日内 | 待遇保障股 |",
        "| 监督",  # cut by the end of the page: left as printed
    ]
    assert got[2][0] == (3, 6)  # the row keeps every input line it came from


def test_a_broken_row_that_runs_into_a_whole_row_is_left_as_printed():
    lines = numbered(
        "| 序号 | 工作任务 | 责任单位 |",
        "| 1 |",
        "| 2 | 推进医共体建设 | 县卫健局 |",
    )
    assert broken_markdown_rows(lines) == lines


def test_a_spaced_header_cell_is_closed_up_beside_other_header_cells_only():
    lines = numbered("序号", "", "主 要 工 作 任 务", "", "责任单位")
    assert texts(spaced_header_cells(lines)) == ["序号", "", "主要工作任务", "", "责任单位"]
    alone = numbered("某 市 卫 生 健 康 委", "", "通 知 如 下")
    assert texts(spaced_header_cells(alone)) == texts(alone)


def test_a_spaced_task_header_does_not_turn_the_next_header_cell_into_a_label():
    got = normalize(["序号", "", "主 要 工 作 任 务", "", "责任单位", "", "1", "", "推进医改。"]).lines
    assert "责任单位" in got and "1" in got


def test_a_glued_header_line_and_its_quarters_become_one_word_per_line():
    lines = numbered("主题：", "实事内容工作任务责任单位进展情况", "一季度二季度三季度四季度", "健康惠民为老年人体检。")
    got = glued_header_lines(lines)
    assert texts(got) == [
        "主题：", "实事内容", "工作任务", "责任单位", "进展情况", "一季度", "二季度", "三季度", "四季度",
        "健康惠民为老年人体检。",
    ]
    assert {span for span, t in got if t.endswith("季度")} == {(3, 3)}
    # quarters with no glued header above them, and prose, are left alone
    plain = numbered("一季度二季度三季度四季度", "推进工作任务落实。")
    assert glued_header_lines(plain) == plain


def test_a_header_whose_last_cell_broke_onto_the_next_line_is_joined_when_the_rows_are_that_wide():
    lines = numbered(
        "| 序号 | 事项名称 | 公开内容 | 公开时限 | 公开 责任 |",
        "公开链接 |",
        "| 1 | 机构信息 | 本局职能及内设机构。 | 20个工作日内。 | 办公室 | http://example.org/1 |",
        "| 2 | 人事信息 | 公开招聘公告。 | 7个工作日内。 | 人事股 | http://example.org/2 |",
    )
    got = broken_markdown_rows(lines)
    assert texts(got)[0] == "| 序号 | 事项名称 | 公开内容 | 公开时限 | 公开 责任 | 公开链接 |"
    assert got[0][0] == (1, 2)
    # rows as wide as the header alone: the line after it is not the header's
    narrow = numbered("| 序号 | 工作任务 | 责任单位 |", "备注 |", "| 1 | 推进医改。 | 县卫健局 |")
    assert broken_markdown_rows(narrow) == narrow
