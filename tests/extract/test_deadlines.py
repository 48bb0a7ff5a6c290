"""Deadline cells and deadline phrases in content -> Deadline (spec/extraction.md, "deadline")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duban.extract.deadlines import (
    content_to_deadline,
    is_unparsed,
    milestone_due,
    month_end,
    text_to_deadline,
)
from duban.extract.model import Deadline

GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold"


def date(text, due):
    return Deadline(text=text, kind="date", due=due)


def span(text, kind, start, due):
    return Deadline(text=text, kind=kind, start=start, due=due)


CELL_CASES = [
    ("2022年8月底前", 2022, date("2022年8月底前", "2022-08-31"), "month end"),
    ("2022年8月", None, date("2022年8月", "2022-08-31"), "month without 底前"),
    ("2022.8", None, date("2022.8", "2022-08-31"), "dotted month"),
    ("2022/08", None, date("2022/08", "2022-08-31"), "slashed month"),
    ("2022年8月31日前", None, date("2022年8月31日前", "2022-08-31"), "stated day"),
    ("2022-08-15", None, date("2022-08-15", "2022-08-15"), "ISO day"),
    ("2024年2月底", None, date("2024年2月底", "2024-02-29"), "leap February"),
    ("2022年8月中旬", None, date("2022年8月中旬", "2022-08-20"), "ten-day part"),
    ("8月底前", 2022, date("8月底前", "2022-08-31"), "month in the document's year"),
    ("十二月底前", 2022, date("十二月底前", "2022-12-31"), "Chinese month"),
    (
        "二〇二二年八月底前",
        None,
        date("二〇二二年八月底前", "2022-08-31"),
        "Chinese year and month",
    ),
    ("2017年12月底前", None, date("2017年12月底前", "2017-12-31"), "December is a date"),
    ("截至2022年10月底", None, date("截至2022年10月底", "2022-10-31"), "leading 截至"),
    ("2022年上半年", None, date("2022年上半年", "2022-06-30"), "half year"),
    ("三季度末", 2021, date("三季度末", "2021-09-30"), "quarter"),
    ("2025年第三季度", None, date("2025年第三季度", "2025-09-30"), "quarter of a year"),
    ("2025年1季度", None, date("2025年1季度", "2025-03-31"), "quarter in Arabic digits"),
    ("年底前", 2022, date("年底前", "2022-12-31"), "year end of the document"),
    ("“十四五”期末", None, date("“十四五”期末", "2025-12-31"), "five-year plan end"),
    ("2017年", None, span("2017年", "year", "2017-01-01", "2017-12-31"), "a year"),
    ("2017年底前", None, span("2017年底前", "year", "2017-01-01", "2017-12-31"), "year end"),
    ("2017年底", None, span("2017年底", "year", "2017-01-01", "2017-12-31"), "year end"),
    ("2022年度", None, span("2022年度", "year", "2022-01-01", "2022-12-31"), "年度"),
    ("2017-2020年", None, span("2017-2020年", "range", "2017-01-01", "2020-12-31"), "hyphen"),
    ("2017—2020年", None, span("2017—2020年", "range", "2017-01-01", "2020-12-31"), "dash"),
    ("2017年-2020年", None, span("2017年-2020年", "range", "2017-01-01", "2020-12-31"), "两个年"),
    ("2017至2020年", None, span("2017至2020年", "range", "2017-01-01", "2020-12-31"), "至"),
    ("2017～2018年底", None, span("2017～2018年底", "range", "2017-01-01", "2018-12-31"), "tilde"),
    (
        "2023年6月-2024年12月",
        None,
        span("2023年6月-2024年12月", "range", "2023-06-01", "2024-12-31"),
        "months",
    ),
    ("2022年6月-9月", None, span("2022年6月-9月", "range", "2022-06-01", "2022-09-30"), "one year"),
    ("“十四五”期间", None, span("“十四五”期间", "range", "2021-01-01", "2025-12-31"), "plan span"),
    ("持续推进", 2022, Deadline(text="持续推进", kind="ongoing"), "ongoing"),
    ("长期坚持", None, Deadline(text="长期坚持", kind="ongoing"), "ongoing"),
    ("长期", None, Deadline(text="长期", kind="ongoing"), "ongoing"),
    ("常态化", None, Deadline(text="常态化", kind="ongoing"), "ongoing"),
    ("持续开展", None, Deadline(text="持续开展", kind="ongoing"), "ongoing"),
    ("每年12月底前", 2022, Deadline(text="每年12月底前", kind="ongoing"), "recurring beats a date"),
    (
        "2023年起",
        None,
        Deadline(text="2023年起", kind="ongoing", start="2023-01-01"),
        "from a year",
    ),
    (
        "2022年6月底前完成方案，12月底前完成建设",
        2022,
        date("2022年6月底前完成方案，12月底前完成建设", "2022-12-31"),
        "latest date in a long cell",
    ),
    ("2022年8月\n底前", None, date("2022年8月底前", "2022-08-31"), "line break from conversion"),
    ("", 2022, Deadline(), "empty"),
    (None, 2022, Deadline(), "missing"),
    ("/", 2022, Deadline(), "slash"),
    ("-", 2022, Deadline(), "dash"),
    ("无", 2022, Deadline(), "none"),
    ("8月底前", None, Deadline(text="8月底前"), "no year: unparsed, not guessed"),
    (
        "首批事项3月底前完成；其余事项11月底前见效并长期坚持",
        None,
        Deadline(text="首批事项3月底前完成；其余事项11月底前见效并长期坚持"),
        "dates with no year beside an ongoing word: unparsed, not ongoing",
    ),
    (
        "首批事项3月底前完成；其余事项11月底前见效并长期坚持",
        2023,
        date("首批事项3月底前完成；其余事项11月底前见效并长期坚持", "2023-11-30"),
        "the same with the document's year: the later date",
    ),
    ("视情况而定", 2022, Deadline(text="视情况而定"), "unparsed"),
    ("2022年2月30日", None, Deadline(text="2022年2月30日"), "no such day"),
]


@pytest.mark.parametrize(("text", "year", "expected", "note"), CELL_CASES)
def test_it_reads_deadline_cells(text, year, expected, note):
    assert text_to_deadline(text, year) == expected, note


UNPARSED_CASES = [
    ("视情况而定", True, "text no rule understood"),
    ("2022年8月底前", False, "a date"),
    ("持续推进", False, "ongoing"),
    ("/", False, "empty cell"),
]


@pytest.mark.parametrize(("text", "expected", "note"), UNPARSED_CASES)
def test_it_flags_unparsed_deadlines(text, expected, note):
    assert is_unparsed(text_to_deadline(text, 2022)) is expected, note


CONTENT_CASES = [
    (
        "推动编码使用，在9月底前实现所有医保项目按国家编码结算。",
        2022,
        date("9月底前", "2022-09-30"),
        "month end",
    ),
    ("市年内至少开展1次评估", 2022, date("年内", "2022-12-31"), "年内"),
    ("市老年康复医院改扩建工程力争年内开工建设", 2022, date("年内", "2022-12-31"), "年内"),
    ("响水县疾控中心异地新建项目年底建成。", 2022, date("年底", "2022-12-31"), "年底"),
    (
        "力争到“十四五”期末，政府投入比重超过全国平均水平",
        2022,
        date("“十四五”期末", "2025-12-31"),
        "five-year plan",
    ),
    ("到“十三五”末基本建立制度", 2016, date("“十三五”末", "2020-12-31"), "十三五"),
    ("十五五期末全面建成", 2026, date("十五五期末", "2030-12-31"), "十五五"),
    ("2023年底前完成改造", 2022, span("2023年底前", "year", "2023-01-01", "2023-12-31"), "stated year, as in a cell"),
    ("到2030年，区域用水总量控制在5亿立方米以内", 2025, span("2030年", "year", "2030-01-01", "2030-12-31"), "到 + year"),
    ("力争到2027年底前建成", 2025, span("2027年底前", "year", "2027-01-01", "2027-12-31"), "到 + year end"),
    ("比2020年下降15%", 2025, Deadline(), "a base year is no deadline"),
    ("于2016年印发的规划继续实施", 2025, Deadline(), "于 + year dates a past event"),
    ("202425年，将灵活就业人员纳入职工医保，到2025年参保率达95%", 2024, Deadline(), "garbled year: no date trusted"),
    ("6月底前出台方案，11月30日前完成验收", 2022, date("11月30日前", "2022-11-30"), "latest"),
    ("十月底前完成", 2022, date("十月底前", "2022-10-31"), "Chinese month"),
    ("2023年1月起正式运行，2025年开展全覆盖", 2022, Deadline(), "narrative years"),
    ("每年至少专题研究1次医改工作", 2022, Deadline(), "每年 is no deadline"),
    ("三年内完成", 2022, Deadline(), "a duration"),
    ("去年底以来", 2022, Deadline(), "past"),
    ("确保完成全年目标任务", 2022, Deadline(), "全年"),
    ("物资储备经费纳入常年预算", 2020, Deadline(), "常年"),
    ("开展常态化价格监测", 2022, Deadline(), "ongoing words are no deadline in content"),
    ("年内建成5家老年医院", None, Deadline(text="年内"), "no year: unparsed"),
]


@pytest.mark.parametrize(("content", "year", "expected", "note"), CONTENT_CASES)
def test_it_finds_deadlines_in_content(content, year, expected, note):
    assert content_to_deadline(content, year) == expected, note


MONTH_CASES = [
    ((2022, 2), "2022-02-28", "February"),
    ((2024, 2), "2024-02-29", "leap February"),
    ((2020, 6), "2020-06-30", "June"),
    ((2020, 12), "2020-12-31", "December"),
]


@pytest.mark.parametrize(("args", "expected", "note"), MONTH_CASES)
def test_it_knows_month_ends(args, expected, note):
    assert month_end(*args) == expected, note


HEADER_CASES = [
    ("6月", 2020, "2020-06-30", "Arabic"),
    ("六月", 2020, "2020-06-30", "Chinese"),
    ("十二月份", 2020, "2020-12-31", "月份"),
    ("2021年1月", 2020, "2021-01-31", "own year wins"),
    (" 7 月 ", 2020, "2020-07-31", "spaces"),
    ("备注", 2020, None, "not a month"),
    ("13月", 2020, None, "no such month"),
]


@pytest.mark.parametrize(("header", "year", "expected", "note"), HEADER_CASES)
def test_it_reads_month_headers(header, year, expected, note):
    assert milestone_due(header, year) == expected, note


def gold_documents():
    return sorted(GOLD.glob("*.json")) if GOLD.exists() else []


def has_deadline_column(tasks):
    """A document whose stated deadlines all come from its content has no deadline column."""
    stated = [t for t in tasks if t["deadline"]["text"]]
    return any(t["deadline"]["text"] not in t["content"] for t in stated)


def document_year(document):
    period = document.get("period") or {}
    return int(period["start"][:4]) if period.get("start") else None


@pytest.mark.skipif(not gold_documents(), reason="../shared/gold not present beside the checkout")
def test_it_gets_every_gold_deadline_right():
    total, right, wrong = 0, 0, []
    for path in gold_documents():
        gold = json.loads(path.read_text(encoding="utf-8"))
        year = document_year(gold["document"])
        column = has_deadline_column(gold["tasks"])
        for task in gold["tasks"]:
            expected = Deadline(**task["deadline"])
            if column:
                got = text_to_deadline(expected.text, year)
            else:
                got = content_to_deadline(task["content"], year)
            total += 1
            right += got == expected
            if got != expected:
                wrong.append((path.stem[:3], task["seq"], expected, got))
    print(f"gold deadline accuracy: {right}/{total}")
    assert not wrong, wrong[:5]


DATE_CHARS = "0123456789年月日底前末内起至-—/.十一二三〇季度上下半期“”十四五每持续推进长期"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=DATE_CHARS, max_size=20), year=st.none() | st.integers(1990, 2040))
def test_it_never_raises_on_odd_cells(text, year):
    deadline = text_to_deadline(text, year)
    assert deadline.kind in {"date", "year", "range", "ongoing", "none"}
    assert content_to_deadline(text, year).kind in {"date", "year", "none"}


@pytest.mark.parametrize(
    ("text", "is_one"),
    [
        ("自信息形成或者变更之日起20个工作日内。", True),
        ("检查结束后10个工作日内", True),
        ("文件印发之日起7个工作日内", True),
        ("推进医共体建设", False),
        ("定点医药机构监督检查结果及处理情况。", False),
    ],
)
def test_a_time_limit_counted_from_an_event_reads_as_a_deadline_cell(text, is_one):
    from duban.extract.deadlines import is_deadline_phrase

    assert is_deadline_phrase(text) is is_one
