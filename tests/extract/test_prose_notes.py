"""Notes inside a prose item's unit labels: a deadline after the last unit, and a
first-is-lead note that holds for the items below it (`下同`)."""

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
