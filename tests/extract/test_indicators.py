"""Quantified targets in content and target -> Indicators (spec/extraction.md, "indicators")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.extract.indicators import text_to_indicators

GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold"

CASES = [
    ("新增床位1.5万张", [(1.5, "万张", "=")], "a 万 amount keeps its 万 (issue 12, item 6)"),
    ("新建养老床位0.8万张以上", [(0.8, "万张", ">=")], "万 before any unit"),
    ("完成投资2.3亿元", [(2.3, "亿元", "=")], "亿"),
    ("DRG付费占医疗机构病种数达到75%", [(75, "%", ">=")], "达到"),
    ("达到每人每年不低于740元", [(740, "元", ">=")], "不低于"),
    ("力争新建成34个省级临床重点专科", [(34, "个", "=")], "a bare count"),
    ("参保率稳定在98.5%以上", [(98.5, "%", ">=")], "decimal and 以上"),
    ("确保每万名居民至少有2名全科医生", [(2, "名", ">=")], "至少 a few words before"),
    ("降低药占比（不含中药饮片）达30%左右", [(30, "%", "=")], "左右 beats 达"),
    ("百元医疗收入（不含药品）中卫生耗材降到18元左右", [(18, "元", "=")], "左右 beats 降到"),
    ("货到验收合格后30天内及时统一结算药款", [(30, "天", "<=")], "内"),
    ("卫生院、卫生室分别达70%、80%以上", [(70, "%", ">="), (80, "%", ">=")], "a shared 以上"),
    ("逐步将行政后勤人员占比减少至15%—10%", [(15, "%", "<="), (10, "%", "<=")], "a range"),
    (
        "中心卫生院最少建成5个临床科室和3个医技科室",
        [(5, "个", ">="), (3, "个", ">=")],
        "the second count takes 最少 across 和",
    ),
    ("基层医疗卫生机构规范化建设达标率100%", [(100, "%", "=")], "达标率 is no 达"),
    ("市、县党委常委会每年至少专题研究1次医改工作", [(1, "次", ">=")], "每年至少"),
    ("新建75级中医馆", [(75, "级", "=")], "级"),
    ("二级公立医院电子病历应用水平达3级以上标准", [(3, "级", ">=")], "级以上"),
    ("新增一批医院通过5级及以上电子病历", [(5, "级", ">=")], "及以上"),
    ("人均财政补助标准增加30元", [(30, "元", "=")], "an increase is a target"),
    ("比例不高于30%", [(30, "%", "<=")], "不高于"),
    ("孕产妇死亡率控制在10‰以下", [(10, "‰", "<=")], "per mille"),
    ("个人卫生支出占比下降2个百分点", [(2, "个百分点", "=")], "percentage points"),
    ("安排专项资金500万元", [(500, "万元", "=")], "万元"),
    ("总投资1.2亿元", [(1.2, "亿元", "=")], "亿元"),
    ("培训基层医务人员1,200人", [(1200, "人", "=")], "thousands separator"),
    ("新增床位200张床", [(200, "张床", "=")], "张床"),
    ("年内建成5家老年医院", [(5, "家", "=")], "家"),
    ("等3所综合医院转设为三级医院", [(3, "所", "=")], "所"),
    ("招收住院医师规范化培训学员200名左右", [(200, "名", "=")], "名 左右"),
    ("每千人口床位数达到6.5张", [(6.5, "张", ">=")], "每千人口 is no number"),
    ("人均预期寿命提高到78岁", [(78, "岁", ">=")], "an age as a target"),
    ("全市三级医院门诊预约率超过50%", [(50, "%", ">")], "超过"),
    ("平均住院日低于9天", [(9, "天", "<")], "低于"),
    ("政府办基层机构总数不少于100家", [(100, "家", ">=")], "不少于"),
    ("基本药物占比达３０％以上", [(30, "%", ">=")], "full-width digits and percent"),
    ("到2020年社会办医床位占比达20%以上", [(20, "%", ">=")], "the year is not one"),
    ("2023年1月起正式运行，2025年开展", [], "dates"),
    ("65岁及以上老年人城乡社区规范健康管理率达63%以上", [(63, "%", ">=")], "age qualifier"),
    ("各地按照每50万人口至少确定1个市级临床重点专科", [(1, "个", ">=")], "每50万人口 is a base"),
    ("推动“江苏医惠保1号”落地惠民", [], "a product name"),
    ("推动开展“5G+医疗健康”应用", [], "5G"),
    ("实行“5+3”“3+2”培养模式", [], "model names"),
    ("全面实施12类45项基本公共卫生服务", [], "a numbered list"),
    ("围绕医院管理和医生诊疗等5个方面", [], "the parts of a list"),
    ("持续开展疫情处置、个人防护等13个方面知识培训", [], "the parts of a list"),
    ("按照盐政办发〔2022〕58号文件", [], "document number"),
    ("落实《健康中国2030规划纲要》", [], "document name"),
    ("确定第3批试点单位", [], "ordinal"),
    ("完成二、三级公立医院绩效考核", [], "Chinese grades"),
    ("6个月内完成整改", [], "a duration in months"),
    ("", [], "empty"),
]


def triples(indicators):
    return [(i.value, i.unit, i.op) for i in indicators]


@pytest.mark.parametrize(("text", "expected", "note"), CASES)
def test_it_finds_indicators(text, expected, note):
    assert triples(text_to_indicators(text)) == expected, note


def test_it_counts_a_numbered_list_in_a_target():
    found = text_to_indicators("全面实施12类45项基本公共卫生服务", in_target=True)
    assert triples(found) == [(12, "类", "="), (45, "项", "=")]


def test_it_keeps_the_clause_as_text():
    found = text_to_indicators("优化参保结构，参保率稳定在98.5%以上，职工医保比例达22.5%")
    assert [i.text for i in found] == ["参保率稳定在98.5%以上", "职工医保比例达22.5%"]


def gold_tasks():
    """Gold tasks whose indicators are certain."""
    tasks = []
    for path in sorted(GOLD.glob("*.json")) if GOLD.exists() else []:
        for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]:
            if "indicators" not in (task.get("uncertain") or []):
                tasks.append(task)
    return tasks


def predicted_pairs(task):
    found = text_to_indicators(task["content"])
    if task.get("target"):
        found += text_to_indicators(task["target"], in_target=True)
    return {(float(i.value), i.unit) for i in found}


@pytest.mark.skipif(not gold_tasks(), reason="../shared/gold not present beside the checkout")
def test_it_finds_the_gold_indicators():
    hits = extra = missed = 0
    for task in gold_tasks():
        predicted = predicted_pairs(task)
        gold = {(float(i["value"]), i["unit"]) for i in task["indicators"]}
        hits += len(predicted & gold)
        extra += len(predicted - gold)
        missed += len(gold - predicted)
    f1 = 2 * hits / (2 * hits + extra + missed)
    print(
        f"gold indicator F1 on (value, unit): {f1:.3f} ({hits} hits, {extra} extra, {missed} missed)"
    )
    assert f1 >= 0.9


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet="0123456789.,%‰元个名级天以上下内左右达到不低于至少每第《》〔〕+、—", max_size=30
    )
)
def test_it_never_raises_on_odd_text(text):
    for indicator in text_to_indicators(text):
        assert indicator.op in {">=", "<=", "=", ">", "<"}
