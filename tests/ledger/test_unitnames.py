"""Taking unit names apart: generic marker, level prefix, department kind (no database)."""

import pytest

from duban.ledger.unitnames import kind_and_level, kind_of, levels_agree, parse_unit_name
from duban.reference import load

FORMS = {text: kind for kind, forms in load("unit_kinds")["kinds"].items() for text in forms}

KIND_CASES = [
    ("市卫健委", "卫生健康", "abbreviated commission"),
    ("市卫生健康委", "卫生健康", "medium form"),
    ("市卫生健康委员会", "卫生健康", "full form"),
    ("县卫计局", "卫生健康", "pre-2018 county health bureau"),
    ("各级卫生健康部门", "卫生健康", "generic with 部门"),
    ("各级医保部门", "医疗保障", "generic 医保"),
    ("市委编办", "机构编制", "party-committee prefix 市委"),
    ("各级党委组织部门", "组织", "generic party prefix 各级党委"),
    ("市市场监管局", "市场监管", "level prefix before a name starting with 市"),
    ("市场监管局", "市场监管", "bare name starting with 市 is not a prefix"),
    ("人社局", "人力资源社会保障", "no prefix at all"),
    ("市立医院", None, "an institution has no department kind"),
    ("县医改办办", None, "garbled name stays unknown"),
    ("市 卫健委", "卫生健康", "spaces inside a name are ignored"),
]


@pytest.mark.parametrize(("name", "expected", "note"), KIND_CASES)
def test_it_finds_the_kind_of_a_name(name, expected, note):
    assert kind_of(name, FORMS) == expected, note


GENERIC_CASES = [
    ("各级医保部门", True, "各级 X 部门"),
    ("各县市区", True, "every county"),
    ("各公立医院", True, "every public hospital"),
    ("市医保局", False, "one department"),
    ("医改领导小组成员单位", False, "a group is not a generic level form"),
]


@pytest.mark.parametrize(("name", "expected", "note"), GENERIC_CASES)
def test_it_flags_generic_names(name, expected, note):
    assert parse_unit_name(name).is_generic is expected, note


def test_it_keeps_every_form_under_one_kind_only():
    kinds = load("unit_kinds")["kinds"]
    all_forms = [form for forms in kinds.values() for form in forms]
    assert len(all_forms) == len(set(all_forms))


LEVEL_CASES = [
    ("市卫健委", "市", "city prefix"),
    ("县卫计局", "县", "county prefix"),
    ("区卫健委", "县", "a district is county-level"),
    ("市委编办", "市", "party committee of the city"),
    ("人社局", None, "no prefix"),
    ("市场监管局", None, "a name that merely starts with 市"),
    ("各级医保部门", None, "generic names span every level"),
    ("市立医院", None, "no kind, no level"),
]


@pytest.mark.parametrize(("name", "expected", "note"), LEVEL_CASES)
def test_it_reads_the_level_a_prefix_names(name, expected, note):
    assert kind_and_level(name, FORMS)[1] == expected, note


@pytest.mark.parametrize(
    ("a", "b", "expected"), [("市", "市", True), ("市", "县", False), (None, "县", True)]
)
def test_it_lets_unstated_levels_agree(a, b, expected):
    assert levels_agree(a, b) is expected
