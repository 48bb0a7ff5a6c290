"""Tests for duban.extract.units and duban.extract.unit_names: splitting, roles, parentheses.

SEED_CELLS holds every distinct unit cell of the four seed documents (shared/seeds) with the
hand-checked answer from shared/gold; the other tables cover each spec rule and layout, and a
property test feeds any list of whole names through every separator.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.extract.units import (
    UnitVocabulary,
    find_inner_roles,
    find_role_clauses,
    find_unit_parenthesis,
    is_unit_name,
    looks_incomplete,
    parse_roles,
    split_units,
)
from duban.reference import load

# (cell text as the seed prints it, gold unit list, where it comes from)
SEED_CELLS = [
    ("市卫健委", ["市卫健委"], "seed 000 line 22 lead"),
    (
        "<p>市突发公共卫生事件指挥部成员单位</p>",
        ["市突发公共卫生事件指挥部成员单位"],
        "seed 000 line 22 participating",
    ),
    ("市财政局 市医保局", ["市财政局", "市医保局"], "seed 000 line 25 participating"),
    ("市疾控中心", ["市疾控中心"], "seed 000 line 26 participating"),
    ("医改领导小组成员单位", ["医改领导小组成员单位"], "seed 000 line 27 participating"),
    ("市财政局", ["市财政局"], "seed 000 line 30 participating"),
    ("市医保局", ["市医保局"], "seed 000 line 31 lead"),
    ("市人社局", ["市人社局"], "seed 000 line 35 lead"),
    ("市卫健委 市财政局", ["市卫健委", "市财政局"], "seed 000 line 35 participating"),
    ("各县市区、市立医院", ["各县市区", "市立医院"], "seed 000 line 37 participating"),
    ("县卫计局", ["县卫计局"], "seed 001 seq 1 lead"),
    (
        "深化医改成员单位、相关工作部门",
        ["深化医改成员单位", "相关工作部门"],
        "seed 001 seq 1 participating",
    ),
    ("县医改办", ["县医改办"], "seed 001 seq 2 lead"),
    (
        "县卫计局、县编办、\n\n县人社局",
        ["县卫计局", "县编办", "县人社局"],
        "seed 001 seq 2 participating",
    ),
    (
        "县编办、县财政局、\n\n县人社局、县卫计局、各公立医院",
        ["县编办", "县财政局", "县人社局", "县卫计局", "各公立医院"],
        "seed 001 seq 3 participating",
    ),
    (
        "县财政局、县人社局、县审计局、县卫计局",
        ["县财政局", "县人社局", "县审计局", "县卫计局"],
        "seed 001 seq 4 participating",
    ),
    (
        "县发改局、财政局、人社局、县编办、县级公立医院、各卫生院",
        ["县发改局", "县财政局", "县人社局", "县编办", "县级公立医院", "各卫生院"],
        "seed 001 seq 5 participating",
    ),
    ("县财政局", ["县财政局"], "seed 001 seq 6 lead"),
    (
        "县卫计局、县财政局、各公立医院",
        ["县卫计局", "县财政局", "各公立医院"],
        "seed 001 seq 6 participating",
    ),
    ("县物价局", ["县物价局"], "seed 001 seq 7 lead"),
    (
        " 县物价局、县人社局、县卫计局，各公立医院",
        ["县物价局", "县人社局", "县卫计局", "各公立医院"],
        "seed 001 seq 7 participating",
    ),
    ("县人社局", ["县人社局"], "seed 001 seq 8 lead"),
    (
        "县人社局、县财政局、\n\n县卫计局、各公立医院",
        ["县人社局", "县财政局", "县卫计局", "各公立医院"],
        "seed 001 seq 8 participating",
    ),
    (
        "县人社局、县财政局、各公立医院、县卫计局、各镇办卫生院",
        ["县人社局", "县财政局", "各公立医院", "县卫计局", "各镇办卫生院"],
        "seed 001 seq 9 participating",
    ),
    (
        "县发改局、县民政局、县人社局、县国土局、县国税局、县卫计局、县地税局",
        ["县发改局", "县民政局", "县人社局", "县国土局", "县国税局", "县卫计局", "县地税局"],
        "seed 001 seq 10 participating",
    ),
    (
        "县财政局、县人社局、各医疗机构",
        ["县财政局", "县人社局", "各医疗机构"],
        "seed 001 seq 11 participating",
    ),
    (
        "县财政局、县人社局、县社保局、县卫计局、县合疗办、各医疗机构",
        ["县财政局", "县人社局", "县社保局", "县卫计局", "县合疗办", "各医疗机构"],
        "seed 001 seq 12 participating",
    ),
    ("县医改办办", ["县医改办办"], "seed 001 seq 13 lead"),
    (
        "县人社局、县编办、县财政局、\n\n县卫计局、县社保局、县合疗办",
        ["县人社局", "县编办", "县财政局", "县卫计局", "县社保局", "县合疗办"],
        "seed 001 seq 13 participating",
    ),
    (
        "县人社局、县民政局、县卫计局、 县大病保险经办机构、各医疗机构",
        ["县人社局", "县民政局", "县卫计局", "县大病保险经办机构", "各医疗机构"],
        "seed 001 seq 14 participating",
    ),
    (
        "县财政局、县人社局、县民政局、县扶贫局、县卫计局、各镇办、各医疗机构",
        ["县财政局", "县人社局", "县民政局", "县扶贫局", "县卫计局", "各镇办", "各医疗机构"],
        "seed 001 seq 15 participating",
    ),
    (
        "县人社局、县卫计局、 \n\n县社保局、县合疗办",
        ["县人社局", "县卫计局", "县社保局", "县合疗办"],
        "seed 001 seq 16 participating",
    ),
    (
        "县卫计局、 县市场监管局、各医疗机构",
        ["县卫计局", "县市场监管局", "各医疗机构"],
        "seed 001 seq 17 participating",
    ),
    (
        "县人社局、县财政局、县卫计局、 各卫生计生机构",
        ["县人社局", "县财政局", "县卫计局", "各卫生计生机构"],
        "seed 001 seq 19 participating",
    ),
    (
        "县社保局、县卫计局、县合疗办、各医疗卫生计生机构",
        ["县社保局", "县卫计局", "县合疗办", "各医疗卫生计生机构"],
        "seed 001 seq 20 participating",
    ),
    (
        "县财政局、县卫计局、\n\n各医疗卫生计生机构",
        ["县财政局", "县卫计局", "各医疗卫生计生机构"],
        "seed 001 seq 21 participating",
    ),
    (
        " 县卫计局、县公安局、县司法局、各镇办、县医调委、各医疗机构",
        ["县卫计局", "县公安局", "县司法局", "各镇办", "县医调委", "各医疗机构"],
        "seed 001 seq 22 participating",
    ),
    (
        "县发改局、县财政局、县卫计局、县人社局、各镇办、各医疗机构",
        ["县发改局", "县财政局", "县卫计局", "县人社局", "各镇办", "各医疗机构"],
        "seed 001 seq 23 participating",
    ),
    (
        "县人社局、县卫计局、\n\n县财政局、各医疗机构",
        ["县人社局", "县卫计局", "县财政局", "各医疗机构"],
        "seed 001 seq 24 participating",
    ),
    (
        "县发改局、县财政局、县卫计局、各镇办、各镇卫生院",
        ["县发改局", "县财政局", "县卫计局", "各镇办", "各镇卫生院"],
        "seed 001 seq 25 participating",
    ),
    (
        "县财政局、县卫计局、\n\n县人社局、各镇办",
        ["县财政局", "县卫计局", "县人社局", "各镇办"],
        "seed 001 seq 26 participating",
    ),
    (
        "县人社局、县财政局、\n\n县卫计局、各医疗机构",
        ["县人社局", "县财政局", "县卫计局", "各医疗机构"],
        "seed 001 seq 27 participating",
    ),
    (
        "县卫计局、县财政局、\n\n县人社局、各医疗机构",
        ["县卫计局", "县财政局", "县人社局", "各医疗机构"],
        "seed 001 seq 28 participating",
    ),
    (
        "县发改局、县财政局、县人社局、县卫计局、县科技局、县药办、各医疗机构",
        ["县发改局", "县财政局", "县人社局", "县卫计局", "县科技局", "县药办", "各医疗机构"],
        "seed 001 seq 29 participating",
    ),
    (
        "县发改局、县审计局、县财政局、县卫计局、各医疗机构",
        ["县发改局", "县审计局", "县财政局", "县卫计局", "各医疗机构"],
        "seed 001 seq 30 participating",
    ),
    ("县编办", ["县编办"], "seed 001 seq 31 lead"),
    (
        "县人社局、县卫计局、各医疗机构",
        ["县人社局", "县卫计局", "各医疗机构"],
        "seed 001 seq 31 participating",
    ),
    (
        "县人社局、县财政局、县卫计局、县电信公司、各医疗机构",
        ["县人社局", "县财政局", "县卫计局", "县电信公司", "各医疗机构"],
        "seed 001 seq 32 participating",
    ),
    ("县医改成员单位", ["县医改成员单位"], "seed 001 seq 33 participating"),
    (
        "县委督查室、县卫计局、县医改领导小组各成员单位",
        ["县委督查室", "县卫计局", "县医改领导小组各成员单位"],
        "seed 001 seq 34 participating",
    ),
    (
        "县卫计局、县委宣传部、\n\n县文广局、各医疗机构",
        ["县卫计局", "县委宣传部", "县文广局", "各医疗机构"],
        "seed 001 seq 35 participating",
    ),
    ("市政府办公室", ["市政府办公室"], "seed 003 seq 1 lead"),
    ("", [], "seed 003 seq 1 participating"),
    ("市委组织部", ["市委组织部"], "seed 003 seq 3 lead"),
    ("市委组织部\n市卫健委", ["市委组织部", "市卫健委"], "seed 003 seq 7 participating"),
    ("市委编办\n市卫健委", ["市委编办", "市卫健委"], "seed 003 seq 8 participating"),
    ("市委编办", ["市委编办"], "seed 003 seq 11 lead"),
    (
        "市财政局\n市人社局\n市教育局",
        ["市财政局", "市人社局", "市教育局"],
        "seed 003 seq 11 participating",
    ),
    ("市教育局", ["市教育局"], "seed 003 seq 12 lead"),
    ("市发改委", ["市发改委"], "seed 003 seq 20 participating"),
    ("市发改委\n市科技局", ["市发改委", "市科技局"], "seed 003 seq 29 participating"),
    ("市大数据局", ["市大数据局"], "seed 003 seq 30 participating"),
    (
        "市审计局\n市财政局\n市人社局",
        ["市审计局", "市财政局", "市人社局"],
        "seed 003 seq 31 participating",
    ),
    ("市委宣传部", ["市委宣传部"], "seed 003 seq 32 participating"),
    ("市财政局\n市卫健委", ["市财政局", "市卫健委"], "seed 003 seq 33 participating"),
    ("各项目主体单位", ["各项目主体单位"], "seed 003 seq 34 lead"),
    (
        "市发改委\n市财政局\n市行政审批局市住建局\n市自然资源局市生态环境局等",
        ["市发改委", "市财政局", "市行政审批局", "市住建局", "市自然资源局", "市生态环境局"],
        "seed 003 seq 34 participating",
    ),
    ("市医改办", ["市医改办"], "seed 004 seq 1 lead"),
    ("市医改领导小组各成员单位", ["市医改领导小组各成员单位"], "seed 004 seq 1 participating"),
    ("各级医改办", ["各级医改办"], "seed 004 seq 2 lead"),
    ("各级医改领导小组各成员单位", ["各级医改领导小组各成员单位"], "seed 004 seq 2 participating"),
    ("市卫生健康委", ["市卫生健康委"], "seed 004 seq 5 participating"),
    (
        "各级卫生健康、医保等部门",
        ["各级卫生健康部门", "各级医保部门"],
        "seed 004 seq 6 participating",
    ),
    ("各级医保部门", ["各级医保部门"], "seed 004 seq 7 participating"),
    ("各级卫生健康部门", ["各级卫生健康部门"], "seed 004 seq 9 participating"),
    (
        "各级医保、卫生健康等部门",
        ["各级医保部门", "各级卫生健康部门"],
        "seed 004 seq 10 participating",
    ),
    (
        "各级人社、卫生健康等部门",
        ["各级人社部门", "各级卫生健康部门"],
        "seed 004 seq 11 participating",
    ),
    ("各级机构\n\n编制部门", ["各级机构编制部门"], "seed 004 seq 15 lead"),
    (
        "市财政局、卫生健康委、医保局",
        ["市财政局", "市卫生健康委", "市医保局"],
        "seed 004 seq 16 participating",
    ),
    (
        "各级人社、\n\n卫生健康部门分别负责",
        ["各级人社部门", "各级卫生健康部门"],
        "seed 004 seq 17 lead",
    ),
    ("各级财政部门", ["各级财政部门"], "seed 004 seq 17 participating"),
    ("各级卫生\n\n健康部门", ["各级卫生健康部门"], "seed 004 seq 18 lead"),
    ("各级财政、人社等部门", ["各级财政部门", "各级人社部门"], "seed 004 seq 18 participating"),
    (
        "各级财政、人社、医保等部门",
        ["各级财政部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 19 participating",
    ),
    ("各级人社部门", ["各级人社部门"], "seed 004 seq 20 lead"),
    (
        "各级财政、卫生健康等部门",
        ["各级财政部门", "各级卫生健康部门"],
        "seed 004 seq 20 participating",
    ),
    (
        "市发改委、市场监管局、医保局",
        ["市发改委", "市市场监管局", "市医保局"],
        "seed 004 seq 21 participating",
    ),
    (
        "各级市场监管、医保等部门",
        ["各级市场监管部门", "各级医保部门"],
        "seed 004 seq 22 participating",
    ),
    (
        "各级市场监管、卫生健康等部门",
        ["各级市场监管部门", "各级卫生健康部门"],
        "seed 004 seq 28 participating",
    ),
    (
        "市发改委、财政局及各级卫生健康、发改、财政等部门",
        ["市发改委", "市财政局", "各级卫生健康部门", "各级发改部门", "各级财政部门"],
        "seed 004 seq 30 participating",
    ),
    (
        "市财政局、人社局、医保局",
        ["市财政局", "市人社局", "市医保局"],
        "seed 004 seq 31 participating",
    ),
    (
        "市发改委、财政局、人社局、医保局",
        ["市发改委", "市财政局", "市人社局", "市医保局"],
        "seed 004 seq 33 participating",
    ),
    ("市人社局、医保局", ["市人社局", "市医保局"], "seed 004 seq 35 participating"),
    ("委编办、人社局、医保局", ["委编办", "人社局", "医保局"], "seed 004 seq 37 participating"),
    (
        "各级发改、财政、人社、医保部门",
        ["各级发改部门", "各级财政部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 38 participating",
    ),
    (
        "各级发改、财政、人社、医保等部门",
        ["各级发改部门", "各级财政部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 43 participating",
    ),
    (
        "各级机构编制、发改、财政、人社、医保等部门",
        ["各级机构编制部门", "各级发改部门", "各级财政部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 48 participating",
    ),
    ("各级党委组织部门", ["各级党委组织部门"], "seed 004 seq 49 participating"),
    (
        "各级机构编制、人社、医保等部门",
        ["各级机构编制部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 52 participating",
    ),
    ("各级财政、医保等部门", ["各级财政部门", "各级医保部门"], "seed 004 seq 56 participating"),
    (
        "各级机构编制、发改、财政、人社等部门",
        ["各级机构编制部门", "各级发改部门", "各级财政部门", "各级人社部门"],
        "seed 004 seq 60 participating",
    ),
    (
        "各级机构编制、人社等部门",
        ["各级机构编制部门", "各级人社部门"],
        "seed 004 seq 61 participating",
    ),
    (
        "各级机构编制、财政、人社、医保等部门",
        ["各级机构编制部门", "各级财政部门", "各级人社部门", "各级医保部门"],
        "seed 004 seq 74 participating",
    ),
    (
        "各级人社、财政、医保等部门",
        ["各级人社部门", "各级财政部门", "各级医保部门"],
        "seed 004 seq 75 participating",
    ),
    (
        "各级财政、卫生健康、银保监等部门",
        ["各级财政部门", "各级卫生健康部门", "各级银保监部门"],
        "seed 004 seq 82 participating",
    ),
    (
        "各级财政、工信、市场监管等部门",
        ["各级财政部门", "各级工信部门", "各级市场监管部门"],
        "seed 004 seq 84 participating",
    ),
    ("市财政局、科技局", ["市财政局", "市科技局"], "seed 004 seq 92 participating"),
    (
        "各级党委组织部、机构编制、财政、人社等部门",
        ["各级党委组织部", "各级机构编制部门", "各级财政部门", "各级人社部门"],
        "seed 004 seq 93 participating",
    ),
    (
        "各级机构编制、财政、人社等部门",
        ["各级机构编制部门", "各级财政部门", "各级人社部门"],
        "seed 004 seq 95 participating",
    ),
    (
        "各级机构编制、财政、民政、发改等部门",
        ["各级机构编制部门", "各级财政部门", "各级民政部门", "各级发改部门"],
        "seed 004 seq 96 participating",
    ),
    ("各级民政部门", ["各级民政部门"], "seed 004 seq 97 participating"),
    ("市工信局、财政局", ["市工信局", "市财政局"], "seed 004 seq 99 participating"),
    ("各级医保、工信等部门", ["各级医保部门", "各级工信部门"], "seed 004 seq 102 participating"),
]

SPLIT_CASES = [
    # a body's own departments are one name with it (issue 12, item 6)
    ("县政府有关部门", ["县政府有关部门"], "X有关部门 is one name"),
    ("区政府有关部门，各街道", ["区政府有关部门", "各街道"], "X有关部门 in a list"),
    # 各 shared by kinds of body; prefixes and suffixes stay inside a comma group
    ("各乡镇人民政府、街道办事处", ["各乡镇人民政府", "各街道办事处"], "各 shared by a kind of body"),
    ("区教育局，各平台、镇街", ["区教育局", "各平台", "各镇街"], "各 shared inside its group"),
    ("各科室、医疗保障事业管理中心", ["各科室", "医疗保障事业管理中心"], "a body of its own takes no 各"),
    (
        "区住建局、区卫健委，各乡镇人民政府、街道办事处，高新区管委会，城投集团。",
        ["区住建局", "区卫健委", "各乡镇人民政府", "各街道办事处", "高新区管委会", "城投集团"],
        "neither a place nor a suffix crosses a comma",
    ),
    ("市卫健委，财政局", ["市卫健委", "市财政局"], "a level prefix goes on past a comma"),
    ("办公室、规划财务科、医保中心按职责分工落", ["办公室", "规划财务科", "医保中心"], "a stop phrase cut by the page end"),
    ("市防汛指挥部各工作组", ["市防汛指挥部各工作组"], "X各工作组 is one name"),
    ("县政府各部门、县直各单位", ["县政府各部门", "县直各单位"], "X各部门 in a list"),
    ("规划处、办公室", ["规划处", "办公室"], "no shared suffix glued onto 规划处"),
    # whole names that end like a part of one (issue 12, item 6)
    ("县政府有关部门", ["县政府有关部门"], "有关部门 of a body is one name"),
    ("县委、县政府有关部门", ["县委", "县政府有关部门"], "after a list too"),
    ("市防汛指挥部各工作组", ["市防汛指挥部各工作组"], "各工作组 of a body is one name"),
    ("市防汛指挥部各工作组、市应急局", ["市防汛指挥部各工作组", "市应急局"], "in a list"),
    # a shared suffix is never glued to the wrong name
    ("规划处、办公室", ["规划处", "办公室"], "办公室 is a name of its own"),
    ("规划处\n办公室", ["规划处", "办公室"], "two names on two lines"),
    ("规划、办公室", ["规划", "办公室"], "办公室 lends no suffix: never 规划办公室 or 规划室"),
    ("规划处、办公室等部门", ["规划处", "办公室"], "never 办公室部门"),
    ("规划处、办公室等处室", ["规划处", "办公室"], "等处室 like 等部门"),
    ("市政府办公室、市财政局", ["市政府办公室", "市财政局"], "办公室 after a stem"),
    # a name cut in two is joined, never two made-up names (县司局, 县法局)
    ("县司\n法局", ["县司法局"], "cut by a line"),
    ("县公安局、县司、法局", ["县公安局", "县司法局"], "cut and listed as two"),
    ("县财政、税务局", ["县财政局", "县税务局"], "a stem of two is a name sharing the suffix"),
    # rule 1: breaks inside a name are removed, breaks between complete names separate
    ("各级卫生\n健康部门", ["各级卫生健康部门"], "line break inside a name"),
    ("各级卫生\n\n健康部门", ["各级卫生健康部门"], "blank line inside a name"),
    ("各级机构\n\n编制部门", ["各级机构编制部门"], "机构 after a prefix is no name yet"),
    ("市卫健\n委", ["市卫健委"], "a bare suffix joins the line before"),
    ("市医改领导小组\n各成员单位", ["市医改领导小组各成员单位"], "各成员单位 joins"),
    ("各级卫生健康部门、各级医保部 门", ["各级卫生健康部门", "各级医保部门"], "PDF wrap after 部"),
    ("市财政局、市卫生健康委、市医 保局", ["市财政局", "市卫生健康委", "市医保局"], "PDF wrap"),
    (
        "各级发改部 门、各级财政部门、各级人社部 门",
        ["各级发改部门", "各级财政部门", "各级人社部门"],
        "PDF wraps inside a list",
    ),
    ("市委编办\n市卫健委", ["市委编办", "市卫健委"], "line break between names"),
    ("市财政局 市医保局", ["市财政局", "市医保局"], "space between names"),
    ("区卫健委　区财政局\xa0区人社局", ["区卫健委", "区财政局", "区人社局"], "odd spaces"),
    ("县卫计局、县编办、\n\n县人社局", ["县卫计局", "县编办", "县人社局"], "list broken after 、"),
    ("县卫计局\n、县编办", ["县卫计局", "县编办"], "line starting with 、"),
    ("市卫健委\n（市中医药局）", ["市卫健委（市中医药局）"], "parenthetical note joins"),
    ("市行政审批局市住建局", ["市行政审批局", "市住建局"], "two names glued"),
    ("市自然资源局市生态环境局等", ["市自然资源局", "市生态环境局"], "glued with 等"),
    ("县委县政府", ["县委", "县政府"], "市委/县委 stand alone after a prefix"),
    ("县医院县中医院", ["县医院", "县中医院"], "县医院 is a name"),
    ("各县市区\n人民政府", ["各县市区人民政府"], "a collective name is not cut"),
    ("市卫健委/市医保局", ["市卫健委", "市医保局"], "slash between names"),
    ("（市卫健委）", ["市卫健委"], "whole cell in brackets"),
    ("<p>市卫健委</p><p>市医保局</p>", ["市卫健委", "市医保局"], "HTML paragraphs"),
    ("市卫健委&nbsp;市医保局", ["市卫健委", "市医保局"], "HTML entity"),
    # rule 2: separators and conjunctions
    (
        "市卫健委，市医保局；市财政局;市人社局,市民政局",
        ["市卫健委", "市医保局", "市财政局", "市人社局", "市民政局"],
        "all separators",
    ),
    ("市卫健委和市医保局", ["市卫健委", "市医保局"], "和 between names"),
    ("市教育局、人社局和卫健委", ["市教育局", "市人社局", "市卫健委"], "和 with prefix sharing"),
    ("区卫健委、区医保局及各镇（街道）", ["区卫健委", "区医保局", "各镇（街道）"], "及 before 各"),
    ("市卫生和计划生育委员会", ["市卫生和计划生育委员会"], "和 inside a name"),
    (
        "市住房和城乡建设局、市人力资源和社会保障局",
        ["市住房和城乡建设局", "市人力资源和社会保障局"],
        "和 inside names",
    ),
    (
        "市卫生健康委和人力资源和社会保障局",
        ["市卫生健康委", "市人力资源和社会保障局"],
        "和 between and inside",
    ),
    ("市医改领导小组及其办公室", ["市医改领导小组及其办公室"], "及其 is no conjunction"),
    (
        "各县（市、区）人民政府，市各有关部门",
        ["各县（市、区）人民政府", "市各有关部门"],
        "、 inside brackets",
    ),
    # rule 3: shared level prefix and suffix
    ("各级医保、卫生健康等部门", ["各级医保部门", "各级卫生健康部门"], "spec example"),
    ("市发改委、财政局", ["市发改委", "市财政局"], "spec example"),
    (
        "市卫生健康委、财政局、人社局、医保局等部门",
        ["市卫生健康委", "市财政局", "市人社局", "市医保局"],
        "spec example; 等部门 after complete names",
    ),
    (
        "各级发改、财政、人社、医保部门",
        ["各级发改部门", "各级财政部门", "各级人社部门", "各级医保部门"],
        "suffix without 等",
    ),
    (
        "各级人社、\n\n卫生健康部门分别负责",
        ["各级人社部门", "各级卫生健康部门"],
        "broken list with 分别负责",
    ),
    (
        "县发改局、财政局、人社局、县编办",
        ["县发改局", "县财政局", "县人社局", "县编办"],
        "county prefix",
    ),
    (
        "市发改委、财政局及各级卫生健康、发改、财政等部门",
        ["市发改委", "市财政局", "各级卫生健康部门", "各级发改部门", "各级财政部门"],
        "two prefixes in one cell",
    ),
    (
        "市发改委、市场监管局、医保局",
        ["市发改委", "市市场监管局", "市医保局"],
        "市场 is not the prefix 市",
    ),
    (
        "各级卫生健康、市场监管、医保等部门",
        ["各级卫生健康部门", "各级市场监管部门", "各级医保部门"],
        "市场监管 takes 各级",
    ),
    ("盐城市卫生健康委、财政局", ["盐城市卫生健康委", "盐城市财政局"], "place name as prefix"),
    (
        "各县（市、区）卫生健康局、医保局",
        ["各县（市、区）卫生健康局", "各县（市、区）医保局"],
        "bracketed prefix shared",
    ),
    ("委编办、人社局、医保局", ["委编办", "人社局", "医保局"], "no prefix in the list: none added"),
    (
        "县卫计局、各公立医院、深化医改成员单位",
        ["县卫计局", "各公立医院", "县深化医改成员单位"],
        "各 names keep no prefix",
    ),
    ("各县市区、市立医院", ["各县市区", "市立医院"], "a prefixed name lends no suffix"),
    (
        "各级党委组织部、卫生健康等部门",
        ["各级党委组织部", "各级卫生健康部门"],
        "组织部 is complete",
    ),
    (
        "各级卫生健康委组织部、机构编制财政、人社等部门",
        ["各级卫生健康委组织部", "各级机构编制财政部门", "各级人社部门"],
        "garbled source, kept reasonable",
    ),
    # rule 4: stop phrases
    ("各级医改办会同有关部门按职责分工负责", ["各级医改办"], "会同有关部门, 按职责分工负责"),
    ("市卫健委等相关部门", ["市卫健委"], "等相关部门"),
    ("市卫健委、市医保局等市直相关部门", ["市卫健委", "市医保局"], "等市直相关部门"),
    ("各级卫生健康等有关部门", ["各级卫生健康部门"], "等有关部门 after a stem"),
    ("市卫健委、市医保局等5个部门", ["市卫健委", "市医保局"], "等 with a count"),
    ("市卫健委 市医保局（按职责分工负责）", ["市卫健委", "市医保局"], "emptied bracket"),
    ("市卫健委牵头", ["市卫健委"], "牵头 remnant"),
    ("市卫健委为牵头单位，市医保局为配合单位", ["市卫健委", "市医保局"], "role phrases"),
    ("牵头单位：区发改局；责任单位：区财政局", ["区发改局", "区财政局"], "labels dropped"),
    ("市卫健委负责", ["市卫健委"], "负责 remnant"),
    ("市卫健委（牵头）、市财政局", ["市卫健委", "市财政局"], "role note in brackets"),
    ("市卫健委、市医保局（排名第一的为牵头单位）", ["市卫健委", "市医保局"], "first-is-lead note"),
    # rule 5: kept as written
    ("市卫健委", ["市卫健委"], "no alias mapping"),
    ("相关工作部门", ["相关工作部门"], "generic name kept"),
    (
        "市卫生健康委（市中医药管理局）\n市医保局",
        ["市卫生健康委（市中医药管理局）", "市医保局"],
        "bracketed alias kept",
    ),
    # rule 6: empty cells
    ("/", [], "slash"),
    ("-", [], "hyphen"),
    ("—", [], "dash"),
    ("无", [], "none"),
    ("", [], "empty"),
    (None, [], "missing cell"),
    ("  \n ", [], "blank"),
    ("<p></p>", [], "empty HTML"),
    # rule 9: people are not units
    ("市卫健委 张三 13900000000", ["市卫健委"], "contact person and phone"),
    ("市卫健委 刘某某 0730-8888888", ["市卫健委"], "landline"),
    ("市卫健委（联系人：张三，电话：13900000000）", ["市卫健委"], "contact in brackets"),
    ("副市长 王五", [], "title and name"),
    ("分管副市长", [], "title alone"),
    ("市卫健委（刘某，13800000000）", ["市卫健委"], "person and phone in brackets"),
    ("责任领导", [], "leader label"),
    ("市卫健委\n联络人：李四", ["市卫健委"], "联络人 label"),
    ("市卫健委 各镇", ["市卫健委", "各镇"], "各镇 is no person"),
    # deduplicate, keep order
    ("县卫计局、县财政局、县卫计局", ["县卫计局", "县财政局"], "duplicate"),
]

ROLE_CASES = [
    ("宣传处会办公室", (["宣传处"], ["办公室"]), "会 short for 会同 between two names"),
    ("规划信息处会医政处、疾控处", (["规划信息处"], ["医政处", "疾控处"]), "会 before a list"),
    ("县总工会", None, "工会 is a name, not 会同"),
    (
        "市医保局牵头，市卫健委、市财政局配合",
        (["市医保局"], ["市卫健委", "市财政局"]),
        "X牵头，Y配合",
    ),
    (
        "市卫健委牵头，市财政局、市人社局参与",
        (["市卫健委"], ["市财政局", "市人社局"]),
        "X牵头，Y、Z参与",
    ),
    ("市医保局牵头市卫健委配合", (["市医保局"], ["市卫健委"]), "no separator"),
    ("各县（市、区）人民政府负责，市卫健委指导", (["各县（市、区）人民政府"], ["市卫健委"]), "X负责，Y指导"),
    (
        "县卫健局牵头，县医保局配合，各乡镇人民政府落实",
        (["县卫健局"], ["县医保局", "各乡镇人民政府"]),
        "X牵头，Y配合，Z落实",
    ),
    ("市卫健委、市医保局按职责分别负责", (["市卫健委", "市医保局"], []), "按职责分别负责"),
    (
        "国家卫生健康委、国家医保局、财政部等按职责分工负责",
        (["国家卫生健康委", "国家医保局", "财政部"], []),
        "national units take no shared prefix",
    ),
    ("市卫健委主办、市医保局协办", (["市卫健委"], ["市医保局"]), "X主办、Y协办"),
    ("市卫健委会同市财政局", (["市卫健委"], ["市财政局"]), "X会同Y"),
    (
        "市卫健委会同市财政局、市医保局按职责分工负责",
        (["市卫健委"], ["市财政局", "市医保局"]),
        "X会同Y按职责分工负责",
    ),
    ("市卫健委会同有关部门", (["市卫健委"], []), "X会同有关部门"),
    ("(各级医改办会同有关部门按职责分工负责)", (["各级医改办"], []), "seed 004 line 40"),
    (
        "（市医保局牵头，卫健委、财政局配合）",
        (["市医保局"], ["市卫健委", "市财政局"]),
        "prefix carried to partners",
    ),
    (
        "市卫健委（牵头）、市财政局、市医保局",
        (["市卫健委"], ["市财政局", "市医保局"]),
        "（牵头） note",
    ),
    ("市卫健委牵头", (["市卫健委"], []), "lead only"),
    ("由市卫健委负责", (["市卫健委"], []), "由…负责"),
    (
        "市卫健委、市医保局负责，排在第一位的为牵头部门",
        (["市卫健委"], ["市医保局"]),
        "first is lead",
    ),
    (
        "（市卫健委、市财政局、市医保局负责，排在第一位的为牵头部门）",
        (["市卫健委"], ["市财政局", "市医保局"]),
        "first is lead in brackets",
    ),
    ("牵头单位：区发改局；责任单位：区财政局", (["区发改局"], ["区财政局"]), "label form"),
    (
        "牵头部门：市卫健委 配合部门：市财政局、市医保局",
        (["市卫健委"], ["市财政局", "市医保局"]),
        "labels with a space",
    ),
    (
        "牵头单位:市卫健委\n配合单位:市财政局",
        (["市卫健委"], ["市财政局"]),
        "half-width colon, two lines",
    ),
    ("责任单位：市卫健委、市医保局", (["市卫健委", "市医保局"], []), "rule 8: sole 责任单位 leads"),
    ("配合单位：市财政局", ([], ["市财政局"]), "partners only"),
    ("牵头单位：市卫健委；责任领导：张三副市长", (["市卫健委"], []), "leader is no unit"),
    (
        "市医保局、卫生健康委等部门按职责分工负责",
        (["市医保局", "市卫生健康委"], []),
        "rule 8: joint duty",
    ),
    ("各级人社、卫生健康部门分别负责", (["各级人社部门", "各级卫生健康部门"], []), "分别负责"),
    ("市卫健委为牵头单位，市医保局为配合单位", (["市卫健委"], ["市医保局"]), "X为牵头单位"),
    (
        "责任单位：市卫健委（牵头）、市财政局",
        (["市卫健委"], ["市财政局"]),
        "lead note under 责任单位",
    ),
    (
        "责任单位：市卫健委、市财政局（排名第一的为牵头单位）",
        (["市卫健委"], ["市财政局"]),
        "first-is-lead under 责任单位",
    ),
    ("（各县市区负责）", (["各县市区"], []), "a collective of places"),
    ("市卫健委", None, "no role marker"),
    ("市卫健委、市医保局", None, "plain list"),
    ("", None, "empty"),
]

PAREN_CASES = [
    (
        "……加强跟踪监测和定期调度。(各级医改办会同有关部门按职责分工负责)",
        ("……加强跟踪监测和定期调度。", (["各级医改办"], [])),
        "seed 004 line 40",
    ),
    (
        "开展常态化价格监测。(市医保局、卫生健康委等部门按职责分工负责)",
        ("开展常态化价格监测。", (["市医保局", "市卫生健康委"], [])),
        "seed 004 line 42",
    ),
    (
        "推进医院院长职业化。(各级人社、机构编制、财政、卫生健康、医保等部门按职责分工负责)",
        (
            "推进医院院长职业化。",
            (
                [
                    "各级人社部门",
                    "各级机构编制部门",
                    "各级财政部门",
                    "各级卫生健康部门",
                    "各级医保部门",
                ],
                [],
            ),
        ),
        "seed 004 line 48",
    ),
    (
        "做好工作。（市医保局牵头，市卫健委、市财政局配合）",
        ("做好工作。", (["市医保局"], ["市卫健委", "市财政局"])),
        "full-width, roles",
    ),
    (
        "做好工作。（责任单位：市卫健委、市医保局）",
        ("做好工作。", (["市卫健委", "市医保局"], [])),
        "责任单位 label",
    ),
    (
        "做好工作。（牵头单位：区发改局；责任单位：区财政局）",
        ("做好工作。", (["区发改局"], ["区财政局"])),
        "two labels",
    ),
    (
        "做好工作（各县（市、区）人民政府负责）。",
        ("做好工作", (["各县（市、区）人民政府"], [])),
        "nested brackets, full stop after",
    ),
    (
        "开展工作（市卫健委、市医保局）",
        ("开展工作", (["市卫健委", "市医保局"], [])),
        "bare unit list",
    ),
    ("印发管理办法（试行）", None, "not about units"),
    ("推行按疾病诊断相关分组（DRGs）", None, "abbreviation"),
    ("重点(点)", None, "one character"),
    ("开展工作（以下简称“市医改办”）", None, "short-name note"),
    ("完成建设（2022年8月底前完成）", None, "a date note"),
    ("做好工作（由县卫健局负责组织实施）", ("做好工作", (["县卫健局"], [])), "由X负责组织实施"),
    ("做好工作（由县卫健局负责指导乡镇）", None, "负责 inside a sentence"),
    ("推进建设（含中医院）", None, "a 含 note"),
    (
        "做好工作（市卫健委牵头，2022年底前完成）",
        ("做好工作", (["市卫健委"], [])),
        "time note beside the units",
    ),
    (
        "做好工作（各县（市、区）负责）",
        ("做好工作", (["各县（市、区）"], [])),
        "collective in brackets",
    ),
    (
        "开展爱国卫生运动。（区爱卫办牵头，区住建局、各街道配合，持续推进）",
        ("开展爱国卫生运动。", (["区爱卫办"], ["区住建局", "各街道"])),
        "an ongoing note is no unit and takes no prefix",
    ),
    (
        "组织应急演练。（县卫健局、县应急局按职责分工负责，每季度末）",
        ("组织应急演练。", (["县卫健局", "县应急局"], [])),
        "a recurring note after joint duty",
    ),
    (
        "做好学校卫生工作（疾控股牵头，长期坚持）",
        ("做好学校卫生工作", (["疾控股"], [])),
        "疾控股 is a section, not a holding",
    ),
    ("（市卫健委）和医保局配合", None, "bracket not at the end"),
    ("没有括号的句子。", None, "no bracket"),
]

IS_UNIT_CASES = [
    ("市卫健委", True, "one name"),
    ("各级医保、卫生健康等部门", True, "coordinated list"),
    ("市委编办\n市卫健委", True, "two lines"),
    ("各公立医院", True, "各 name"),
    ("各乡镇、街道", True, "a kind of body after 各"),
    ("区卫健局，各平台、镇街", True, "各平台 and its 镇街"),
    ("经开区管委会", True, "a zone's committee"),
    ("县医保局、县卫健局按职责分工落", True, "a stop phrase cut by the page end"),
    ("街道", False, "a kind of body with no 各"),
    ("牵头单位：市卫健委", True, "label form"),
    ("市卫健委（牵头）、市财政局", True, "role note"),
    ("深入学习三明医改经验", False, "category heading"),
    ("持续完善公共卫生服务体系", False, "category heading"),
    ("医院高质量发展", False, "broken heading"),
    ("诊疗新格局", False, "格局 is no bureau"),
    ("卫生服务体系", False, "broken heading"),
    ("建设智慧医院", False, "starts with a verb"),
    ("项目组织实施", False, "seed 003 category"),
    ("牵头组织", False, "header word"),
    ("参与部门", False, "header word"),
    ("实施单位", False, "header word"),
    ("责任部门", False, "header word"),
    ("牵头单位和联络人", False, "header word"),
    ("各级卫生", False, "first half of a name"),
    ("张三", False, "a person"),
    ("/", False, "empty marker"),
    ("成立荆门市医院协会。", False, "task text"),
    ("二级及以上公立医院全面落实党委领导下的院长负责制。", False, "task text"),
    ("关于印发办法（试行）", False, "title note"),
]

INCOMPLETE_CASES = [
    ("各级卫生", True, "name cut after 卫生"),
    ("各级机构", True, "name cut after 机构"),
    ("各级人社、", True, "list cut after 、"),
    ("县卫计局、县编办、", True, "list cut after 、"),
    ("市卫健委及", True, "list cut after 及"),
    ("市卫健委", False, "complete"),
    ("各级卫生健康部门", False, "complete"),
    ("加快推动公立", False, "heading cut, not a unit"),
    ("深入学习三明", False, "heading cut, not a unit"),
    ("全力构建分级", False, "heading cut, not a unit"),
    ("统筹做好相关", False, "heading cut, not a unit"),
    ("市卫生健康", True, "prefix and a stem"),
    ("县人民医院、县中医", True, "last name cut"),
    ("市级统筹", False, "市级 is a qualifier"),
    ("县医院建设", False, "a phrase, not half a name"),
    ("各县市区", False, "a whole collective name"),
    ("报市委、市政府审定。", False, "a sentence"),
    ("调实区行政中，压市行政集度，县卫健部门责任", False, "garbled prose"),
    ("", False, "empty"),
]


def scorer_form(names: list[str]) -> set[str]:
    """Names as score_extraction.py compares them: no spaces, no trailing 部门."""
    return {re.sub(r"\s", "", name).removesuffix("部门") for name in names}


@pytest.mark.parametrize(("cell", "expected", "note"), SEED_CELLS)
def test_it_splits_seed_cells_like_gold(cell, expected, note):
    assert split_units(cell) == expected, note


@pytest.mark.parametrize(("cell", "expected", "note"), SEED_CELLS)
def test_it_reads_seed_cells_as_units_or_empty(cell, expected, note):
    assert is_unit_name(cell) == bool(expected), note


def test_it_matches_gold_on_every_seed_cell_as_scored():
    missed = [
        note
        for cell, want, note in SEED_CELLS
        if scorer_form(split_units(cell)) != scorer_form(want)
    ]
    assert missed == []


@pytest.mark.parametrize(("cell", "expected", "note"), SPLIT_CASES)
def test_it_splits_units(cell, expected, note):
    assert split_units(cell) == expected, note


@pytest.mark.parametrize(("text", "expected", "note"), ROLE_CASES)
def test_it_parses_roles(text, expected, note):
    assert parse_roles(text) == expected, note


@pytest.mark.parametrize(("text", "expected", "note"), PAREN_CASES)
def test_it_finds_unit_parenthesis(text, expected, note):
    assert find_unit_parenthesis(text) == expected, note


@pytest.mark.parametrize(("text", "expected", "note"), IS_UNIT_CASES)
def test_it_tells_unit_names_from_headings(text, expected, note):
    assert is_unit_name(text) is expected, note


@pytest.mark.parametrize(("text", "expected", "note"), INCOMPLETE_CASES)
def test_it_spots_fragments_to_join(text, expected, note):
    assert looks_incomplete(text) is expected, note


def test_it_uses_a_replaced_vocabulary():
    data = load("units")
    plain = UnitVocabulary.from_mapping(data)
    extended = UnitVocabulary.from_mapping({**data, "suffixes": [*data["suffixes"], "街道"]})
    assert split_units("城关街道\n区卫健委", plain) == ["城关街道区卫健委"]
    assert split_units("城关街道\n区卫健委", extended) == ["城关街道", "区卫健委"]


# Whole names as tables print them; any list of them, however separated, must come back as is.
NAME_POOL = [
    "市卫健委",
    "市卫生健康委",
    "市医保局",
    "市市场监管局",
    "市委编办",
    "市委组织部",
    "市政府办公室",
    "市疾控中心",
    "市突发公共卫生事件指挥部成员单位",
    "县卫计局",
    "县医改领导小组各成员单位",
    "县级公立医院",
    "县医院",
    "各级卫生健康部门",
    "各级医保部门",
    "各级党委组织部",
    "各公立医院",
    "各医疗机构",
    "各镇办卫生院",
    "各县（市、区）人民政府",
    "盐城市财政局",
    "新城区卫健局",
]
SEPARATORS = ["、", "，", "；", ",", "\n", " ", "\n\n", "及", "和", "/"]


@given(
    names=st.lists(st.sampled_from(NAME_POOL), min_size=1, max_size=6),
    separators=st.lists(st.sampled_from(SEPARATORS), min_size=5, max_size=5),
)
def test_it_gives_back_any_list_of_whole_names(names, separators):
    text = names[0] + "".join(sep + name for sep, name in zip(separators, names[1:], strict=False))
    assert split_units(text) == list(dict.fromkeys(names))


CLAUSE_CASES = [
    (
        "3.推进紧密型县域医共体建设，由县卫健局牵头，县医保局、县财政局配合，2025年6月底前完成。",
        ("3.推进紧密型县域医共体建设", (["县卫健局"], ["县医保局", "县财政局"]), "2025年6月底前完成"),
        "由X牵头，Y配合，then the date",
    ),
    ("做好老年人健康体检，区卫健局负责。", ("做好老年人健康体检", (["区卫健局"], []), None), "X负责"),
    (
        "开展乡村医生轮训，各县（市、区）政府落实，持续推进。",
        ("开展乡村医生轮训", (["各县（市、区）政府"], []), "持续推进"),
        "a collective of places 落实",
    ),
    (
        "公开年度财政预算。办公室牵头,各股室配合。",
        ("公开年度财政预算。", (["办公室"], ["各股室"]), None),
        "a bureau's own offices, half-width commas",
    ),
    (
        "做好妇幼健康服务，年底前完成，区妇幼保健院负责。",
        ("做好妇幼健康服务", (["区妇幼保健院"], []), "年底前完成"),
        "the date before the units",
    ),
    (
        "落实疫苗接种政策，区疾控中心、区卫健局分别牵头落实。",
        ("落实疫苗接种政策", (["区疾控中心", "区卫健局"], []), None),
        "分别牵头落实",
    ),
    ("加强宣传引导，确保责任落实。", None, "落实 after no unit"),
    ("强化部门联动，形成上下协同。", None, "协同 closes ordinary sentences"),
    ("推进分级诊疗，每年组织1次评估。", None, "a date-like clause alone names no unit"),
    ("二、加强医疗保障（市医保局牵头，", None, "a parenthesis the next line closes"),
]


@pytest.mark.parametrize(("text", "expected", "note"), CLAUSE_CASES)
def test_it_reads_roles_written_out_at_the_end_of_an_item(text, expected, note):
    assert find_role_clauses(text) == expected, note


INNER_CASES = [
    (
        "由市卫健委牵头，市医保局、市财政局配合，开展基层医疗机构能力评估。",
        (["市卫健委"], ["市医保局", "市财政局"]),
        "由X牵头 opens the sentence",
    ),
    ("县疾控中心负责，完善传染病监测预警机制。", (["县疾控中心"], []), "a unit is the subject"),
    ("推进家庭医生签约，由区卫健局牵头，每季度通报进度。", (["区卫健局"], []), "由X牵头 inside"),
    ("完善考核办法，各地落实，确保按期完成。", None, "a bare 落实 inside needs 由 or a lead"),
    ("由一位市领导统一分管医疗、医保、医药工作。", None, "由 without a role marker"),
]


@pytest.mark.parametrize(("text", "expected", "note"), INNER_CASES)
def test_it_reads_roles_stated_inside_the_sentence(text, expected, note):
    assert find_inner_roles(text) == expected, note
