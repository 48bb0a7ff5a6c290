"""Cleaning of cell text: converter markup out, every other character kept as printed."""

import pytest

from duban.extract.text import squash, strip_markup


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>推进改革</p>", "推进改革"),
        ("推进<br/>改革", "推进改革"),
        ('<span style="x">推进改革</span>', "推进改革"),
        ("<P>推进<BR>改革</P>", "推进改革"),
    ],
)
def test_converter_markup_is_removed(raw, clean):
    assert squash(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "推进改革<script>alert(1)</script>",
        "床位数<1000张的医院",
        "<img src=x onerror=alert(1)>完善医保",
        "比例a<b时",
    ],
)
def test_other_angle_brackets_are_text(text):
    assert strip_markup(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("責(zé)任單位", "責任單位"),
        ("區(qū)衛(wèi)生健康局", "區衛生健康局"),
        ("新增床位(chuáng)200張", "新增床位200張"),
        ("推進（tuī）改革", "推進改革"),
    ],
)
def test_pinyin_a_page_prints_after_characters_is_removed(raw, clean):
    from duban.extract.text import strip_pinyin_notes

    assert strip_pinyin_notes(raw) == clean


@pytest.mark.parametrize("text", ["比例(a)项", "附件(pdf)", "市卫健委(牵头)", "办法(试行)", "5G(ok)"])
def test_brackets_that_are_not_pinyin_stay(text):
    from duban.extract.text import strip_pinyin_notes

    assert strip_pinyin_notes(text) == text


def test_a_traditional_table_with_pinyin_reads_as_printed(tmp_path):
    from duban.extract import extract_path

    path = tmp_path / "pinyin.txt"
    path.write_text(
        "序號(hào) | 工作任務(wù) | 責(zé)任單位 | 完成時(shí)限 |\n"
        "1 | 新增床位(chuáng)200張 | 縣衛生健康局、縣發(fā)改局 | 2024年12月底前 |\n"
        "2 | 建成社區醫(yī)院3個(gè) | 縣衛生健康局 | 2024年6月底前 |\n",
        encoding="utf-8",
    )
    tasks = extract_path(str(path)).tasks
    assert [t.content for t in tasks] == ["新增床位200張", "建成社區醫院3個"]
    assert tasks[0].lead_units == ["縣衛生健康局", "縣發改局"]
    assert [(i.value, i.unit) for i in tasks[1].indicators] == [(3, "個")]


def test_unit_names_keep_the_brackets_they_were_printed_with(tmp_path):
    from duban.extract import extract_path

    path = tmp_path / "brackets.txt"
    path.write_text(
        "1.推进政务公开标准化建设。(牵头单位:区政府办公室;责任单位:各街道(功能区))\n"
        "2.完善基层医疗服务体系。(牵头单位:区卫生健康局;责任单位:规划信息处（爱卫办）)\n",
        encoding="utf-8",
    )
    tasks = extract_path(str(path)).tasks
    assert tasks[0].participating_units == ["各街道(功能区)"]
    assert tasks[1].participating_units == ["规划信息处（爱卫办）"]
