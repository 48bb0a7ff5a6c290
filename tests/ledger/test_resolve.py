"""Resolving a unit name as written to a unit of the plan's region."""

import pytest

from duban.ledger.models import Unit
from duban.ledger.services import (
    add_unit_alias,
    create_unit,
    get_or_create_region,
    resolve_unit,
    unit_candidates,
)

EXISTING = ["市卫生健康委", "市医保局", "各级医保部门", "市立医院", "医改领导小组成员单位"]

CASES = [
    ("市卫生健康委", "市卫生健康委", "exact name"),
    ("市卫健委", "市卫生健康委", "abbreviation of the same department"),
    ("市卫生健康委员会", "市卫生健康委", "full form of the same department"),
    ("市医疗保障局", "市医保局", "full form of 医保局"),
    ("各级医保部门", "各级医保部门", "generic exact"),
    ("各级医疗保障部门", "各级医保部门", "generic written another way"),
    ("市人民医院", None, "unknown institution"),
    ("市财政局", None, "kind known but no such unit yet"),
    ("各级卫生健康部门", None, "generic of a kind not yet in the ledger"),
    ("立医院", None, "no look-alike guessing"),
    ("医保局", "市医保局", "unprefixed name in a city plan"),
]


@pytest.fixture
def region(db):
    region = get_or_create_region("盐城市")
    for name in EXISTING:
        create_unit(None, name, region)
    return region


@pytest.mark.parametrize(("name", "expected", "note"), CASES)
def test_it_resolves_names_in_the_region(region, name, expected, note):
    unit = resolve_unit(name, region)
    assert (unit.name if unit else None) == expected, note


def test_it_resolves_an_alias(region):
    add_unit_alias(None, Unit.objects.get(name="市立医院"), "市第一人民医院")
    assert resolve_unit("市第一人民医院", region).name == "市立医院"


def test_it_keeps_regions_apart(region):
    other = get_or_create_region("岳阳市")
    assert resolve_unit("市卫健委", other) is None
    assert other.level == "city"


def test_it_marks_generic_units_with_their_kind(region):
    unit = Unit.objects.get(name="各级医保部门")
    assert unit.is_generic and unit.kind.name == "医疗保障"


def test_it_offers_candidates_of_the_same_kind_first(region):
    candidates = unit_candidates("市医疗保障局办公室", region)
    assert candidates and candidates[0].name == "市医保局"


REGION_LEVELS = [
    ("柞水县", "county"),
    ("盐城市", "city"),
    ("陕西省", "province"),
    ("亭湖区", "county"),
]


@pytest.mark.parametrize(("name", "level"), REGION_LEVELS)
def test_it_infers_the_level_of_a_region(db, name, level):
    assert get_or_create_region(name).level == level


def test_it_keeps_a_city_department_apart_from_the_countys(db):
    county = get_or_create_region("柞水县")
    create_unit(None, "县卫计局", county)
    assert resolve_unit("市卫健委", county) is None
    assert resolve_unit("县卫生健康局", county).name == "县卫计局"
    assert resolve_unit("卫健局", county).name == "县卫计局"
