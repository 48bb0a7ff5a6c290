"""Builds this folder's test documents from the seeds' gold extractions, with hand-chosen edits,
and writes the expected answers next to them. Run once; the outputs are committed.

- ``county_004.json``: 响水县's re-issue of 盐城's 2022 plan (seed 004): ten tasks dropped, five
  deadlines later, five targets lower, units 市→县, wording changed (word swaps everywhere,
  thirteen tasks rewritten by hand). Expected: the upper seq each lower task implements, and the
  gap report.
- ``revised_003.json``: an adjustment of 荆门's plan (seed 003) with five kinds of change (lead
  units, participating units, deadline, target, wording), one task dropped, one added,
  renumbered. Expected: per original seq the changed fields.
- ``next_year_000.json``: 岳阳's 2021 倒排表 after the 2020 one (seed 000): two tasks dropped,
  two new, milestones moved to 2021 (same months), some milestones, a target and a lead changed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
GOLD = Path("/work/shared/gold")


def gold(stem: str) -> dict:
    (path,) = GOLD.glob(f"{stem}*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    for task in data["tasks"]:
        task.pop("source_lines", None)
    return data


def by_seq(data: dict) -> dict[str, dict]:
    return {t["seq"]: t for t in data["tasks"]}


def write(name: str, data: dict) -> None:
    (HERE / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


# --- county re-issue of 004 -------------------------------------------------------------------

COUNTY_DROPPED = ["2", "9", "17", "23", "38", "47", "58", "71", "84", "92"]
COUNTY_LATER = {"5": "2023年6月底前", "6": "2023年3月底前", "29": "2022年11月底前",
                "30": "2023年6月底前", "45": "2023年3月底前"}
COUNTY_LOWER = {"12": ("达到75%", "达到70%"), "26": ("和80%", "和70%"),
                "73": ("不低于93元", "不低于90元"), "97": ("90%以上", "85%以上"),
                "100": ("70%以上", "60%以上")}
WORD_SWAPS = [("全市", "全县"), ("市级", "县级"), ("市直", "县直"), ("加快推进", "加速推进"),
              ("进一步", "更加"), ("贯彻落实", "认真落实"), ("稳妥有序", "稳步"),
              ("积极", "主动"), ("加强", "强化"), ("健全", "完善"), ("推动", "推进"),
              ("力争", "努力"), ("深入", "扎实"), ("持续", "继续"), ("统筹", "整体")]
HAND = {
    "1": "根据人事变动情况，及时调整县深化医改暨综合医改试点工作领导小组组成人员。",
    "4": "建立我县推广三明医改经验的任务台账，定期调度、跟踪监测落实情况。",
    "5": "结合我县实际，认真执行医疗服务价格动态调整机制实施方案。",
    "8": "做好药事管理和药学服务工作，对药事服务费新增项目的内涵、临床意义、操作规范、人力消耗、耗时和风险程度开展调研测算。",
    "15": "按公立医院人员总额核定标准，动态调整县级公立医院事业编制和备案制人员控制数；现有编外聘用专业技术人员符合条件的，可通过公开招聘择优录用并纳入编制管理。",
    "20": "整体推进县域公共卫生机构、基层医疗卫生机构等领域的薪酬制度改革。",
    "33": "主动对接市一院创建省级区域医疗中心工作，支持县人民医院与市一院开展合作交流，提升县级医院服务能力。",
    "40": "支持县人民医院设置达到二级以上专科医院水平的精神病、儿童、老年病、康复专科。",
    "50": "发挥医院基层党组织政治功能，提升党支部组织力，建立党支部参与科室重大事项决策制度，培育党支部书记“双带头人”。",
    "64": "落实县级公立医院公共卫生职责，推进医防融合，建设分层级、分区域的应急医疗救治体系。",
    "70": "开展高血压、高血糖、高血脂“三高”共管试点工作，完善慢病健康管理适宜技术和服务模式，推进基层慢病医防融合。",
    "88": "培养中医药骨干人才和后备人才，落实中药特色人才、中医护理骨干培养项目，加强中医临床研究，优化中医药人才梯队，继续推进名老中医工作室建设。",
    "99": "配合市里深化“城市驾驶舱”卫生健康分舱建设，做好县域医疗健康应用场景开发。",
}


def county_units(names: list[str]) -> list[str]:
    return [("县" + n[1:]) if n.startswith("市") else n for n in names]


def reword(text: str) -> str:
    for old, new in WORD_SWAPS:
        text = text.replace(old, new)
    return re.sub(r"(?<![城超])市(?=[一二三四五卫医财人发])", "县", text)


def county() -> None:
    city = gold("004")
    lower_tasks, links = [], []
    for task in city["tasks"]:
        seq = task["seq"]
        if seq in COUNTY_DROPPED:
            continue
        new = copy.deepcopy(task)
        content = HAND.get(seq) or reword(task["content"])
        if seq in COUNTY_LOWER:
            old, lower = COUNTY_LOWER[seq]
            assert old in content, (seq, content)
            content = content.replace(old, lower)
        new["content"] = content
        new["lead_units"] = county_units(task["lead_units"])
        new["participating_units"] = county_units(task["participating_units"])
        deadline = COUNTY_LATER.get(seq) or task["deadline"]["text"]
        new["deadline"] = {"text": deadline}
        new["seq"] = str(len(lower_tasks) + 1)
        new["indicators"] = []
        lower_tasks.append(new)
        links.append({"lower_seq": new["seq"], "upper_seq": seq})
    document = {"title": "响水县2022年深化医药卫生体制改革重点任务分解表",
                "issuer": "响水县人民政府办公室", "doc_number": "响政办发〔2022〕71号",
                "issued_on": "2022-10-10"}
    write("county_004.json", {"document": document, "tasks": lower_tasks})
    lower_of = {link["upper_seq"]: link["lower_seq"] for link in links}
    write("county_004_expected.json", {
        "links": links,
        "upper_without_lower": COUNTY_DROPPED,
        "later_deadlines": sorted((lower_of[s] for s in COUNTY_LATER), key=int),
        "lower_targets": sorted((lower_of[s] for s in COUNTY_LOWER), key=int),
    })


# --- revised notice of 003 --------------------------------------------------------------------

REVISED = {
    "2": {"lead_units": ["市民政局"]},
    "12": {"lead_units": ["市人社局"]},
    "5": {"participating_units": ["市卫健委", "市财政局"]},
    "29": {"participating_units": ["市科技局"]},
    "1": {"deadline": "2022年10月底前"},
    "21": {"deadline": "2023年6月底前"},
    "4": {"deadline": "2023年12月底前"},
    "15": {"replace": ("达到70%", "达到80%")},
    "24": {"content": "打造专科专病协同错位发展的“荆门样板”，形成区域特色优势。"},
    "32": {"replace": ("关心关爱医务人员行动", "关爱医务人员行动")},
}
REVISED_FIELDS = {"2": ["lead"], "12": ["lead"], "5": ["participating"],
                  "29": ["participating"], "1": ["deadline"], "21": ["deadline"],
                  "4": ["deadline"], "15": ["content", "target"], "24": ["content"],
                  "32": ["content"]}
REVISED_DROPPED = ["27"]
REVISED_NEW = {"content": "建立公立医院高质量发展评价指标体系，按年度开展评价并通报结果。",
               "lead_units": ["市卫健委"], "participating_units": ["市医保局"],
               "deadline": {"text": "2022年12月底前"}, "milestones": [], "target": None,
               "indicators": [], "category": "加强组织领导"}


def revised() -> None:
    base = gold("003")
    tasks = []
    for task in base["tasks"]:
        seq = task["seq"]
        if seq in REVISED_DROPPED:
            continue
        new = copy.deepcopy(task)
        edit = REVISED.get(seq, {})
        for key in ("lead_units", "participating_units", "content"):
            if key in edit:
                new[key] = edit[key]
        if "deadline" in edit:
            new["deadline"] = {"text": edit["deadline"]}
        if "replace" in edit:
            old, replacement = edit["replace"]
            assert old in new["content"], seq
            new["content"] = new["content"].replace(old, replacement)
        new["indicators"] = []
        tasks.append(new)
        if seq == "3":
            tasks.append(copy.deepcopy(REVISED_NEW))
    for index, task in enumerate(tasks, start=1):
        task["seq"] = str(index)
    document = {"title": "荆门市推进公立医院高质量发展重点任务责任分工（调整）"}
    write("revised_003.json", {"document": document, "tasks": tasks})
    write("revised_003_expected.json", {"changed": REVISED_FIELDS, "dropped": REVISED_DROPPED,
                                        "new": [REVISED_NEW["content"]]})


# --- next year's 000 --------------------------------------------------------------------------

NEXT_DROPPED = [2, 9]  # positions (0-based) in 000
NEXT_MILESTONES = {0: {"2020-09-30": "修订完善突发公共卫生事件应急预案，开展一次综合演练。"},
                   6: {"2020-12-31": "完成紧密型县域医共体建设年度评估。"}}
NEXT_TARGET = {6: ("达到90%", "达到92%")}
NEXT_LEAD = {7: ["市医保局"]}
NEXT_NEW = [
    {"category": "加强公共卫生体系建设", "content": "推进市疾控中心实验室检测能力提升，建成生物安全二级实验室。",
     "lead_units": ["市卫健委"], "participating_units": ["市发改委"], "target": "建成生物安全二级实验室。",
     "milestones": [{"due": "2021-06-30", "text": "完成设计方案。"},
                    {"due": "2021-12-31", "text": "完成建设并通过验收。"}]},
    {"category": "推进医保重点改革", "content": "推进按疾病诊断相关分组付费国家试点。",
     "lead_units": ["市医保局"], "participating_units": ["市卫健委"], "target": "完成模拟运行。",
     "milestones": [{"due": "2021-09-30", "text": "开展模拟运行。"}]},
]


def next_year() -> None:
    base = gold("000")
    tasks, expected = [], {"carried": {}, "dropped": [], "new": [t["content"] for t in NEXT_NEW]}
    for position, task in enumerate(base["tasks"]):
        if position in NEXT_DROPPED:
            expected["dropped"].append(task["content"])
            continue
        new = copy.deepcopy(task)
        changed = []
        for milestone in new["milestones"]:
            replacement = NEXT_MILESTONES.get(position, {}).get(milestone["due"])
            if replacement:
                milestone["text"] = replacement
            milestone["due"] = "2021" + milestone["due"][4:]
        if position in NEXT_MILESTONES:
            changed.append("milestones")
        if position in NEXT_LEAD:
            new["lead_units"] = NEXT_LEAD[position]
            changed.append("lead")
        if position in NEXT_TARGET:
            old, replacement = NEXT_TARGET[position]
            new["target"] = new["target"].replace(old, replacement)
            changed.append("target")
        new["indicators"] = []
        tasks.append(new)
        expected["carried"][task["content"]] = sorted(changed)
    for extra in NEXT_NEW:
        tasks.append({"seq": None, "deadline": {"text": None}, "indicators": [], **extra})
    document = {"title": "岳阳市2021年度公立医院综合改革真抓实干任务倒排表",
                "issuer": "岳阳市深化医药卫生体制改革领导小组",
                "doc_number": "岳医改领发〔2021〕2号", "issued_on": "2021-04-20"}
    write("next_year_000.json", {"document": document, "tasks": tasks,
                                 "header": gold_header("000")})
    write("next_year_000_expected.json", expected)


def gold_header(stem: str) -> list[str]:
    import sys

    sys.path.insert(0, str(HERE.parents[1]))
    from builders import load_case

    return load_case(stem)["header"]


if __name__ == "__main__":
    county()
    revised()
    next_year()
