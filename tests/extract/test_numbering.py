"""Item and heading numbers: seq from content cells, numbering stripped from headings."""

from __future__ import annotations

import pytest

from duban.extract.numbering import (
    chinese_to_int,
    is_heading_numeral,
    split_heading_marker,
    split_item_number,
    strip_heading_number,
)

ITEM_CASES = [
    ("12.全面推进DRG付费", None, ("12", "全面推进DRG付费"), "dot"),
    ("3、成立领导小组", None, ("3", "成立领导小组"), "enumeration comma"),
    ("5、、加强监管", None, ("5", "加强监管"), "doubled comma from a conversion"),
    ("1．建立机制", None, ("1", "建立机制"), "full-width dot"),
    ("(1)建立机制", None, ("1", "建立机制"), "half-width brackets"),
    ("（1）建立机制", None, ("1", "建立机制"), "full-width brackets"),
    ("1)建立机制", None, ("1", "建立机制"), "closing bracket only"),
    ("2）建立机制", None, ("2", "建立机制"), "full-width closing bracket only"),
    ("  07. 建立机制", None, ("7", "建立机制"), "leading spaces and zero"),
    ("①建立机制", None, ("1", "建立机制"), "circled number"),
    ("57新增甲级村卫生室20个", 57, ("57", "新增甲级村卫生室20个"), "bare digits, expected"),
    (
        "57新增甲级村卫生室20个",
        None,
        (None, "57新增甲级村卫生室20个"),
        "bare digits, no expectation",
    ),
    ("3所综合医院转设", 4, (None, "3所综合医院转设"), "a quantity, not the next number"),
    ("98.5%以上", None, (None, "98.5%以上"), "a decimal is no item number"),
    ("2022年8月底前", None, (None, "2022年8月底前"), "a year is no item number"),
    ("（一）加强领导", None, (None, "（一）加强领导"), "Chinese heading marker is not seq"),
    ("一、深化改革", None, (None, "一、深化改革"), "Chinese heading marker is not seq"),
]


@pytest.mark.parametrize(("text", "expected", "result", "note"), ITEM_CASES)
def test_it_splits_item_numbers(text, expected, result, note):
    assert split_item_number(text, expected=expected) == result, note


HEADING_CASES = [
    ("一、深入学习三明医改经验", (1, "深入学习三明医改经验"), "numeral and comma"),
    ("（三）完善薪酬制度", (3, "完善薪酬制度"), "full-width brackets"),
    ("(十二)加强监管", (12, "加强监管"), "two-character numeral"),
    ("第一部分 总体要求", (1, "总体要求"), "section word"),
    ("二十一．其他", (21, "其他"), "full-width dot"),
    ("一体化推进", (None, "一体化推进"), "numeral inside a word"),
    ("十四五期末", (None, "十四五期末"), "a plan's name"),
]


@pytest.mark.parametrize(("text", "result", "note"), HEADING_CASES)
def test_it_splits_heading_markers(text, result, note):
    assert split_heading_marker(text) == result, note


STRIP_CASES = [
    ("一、深入学习三明医改经验", "深入学习三明医改经验", "Chinese numeral"),
    ("（三）完善薪酬制度", "完善薪酬制度", "bracketed numeral"),
    ("(十二)加强监管", "加强监管", "half-width brackets"),
    ("第一部分 总体要求", "总体要求", "section word"),
    ("1.加强组织领导", "加强组织领导", "Arabic number"),
    ("一、（一）加强组织领导", "加强组织领导", "two markers in a row"),
    ("加强公共卫生体系建设", "加强公共卫生体系建设", "no number"),
    ("一体化推进", "一体化推进", "numeral inside a word stays"),
]


@pytest.mark.parametrize(("text", "result", "note"), STRIP_CASES)
def test_it_strips_heading_numbers(text, result, note):
    assert strip_heading_number(text) == result, note


INT_CASES = [
    ("一", 1, "unit"),
    ("十一", 11, "teen"),
    ("二十", 20, "tens"),
    ("一百零五", 105, "hundreds"),
    ("两", 2, "colloquial two"),
    ("二〇二二", 2022, "year digit by digit"),
    ("12", 12, "Arabic"),
    ("十四五", None, "a plan's name is no number"),
    ("加强", None, "not a numeral"),
    ("", None, "empty"),
]


@pytest.mark.parametrize(("text", "result", "note"), INT_CASES)
def test_it_reads_chinese_numerals(text, result, note):
    assert chinese_to_int(text) == result, note


NUMERAL_CASES = [
    ("一", True, "bare numeral"),
    ("十一", True, "two characters"),
    ("（二）", True, "bracketed"),
    ("三、", True, "with its comma"),
    ("12", False, "Arabic is a row number"),
    ("一体化", False, "a word"),
    ("", False, "empty"),
]


@pytest.mark.parametrize(("text", "result", "note"), NUMERAL_CASES)
def test_it_tells_heading_numerals(text, result, note):
    assert is_heading_numeral(text) is result, note
