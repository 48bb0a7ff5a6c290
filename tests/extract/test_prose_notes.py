"""Prose items as real copies print them: a deadline after the last unit, a first-is-lead
note that holds for the items below it (`下同`), and a last item cut off by the end of the copy."""

from __future__ import annotations

import pytest

from duban.extract import extract_path


def extract_text(tmp_path, text: str):
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return extract_path(str(path)).tasks


@pytest.mark.parametrize("close", [")", "）"])
def test_a_time_after_the_last_unit_is_the_deadline(tmp_path, close):
    tasks = extract_text(
        tmp_path,
        "2021年优化营商环境工作计划\n"
        f"1.推进政务服务事项一网通办。(牵头单位:州政务服务中心;责任单位:州司法局、州委编办,各县市人民政府,6月底完成{close}\n"
        f"2.压缩企业开办时间。(牵头单位:州市场监管局;责任单位:州税务局、州人社局,9月底前完成{close}\n",
    )
    assert [t.participating_units for t in tasks] == [["州司法局", "州委编办", "各县市人民政府"], ["州税务局", "州人社局"]]
    assert [t.deadline.due for t in tasks] == ["2021-06-30", "2021-09-30"]


def test_a_first_is_lead_note_holds_for_the_items_below(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.深化“放管服”改革，推进审批事项网上办理。责任单位:县发改局(首位单位为牵头单位,下同)、县财政局、县司法局\n"
        "2.推进“标准地”改革，盘活低效用地。责任单位:县自然资源局、县经信局、县住建局\n",
    )
    assert [(t.lead_units, t.participating_units) for t in tasks] == [
        (["县发改局"], ["县财政局", "县司法局"]),
        (["县自然资源局"], ["县经信局", "县住建局"]),
    ]


def test_without_a_note_a_lone_unit_list_all_leads(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.推进“标准地”改革，盘活低效用地。责任单位:县自然资源局、县经信局\n"
        "2.深化审批改革。责任单位:县发改局、县司法局\n",
    )
    assert [(t.lead_units, t.participating_units) for t in tasks] == [
        (["县自然资源局", "县经信局"], []),
        (["县发改局", "县司法局"], []),
    ]


def test_a_last_item_cut_before_its_labels_is_kept_with_a_doubt(tmp_path):
    tasks = extract_text(
        tmp_path,
        "一、主要预期目标\n"
        "1.地区生产总值增长6%左右。\n牵头单位:区发改局\n责任单位:各街道\n"
        "2.一般公共预算收入增长8%左右。\n牵头单位:区财政局\n责任单位:区税务局\n"
        "3.其他主要经济指标不低于全市平均水平。\n",
    )
    assert [t.seq for t in tasks] == ["1", "2", "3"]
    assert tasks[2].lead_units == [] and "row_may_continue" in tasks[2].doubts
    assert "row_may_continue" not in tasks[0].doubts


def test_a_last_item_cut_inside_its_unit_parenthesis_keeps_the_whole_names(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.全面实施行政许可事项清单管理。(市政府办公室牵头,市级各有关部门按职责分工负责)\n"
        "2.深化相对集中行政许可权改革。(市政府办公室、市",
    )
    assert [t.content for t in tasks] == ["全面实施行政许可事项清单管理。", "深化相对集中行政许可权改革。"]
    assert tasks[1].lead_units == ["市政府办公室"] and "row_may_continue" in tasks[1].doubts


@pytest.mark.parametrize(
    "tail",
    [
        "3.请各单位于每季度末报送进展情况。\n特此通知。\n",  # text after it: not a cut copy
        "5.其他主要经济指标不低于全市平均水平。\n",  # not the next number
        "二、保障措施\n",  # a heading
    ],
)
def test_a_trailing_line_that_is_no_cut_item_is_no_task(tmp_path, tail):
    tasks = extract_text(
        tmp_path,
        "1.地区生产总值增长6%左右。\n牵头单位:区发改局\n"
        "2.一般公共预算收入增长8%左右。\n牵头单位:区财政局\n" + tail,
    )
    assert [t.seq for t in tasks] == ["1", "2"]


def test_a_last_item_whose_own_words_are_cut_is_no_task(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.实行医疗联合体网格化管理。(市卫生健康委负责)\n"
        "2.落实不同医疗机构功能定位。(市卫生健康委、市医保局负责)\n"
        "3.完善价格和医保支付政策引导合理就医。按照国家统一部署,继续实施\n",
    )
    assert [t.seq for t in tasks] == ["1", "2"]


def test_several_units_made_leads_by_rule_8_are_marked_guessed(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.推进紧密型县域医共体建设。（县卫健局、县医保局）\n"
        "2.完善家庭医生签约服务。（县卫健局牵头，县医保局配合）\n"
        "3.加强基层人才队伍建设。（县卫健局、县人社局按职责分工负责）\n"
        "4.推进检查检验结果互认。（县卫健局）\n",
    )
    assert [t.lead_units for t in tasks] == [["县卫健局", "县医保局"], ["县卫健局"], ["县卫健局", "县人社局"], ["县卫健局"]]
    assert ["units_guessed" in t.doubts for t in tasks] == [True, False, True, False]


def test_a_person_label_in_the_unit_parenthesis_gives_a_leader(tmp_path):
    tasks = extract_text(
        tmp_path,
        "1.修订机关内部管理制度汇编。（牵头部门：办公室，协助部门：人事处、财务处，主管领导：王某某）\n"
        "2.完成年度预算编制。（牵头部门：财务处，主管领导：李某、赵某某）\n",
    )
    assert [(t.lead_units, t.participating_units, t.leaders) for t in tasks] == [
        (["办公室"], ["人事处", "财务处"], ["王某某"]),
        (["财务处"], [], ["李某", "赵某某"]),
    ]


def test_a_covering_sentence_on_the_item_line_names_its_units(tmp_path):
    tasks = extract_text(
        tmp_path,
        "（一）完成老旧小区雨污分流改造12个。以上工作由区住建局负责，各街道配合。\n"
        "（二）新建口袋公园5个。以上工作由区城管局负责。\n",
    )
    assert [(t.lead_units, t.participating_units) for t in tasks] == [(["区住建局"], ["各街道"]), (["区城管局"], [])]


@pytest.mark.parametrize(
    "text",
    [
        # a unit as the subject of a sentence outside a 职责分工 section assigns nothing
        "一、工作要求\n（一）加强组织领导。县卫健局负责统筹协调，各医疗机构要高度重视。\n"
        "（二）强化宣传引导。通过多种形式普及健康知识。\n",
        # the issuer's signature over the date heads no duty list, even before a 清单
        "某县卫生健康局\n2024年3月1日\n附件：2024年度卫生健康工作任务清单\n"
        "1.完善基层医疗卫生服务体系。\n2.提升公共卫生服务能力。\n",
        # a unit heading outside a 职责分工 section: the body's make-up, no duty
        "一、组织机构\n（一）县创建工作领导小组\n组长由县长担任，副组长由分管副县长担任。\n"
        "（二）领导小组办公室\n办公室设在县卫健局，办公室主任由县卫健局局长兼任。\n",
    ],
)
def test_wording_that_assigns_nothing_gives_no_task(tmp_path, text):
    from duban.extract import ExtractError

    with pytest.raises(ExtractError):
        extract_text(tmp_path, text)


def test_items_whose_covering_sentence_the_cut_left_out_are_kept_without_units(tmp_path):
    tasks = extract_text(
        tmp_path,
        "一、改善群众就医环境\n"
        "（一）改造门诊大厅，增设自助服务终端20台。\n"
        "以上工作由区人民医院负责，区卫健局配合。\n"
        "二、提升基层服务能力\n"
        "（一）为村卫生室配备基本诊疗设备。\n"
        "（二）组织乡村医生轮训，全年培训300人次。\n"
        "（三）推进紧密型县域医共体建",
    )
    assert [(t.category, t.seq, t.lead_units) for t in tasks] == [
        ("改善群众就医环境", "1", ["区人民医院"]),
        ("提升基层服务能力", "1", []),
        ("提升基层服务能力", "2", []),
    ]
    assert all("row_may_continue" in t.doubts for t in tasks[1:])


def test_without_a_cut_items_no_sentence_covers_are_no_tasks(tmp_path):
    tasks = extract_text(
        tmp_path,
        "（一）改造门诊大厅，增设自助服务终端20台。\n"
        "以上工作由区人民医院负责。\n"
        "（二）为村卫生室配备基本诊疗设备。\n"
        "（三）组织乡村医生轮训。\n",
    )
    assert [t.seq for t in tasks] == ["1"]


def test_an_item_of_a_duty_section_that_names_no_unit_is_still_a_duty(tmp_path):
    tasks = extract_text(
        tmp_path,
        "三、职责分工\n"
        "（一）区卫生监督所负责现场检查，区疾控中心负责样品检测。\n"
        "（二）各医疗机构对照要求开展自查自纠。\n"
        "四、保障措施\n"
        "（一）加强组织领导，确保检查工作落到实处。\n",
    )
    assert [(t.category, t.seq, t.lead_units) for t in tasks] == [
        ("职责分工", "1", ["区卫生监督所", "区疾控中心"]),
        ("职责分工", "2", []),
    ]


def test_numbered_unit_headings_of_a_duty_section_head_their_paragraphs(tmp_path):
    tasks = extract_text(
        tmp_path,
        "二、职责分工\n"
        "1.区教育局\n负责组织各中小学校开展近视防控宣传教育。\n"
        "2.区卫健局：负责组织眼科医生进校园开展视力筛查。\n"
        "3.区体育局\n配合做好学生课外体育活动场地开放工作。\n"
        "三、工作要求\n1.加强领导。各单位要高度重视。\n",
    )
    assert [(t.seq, t.content, t.lead_units) for t in tasks] == [
        ("1", "负责组织各中小学校开展近视防控宣传教育。", ["区教育局"]),
        ("2", "负责组织眼科医生进校园开展视力筛查。", ["区卫健局"]),
        ("3", "配合做好学生课外体育活动场地开放工作。", ["区体育局"]),
    ]
